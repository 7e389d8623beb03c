package dev.mip.eval;

import dev.mip.InvalidInputException;

/**
 * Evaluation settings.
 *
 * @param mcqScoring how multiple choice is scored (default {@link McqScoring#LIKELIHOOD})
 * @param batchSize sequences per forward pass (default 64)
 * @param maxNewTokens bound on generated tokens for generation and cloze (default 32)
 * @param maxQuestionsPerSlice evaluate at most this many questions per split x modality x task,
 *     chosen deterministically (the first in file order); 0 = all (default 0)
 */
public record EvalOptions(McqScoring mcqScoring, int batchSize, int maxNewTokens, int maxQuestionsPerSlice) {
    /** Validates. */
    public EvalOptions {
        if (batchSize < 1) {
            throw new InvalidInputException("eval.batchSize is " + batchSize + " but must be at least 1");
        }
        if (maxNewTokens < 1) {
            throw new InvalidInputException("eval.maxNewTokens is " + maxNewTokens + " but must be at least 1");
        }
        if (maxQuestionsPerSlice < 0) {
            throw new InvalidInputException("eval.maxQuestionsPerSlice is " + maxQuestionsPerSlice + " but must be at least 0 (0 = all)");
        }
    }

    /** @return the documented defaults */
    public static EvalOptions defaults() {
        return new EvalOptions(McqScoring.LIKELIHOOD, 64, 32, 0);
    }
}

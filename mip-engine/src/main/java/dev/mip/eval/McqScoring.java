package dev.mip.eval;

/** How a multiple-choice answer is read from the model. */
public enum McqScoring {
    /** The option whose text has the highest mean answer-token log-probability wins (default; deterministic, no parsing). */
    LIKELIHOOD,
    /** Greedy generation after an A/B/C/D prompt; the first option letter wins (MLLMU-Bench's protocol). */
    LETTER
}

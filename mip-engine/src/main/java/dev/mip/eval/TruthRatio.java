package dev.mip.eval;

/**
 * TOFU's truth ratio, formed from a multiple-choice question's options: how likely the model finds
 * the wrong answers relative to the right one,
 *
 * <pre>
 *   R = mean over wrong options w of  P(w | q)^(1/|w|) / P(c | q)^(1/|c|)
 *     = mean over w of  exp(meanLogP(w) - meanLogP(c))
 * </pre>
 *
 * with c the correct option and {@code meanLogP} the mean answer-token log-probability (the
 * length-normalised likelihood TOFU uses). TOFU compares paraphrased and perturbed answers; here the
 * correct option plays the paraphrase and the distractors (same-attribute answers of other profiles)
 * the perturbations. A model that knows the answer has R far below 1; one that never saw the person
 * has R near 1 (no preference). Forget quality is the Kolmogorov–Smirnov test between the unlearned
 * and the retain-only reference model's R over the forget questions ({@link KolmogorovSmirnov}).
 */
public final class TruthRatio {
    private TruthRatio() {}

    /**
     * @param meanLogLikelihoods each option's mean answer-token log-probability
     * @param correct index of the correct option
     * @return the truth ratio, or NaN with fewer than two options
     */
    public static double of(double[] meanLogLikelihoods, int correct) {
        if (meanLogLikelihoods.length < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < meanLogLikelihoods.length; i++) {
            if (i != correct) {
                sum += Math.exp(meanLogLikelihoods[i] - meanLogLikelihoods[correct]);
            }
        }
        return sum / (meanLogLikelihoods.length - 1);
    }
}

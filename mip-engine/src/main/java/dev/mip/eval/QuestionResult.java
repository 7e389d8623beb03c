package dev.mip.eval;

/**
 * The outcome of one question, for reports, debugging and the forget-quality test.
 *
 * @param id question id
 * @param metric the metric name it counts towards
 * @param score 1/0 for accuracy, F1 for ROUGE-L
 * @param prediction the chosen option or generated text
 * @param truthRatio for a multiple-choice question scored by likelihood, its truth ratio
 *     ({@link TruthRatio}); NaN otherwise
 */
public record QuestionResult(String id, String metric, double score, String prediction, double truthRatio) {
    /**
     * A question without a truth ratio.
     *
     * @param id question id
     * @param metric the metric name it counts towards
     * @param score the score
     * @param prediction the chosen option or generated text
     */
    public QuestionResult(String id, String metric, double score, String prediction) {
        this(id, metric, score, prediction, Double.NaN);
    }
}

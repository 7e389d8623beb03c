package dev.mip.eval;

/**
 * The outcome of one question, for reports and debugging.
 *
 * @param id question id
 * @param metric the metric name it counts towards
 * @param score 1/0 for accuracy, F1 for ROUGE-L
 * @param prediction the chosen option or generated text
 */
public record QuestionResult(String id, String metric, double score, String prediction) {}

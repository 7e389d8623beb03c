package dev.mip.data;

/**
 * One training example: the data a model was fine-tuned on, and what unlearning forgets or retains.
 *
 * @param subject profile id, or {@link Benchmark#WORLD}
 * @param modality image+text or text only
 * @param image the image for {@link Modality#IMAGE}, else null
 * @param question the question
 * @param answer the answer (the only tokens that carry loss)
 */
public record QaPair(String subject, Modality modality, ImageRef image, String question, String answer) {}

package dev.mip.model;

/**
 * One model input: an optional image, a question and an optional answer.
 *
 * @param pixels the preprocessed image ({@code [C*H*W]}, see {@link ImageProcessor}), or null for text-only
 * @param question the user's question
 * @param answer the answer whose tokens carry loss / are scored, or null (prompt only, e.g. generation)
 */
public record Example(float[] pixels, String question, String answer) {
    /** @return whether an image is attached */
    public boolean hasImage() {
        return pixels != null;
    }
}

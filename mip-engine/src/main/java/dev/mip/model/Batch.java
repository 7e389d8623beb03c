package dev.mip.model;

/**
 * A padded batch ready for the model, held as plain Java arrays (the forward pass turns them into
 * tensors inside the caller's scope, so a batch owns no native memory and needs no closing).
 *
 * <p>Positions run {@code b * length + t}. Image placeholders are already expanded: an image
 * contributes {@link LlavaConfig#imageTokensPerImage()} consecutive positions whose
 * {@link #imageRow} says which row of the flattened projected image features goes there.
 *
 * @param size number of sequences B
 * @param length padded length T
 * @param ids token ids {@code [B*T]} (padding uses the pad id; image positions the image token id)
 * @param mask 1 for real tokens, 0 for padding {@code [B*T]}
 * @param imageRow for image positions the feature row ({@code image * tokensPerImage + patch}), else -1 {@code [B*T]}
 * @param numImages number of images in the batch
 * @param pixels the images, concatenated in sample order {@code [numImages*C*H*W]}
 * @param imageOfSample the image index of each sample, or -1 {@code [B]}
 * @param targetPos for every answer token, the flat position whose output predicts it
 * @param targetIds the predicted token ids, parallel to {@code targetPos}
 * @param targetSample the sample each target belongs to, parallel to {@code targetPos}
 * @param leftPadded whether padding is on the left (generation) rather than the right
 */
public record Batch(int size, int length, long[] ids, int[] mask, int[] imageRow, int numImages, float[] pixels,
        int[] imageOfSample, int[] targetPos, long[] targetIds, int[] targetSample, boolean leftPadded) {

    /** @return number of answer tokens carrying loss */
    public int numTargets() {
        return targetPos.length;
    }

    /**
     * @param b sample
     * @return number of answer tokens of that sample
     */
    public int targetsOf(int b) {
        int n = 0;
        for (int s : targetSample) {
            if (s == b) {
                n++;
            }
        }
        return n;
    }

    /** @return number of non-padding tokens */
    public int realTokens() {
        int n = 0;
        for (int m : mask) {
            n += m;
        }
        return n;
    }

    /**
     * Position ids as the HF models compute them from the attention mask: the index among the
     * sample's real tokens (so left padding does not shift positions); 0 at padding.
     *
     * @return {@code [B*T]}
     */
    public long[] positionIds() {
        long[] pos = new long[size * length];
        for (int b = 0; b < size; b++) {
            long c = -1;
            for (int t = 0; t < length; t++) {
                c += mask[b * length + t];
                pos[b * length + t] = Math.max(c, 0);
            }
        }
        return pos;
    }
}

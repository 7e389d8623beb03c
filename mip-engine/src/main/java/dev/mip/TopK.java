package dev.mip;

import java.util.Arrays;

/**
 * The one top-k selection of the engine (path widths, a layer's path neurons, MANU's pruned
 * neurons): indices of the {@code k} highest scores, highest first, ties to the lower index, so a
 * selection is deterministic whatever the sort's stability. NaN counts as the highest score
 * ({@link Double#compare}).
 */
public final class TopK {
    private TopK() {}

    /**
     * @param scores the scores
     * @param k how many (more than {@code scores.length} selects all)
     * @return the indices of the {@code min(k, scores.length)} highest scores, highest first
     */
    public static int[] indices(double[] scores, int k) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(scores[b], scores[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[Math.max(0, Math.min(k, scores.length))];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}

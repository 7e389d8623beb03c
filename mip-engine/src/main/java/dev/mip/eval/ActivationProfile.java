package dev.mip.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.mip.data.QaPair;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.Mllm;
import dev.mip.model.ScaleHooks;
import dev.mip.model.Tower;
import dev.mip.data.PixelCache;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Per-sample FFN activations of a model on a fixed list of pairs: for every layer of both towers,
 * the intermediate activation averaged over the sample's tokens (patches for the vision tower).
 * Profiles of the vanilla and the unlearned model on the same pairs give the per-layer activation
 * change of the paper's Fig. 6 without holding both models in memory at once.
 */
public final class ActivationProfile {
    private final Map<Tower, float[][][]> acts; // tower -> [layer][sample][neuron] (null sample row: no image)

    private ActivationProfile(Map<Tower, float[][][]> acts) {
        this.acts = acts;
    }

    /**
     * @param c the model
     * @param pairs the samples (same list for both models)
     * @param batchSize sequences per forward pass
     * @return the profile
     */
    public static ActivationProfile collect(Checkpoint c, List<QaPair> pairs, int batchSize) {
        Map<Tower, float[][][]> acts = new EnumMap<>(Tower.class);
        acts.put(Tower.TEXT, new float[c.config().text().numLayers()][pairs.size()][]);
        acts.put(Tower.VISION, new float[c.config().lastVisionLayerUsed() + 1][pairs.size()][]);
        PixelCache px = new PixelCache(c.images());
        Mllm m = c.model();
        for (int from = 0; from < pairs.size(); from += batchSize) {
            List<QaPair> chunk = pairs.subList(from, Math.min(pairs.size(), from + batchSize));
            List<Example> ex = new ArrayList<>();
            for (QaPair q : chunk) {
                ex.add(new Example(px.pixels(q.image()), q.question(), q.answer()));
            }
            Batch b = c.batches().build(ex, false);
            final int base = from;
            try (NDScope s = new NDScope()) {
                float[] maskArr = new float[b.size() * b.length()];
                for (int i = 0; i < maskArr.length; i++) {
                    maskArr[i] = b.mask()[i];
                }
                NDArray mask = m.manager().create(maskArr, new Shape(b.size(), b.length(), 1)).toType(m.dtype(), true);
                NDArray len = mask.sum(new int[] {1});
                m.forward(b, m.weights(), ScaleHooks.NONE, new Mllm.Options(Integer.MAX_VALUE, (tower, layer, a) -> {
                    float[][][] t = acts.get(tower);
                    if (layer >= t.length) {
                        return;
                    }
                    NDArray z = tower == Tower.TEXT ? a.mul(mask).sum(new int[] {1}).div(len) : a.mean(new int[] {1});
                    int width = (int) z.getShape().get(1);
                    float[] v = z.toType(DataType.FLOAT32, false).toFloatArray();
                    int img = 0;
                    for (int i = 0; i < chunk.size(); i++) {
                        int row;
                        if (tower == Tower.TEXT) {
                            row = i;
                        } else if (b.imageOfSample()[i] >= 0) {
                            row = img++;
                        } else {
                            continue;
                        }
                        t[layer][base + i] = java.util.Arrays.copyOfRange(v, row * width, (row + 1) * width);
                    }
                }));
            }
        }
        return new ActivationProfile(acts);
    }

    /**
     * Mean absolute activation change per layer on a subset of the samples, relative to this
     * (vanilla) profile's mean absolute activation.
     *
     * @param unlearned the other model's profile on the same pairs
     * @param tower the branch
     * @param samples indices of the samples of the group
     * @return per layer the relative change, NaN where no sample of the group reaches the tower
     */
    public double[] relativeChange(ActivationProfile unlearned, Tower tower, List<Integer> samples) {
        float[][][] a = acts.get(tower);
        float[][][] b = unlearned.acts.get(tower);
        double[] out = new double[a.length];
        for (int l = 0; l < a.length; l++) {
            double diff = 0;
            double mag = 0;
            for (int s : samples) {
                if (a[l][s] == null) {
                    continue;
                }
                for (int i = 0; i < a[l][s].length; i++) {
                    diff += Math.abs(b[l][s][i] - a[l][s][i]);
                    mag += Math.abs(a[l][s][i]);
                }
            }
            out[l] = mag == 0 ? Double.NaN : diff / mag;
        }
        return out;
    }

    /** @return layers per tower */
    public Map<Tower, Integer> layers() {
        Map<Tower, Integer> m = new EnumMap<>(Tower.class);
        acts.forEach((t, a) -> m.put(t, a.length));
        return m;
    }
}

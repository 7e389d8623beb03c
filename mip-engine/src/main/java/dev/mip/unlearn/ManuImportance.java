package dev.mip.unlearn;

import dev.mip.TopK;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.mip.data.Modality;
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
 * MANU's neuron scores (Liu et al. 2025, "Modality-Aware Neuron Unlearning", Sec. 3). A sample's
 * activation {@code z} of a neuron is its FFN intermediate activation averaged over the sample's
 * tokens (image patches for the vision tower). On a dataset D split into image+text ("multi") and
 * text-only samples, four importance functions measure how differently the neuron behaves on the two
 * modalities, each normalised to [0, 1]:
 * <ul>
 *   <li>abs: {@code |m - t| / (m + t + eps)} with m, t the mean |z| per modality;</li>
 *   <li>freq: {@code |N_m - N_t| / (N_m + N_t)} with N the fraction of samples with |z| > tau;</li>
 *   <li>var: the same disparity of the per-modality variances of z;</li>
 *   <li>rms: the same disparity of the per-modality root mean squares of z;</li>
 * </ul>
 * I(D, n) = abs + freq + var + rms, and the score is S_n = I(D_forget, n) / (I(D_retain, n) + eps).
 * MANU prunes the top alpha% of all scores. (The paper's formulas are normalised disparities; where
 * its text leaves the exact normalisation open we use {@code |x - y| / (x + y + eps)} throughout.)
 * A modality without samples counts as all-zero activations (vision neurons never see text-only inputs).
 */
public final class ManuImportance {
    /** Stabiliser of every ratio. */
    public static final double EPS = 1e-8;

    private final Map<Tower, double[][]> scores;

    private ManuImportance(Map<Tower, double[][]> scores) {
        this.scores = scores;
    }

    /** Per-neuron statistics of one modality subset: sums over samples. */
    static final class Stats {
        long n;
        double[] sumAbs;
        double[] sum;
        double[] sumSq;
        double[] active;

        Stats(int neurons) {
            sumAbs = new double[neurons];
            sum = new double[neurons];
            sumSq = new double[neurons];
            active = new double[neurons];
        }

        void add(float[] z, int row, int neurons, double tau) {
            n++;
            for (int i = 0; i < neurons; i++) {
                double v = z[row * neurons + i];
                sumAbs[i] += Math.abs(v);
                sum[i] += v;
                sumSq[i] += v * v;
                if (Math.abs(v) > tau) {
                    active[i]++;
                }
            }
        }
    }

    /**
     * The four importance functions and their sum for one neuron, from per-sample activations.
     *
     * @param multi activations on image+text samples
     * @param text activations on text-only samples
     * @param tau activity threshold of the frequency function
     * @return {abs, freq, var, rms, total}
     */
    public static double[] importance(double[] multi, double[] text, double tau) {
        Stats m = new Stats(1);
        Stats t = new Stats(1);
        for (double v : multi) {
            m.add(new float[] {(float) v}, 0, 1, tau);
        }
        for (double v : text) {
            t.add(new float[] {(float) v}, 0, 1, tau);
        }
        return importance(m, t, 0);
    }

    static double[] importance(Stats m, Stats t, int i) {
        double mAbs = mean(m.sumAbs[i], m.n);
        double tAbs = mean(t.sumAbs[i], t.n);
        double mFreq = mean(m.active[i], m.n);
        double tFreq = mean(t.active[i], t.n);
        double mVar = mean(m.sumSq[i], m.n) - Math.pow(mean(m.sum[i], m.n), 2);
        double tVar = mean(t.sumSq[i], t.n) - Math.pow(mean(t.sum[i], t.n), 2);
        double mRms = Math.sqrt(mean(m.sumSq[i], m.n));
        double tRms = Math.sqrt(mean(t.sumSq[i], t.n));
        double abs = disparity(mAbs, tAbs);
        double freq = mFreq + tFreq == 0 ? 0 : Math.abs(mFreq - tFreq) / (mFreq + tFreq);
        double var = disparity(Math.max(0, mVar), Math.max(0, tVar));
        double rms = disparity(mRms, tRms);
        return new double[] {abs, freq, var, rms, abs + freq + var + rms};
    }

    private static double disparity(double x, double y) {
        return Math.abs(x - y) / (x + y + EPS);
    }

    private static double mean(double sum, long n) {
        return n == 0 ? 0 : sum / n;
    }

    /**
     * Collects activations on the forget and retain pairs and scores every neuron of both towers.
     *
     * @param c the model
     * @param forget forget pairs
     * @param retain retain pairs
     * @param tau activity threshold (default 0.01)
     * @param batchSize sequences per forward pass
     * @return the scores
     */
    public static ManuImportance compute(Checkpoint c, List<QaPair> forget, List<QaPair> retain, double tau, int batchSize) {
        Map<Tower, Stats[][]> f = collect(c, forget, tau, batchSize);
        Map<Tower, Stats[][]> r = collect(c, retain, tau, batchSize);
        Map<Tower, double[][]> scores = new EnumMap<>(Tower.class);
        for (Tower t : Tower.values()) {
            Stats[][] fs = f.get(t);
            Stats[][] rs = r.get(t);
            double[][] s = new double[fs.length][];
            for (int l = 0; l < fs.length; l++) {
                int neurons = fs[l][0].sum.length;
                s[l] = new double[neurons];
                for (int i = 0; i < neurons; i++) {
                    double iForget = importance(fs[l][0], fs[l][1], i)[4];
                    double iRetain = importance(rs[l][0], rs[l][1], i)[4];
                    s[l][i] = iForget / (iRetain + EPS);
                }
            }
            scores.put(t, s);
        }
        return new ManuImportance(scores);
    }

    /** Per tower, per layer: [multi stats, text stats]. */
    private static Map<Tower, Stats[][]> collect(Checkpoint c, List<QaPair> pairs, double tau, int batchSize) {
        Map<Tower, Stats[][]> out = new EnumMap<>(Tower.class);
        int vLayers = c.config().lastVisionLayerUsed() + 1;
        int tLayers = c.config().text().numLayers();
        out.put(Tower.VISION, newStats(vLayers, c.config().vision().intermediateSize()));
        out.put(Tower.TEXT, newStats(tLayers, c.config().text().intermediateSize()));
        PixelCache px = new PixelCache(c.images());
        Mllm m = c.model();
        for (int start = 0; start < pairs.size(); start += batchSize) {
            List<QaPair> chunk = pairs.subList(start, Math.min(pairs.size(), start + batchSize));
            List<Example> ex = new ArrayList<>();
            for (QaPair q : chunk) {
                ex.add(new Example(px.pixels(q.image()), q.question(), q.answer()));
            }
            Batch b = c.batches().build(ex, false);
            try (NDScope s = new NDScope()) {
                float[] maskArr = new float[b.size() * b.length()];
                for (int i = 0; i < maskArr.length; i++) {
                    maskArr[i] = b.mask()[i];
                }
                NDArray mask = m.manager().create(maskArr, new Shape(b.size(), b.length(), 1)).toType(m.dtype(), true);
                NDArray lengths = mask.sum(new int[] {1});
                m.forward(b, m.weights(), ScaleHooks.NONE, new Mllm.Options(Integer.MAX_VALUE, (tower, layer, act) -> {
                    Stats[][] st = out.get(tower);
                    if (layer >= st.length) {
                        return;
                    }
                    NDArray z = tower == Tower.TEXT ? act.mul(mask).sum(new int[] {1}).div(lengths) : act.mean(new int[] {1});
                    float[] v = z.toType(DataType.FLOAT32, false).toFloatArray();
                    int neurons = st[layer][0].sum.length;
                    if (tower == Tower.TEXT) {
                        for (int row = 0; row < chunk.size(); row++) {
                            st[layer][chunk.get(row).modality() == Modality.IMAGE ? 0 : 1].add(v, row, neurons, tau);
                        }
                    } else {
                        for (int row = 0; row < (int) z.getShape().get(0); row++) {
                            st[layer][0].add(v, row, neurons, tau); // vision activations exist only for image samples
                        }
                    }
                }));
            }
        }
        return out;
    }

    private static Stats[][] newStats(int layers, int neurons) {
        Stats[][] s = new Stats[layers][2];
        for (int l = 0; l < layers; l++) {
            s[l][0] = new Stats(neurons);
            s[l][1] = new Stats(neurons);
        }
        return s;
    }

    /**
     * @param tower branch
     * @param layer layer
     * @return S_n of every neuron of the layer
     */
    public double[] scores(Tower tower, int layer) {
        return scores.get(tower)[layer].clone();
    }

    /** @return layers scored per tower */
    public Map<Tower, Integer> layers() {
        Map<Tower, Integer> m = new EnumMap<>(Tower.class);
        scores.forEach((t, s) -> m.put(t, s.length));
        return m;
    }

    /**
     * @param tower branch
     * @param layer layer
     * @param k how many
     * @return the k highest-scoring neurons of the layer
     */
    public int[] topPerLayer(Tower tower, int layer, int k) {
        double[] s = scores.get(tower)[layer];
        return TopK.indices(s, k);
    }

    /**
     * MANU's selection: the top {@code alpha} fraction of all neurons of both towers by score.
     *
     * @param alpha fraction in (0, 1]
     * @return per tower, per layer, the selected neurons
     */
    public Map<Tower, int[][]> topFraction(double alpha) {
        List<long[]> all = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        for (Tower t : Tower.values()) {
            double[][] s = scores.get(t);
            for (int l = 0; l < s.length; l++) {
                for (int i = 0; i < s[l].length; i++) {
                    all.add(new long[] {t.ordinal(), l, i});
                    vals.add(s[l][i]);
                }
            }
        }
        int n = (int) Math.round(alpha * all.size());
        int[] idx = TopK.indices(vals.stream().mapToDouble(Double::doubleValue).toArray(), n);
        Map<Tower, List<List<Integer>>> chosen = new EnumMap<>(Tower.class);
        for (Tower t : Tower.values()) {
            List<List<Integer>> per = new ArrayList<>();
            for (int l = 0; l < scores.get(t).length; l++) {
                per.add(new ArrayList<>());
            }
            chosen.put(t, per);
        }
        for (int j = 0; j < n; j++) {
            long[] a = all.get(idx[j]);
            chosen.get(Tower.values()[(int) a[0]]).get((int) a[1]).add((int) a[2]);
        }
        Map<Tower, int[][]> out = new EnumMap<>(Tower.class);
        chosen.forEach((t, per) -> out.put(t, per.stream().map(l -> l.stream().mapToInt(Integer::intValue).sorted().toArray())
                .toArray(int[][]::new)));
        return out;
    }
}

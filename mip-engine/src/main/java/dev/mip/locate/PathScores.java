package dev.mip.locate;

import dev.mip.model.Tower;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Aggregated neuron scores of one branch over the forget samples seen so far: per layer, the sum of
 * each sample's scores divided by that sample's largest absolute score in the layer, and how many
 * samples put each neuron on their path.
 *
 * <p>Sums are kept in fixed point (units of 2^-40) as longs. Integer addition is associative, so the
 * sum over a forget set does not depend on the order samples are added in, and shards computed
 * separately merge into exactly the single-run result.
 */
public final class PathScores {
    /** Fixed-point scale of the sums. */
    public static final double UNIT = 0x1p40;

    private final Tower tower;
    private final long[][] sums;
    private final long[][] counts;
    private long samples;

    /**
     * @param tower the branch
     * @param layers number of layers scored
     * @param neurons neurons per layer
     */
    public PathScores(Tower tower, int layers, int neurons) {
        this.tower = tower;
        this.sums = new long[layers][neurons];
        this.counts = new long[layers][neurons];
    }

    PathScores(Tower tower, long samples, long[][] sums, long[][] counts) {
        this.tower = tower;
        this.samples = samples;
        this.sums = sums;
        this.counts = counts;
    }

    /** @return the branch */
    public Tower tower() {
        return tower;
    }

    /** @return number of layers */
    public int layers() {
        return sums.length;
    }

    /** @return neurons per layer */
    public int neurons() {
        return sums.length == 0 ? 0 : sums[0].length;
    }

    /** @return samples aggregated */
    public long samples() {
        return samples;
    }

    /**
     * Adds one sample's scores of one layer.
     *
     * @param layer the layer
     * @param scores the sample's score of every neuron
     * @param path the neurons the sample's path keeps in this layer
     */
    void add(int layer, double[] scores, int[] path) {
        double max = 0;
        for (double s : scores) {
            max = Math.max(max, Math.abs(s));
        }
        if (max > 0) {
            for (int i = 0; i < scores.length; i++) {
                sums[layer][i] += Math.round(scores[i] / max * UNIT);
            }
        }
        for (int i : path) {
            counts[layer][i]++;
        }
    }

    /** Counts one more sample (call once per sample, after its layers). */
    void countSample() {
        samples++;
    }

    /**
     * @param other scores of other samples of the same branch and shape
     */
    void merge(PathScores other) {
        if (other.tower != tower || other.layers() != layers() || other.neurons() != neurons()) {
            throw new IllegalArgumentException("cannot merge scores of different shapes");
        }
        for (int l = 0; l < layers(); l++) {
            for (int i = 0; i < neurons(); i++) {
                sums[l][i] += other.sums[l][i];
                counts[l][i] += other.counts[l][i];
            }
        }
        samples += other.samples;
    }

    /**
     * @param layer a layer
     * @return the aggregated score of each neuron (sum of normalised per-sample scores)
     */
    public double[] sum(int layer) {
        double[] out = new double[neurons()];
        for (int i = 0; i < out.length; i++) {
            out[i] = sums[layer][i] / UNIT;
        }
        return out;
    }

    long[] rawSum(int layer) {
        return sums[layer].clone();
    }

    /**
     * @param layer a layer
     * @return how many samples put each neuron on their path
     */
    public long[] counts(int layer) {
        return counts[layer].clone();
    }

    /**
     * The forget-set path of a layer.
     *
     * @param layer the layer
     * @param k neurons per layer ({@link Aggregation#SUM}); ignored by UNION, which returns every
     *     neuron some sample chose
     * @param aggregation how to choose
     * @return neuron indices, most influential first
     */
    public int[] select(int layer, int k, LocateSettings.Aggregation aggregation) {
        long[] s = sums[layer];
        long[] c = counts[layer];
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            if (aggregation == LocateSettings.Aggregation.SUM || c[i] > 0) {
                idx.add(i);
            }
        }
        Comparator<Integer> bySum = Comparator.comparingLong((Integer i) -> s[i]).reversed();
        Comparator<Integer> order = aggregation == LocateSettings.Aggregation.SUM ? bySum
                : Comparator.comparingLong((Integer i) -> c[i]).reversed().thenComparing(bySum);
        idx.sort(order.thenComparingInt(i -> i));
        int n = aggregation == LocateSettings.Aggregation.SUM ? Math.min(k, idx.size()) : idx.size();
        return idx.subList(0, n).stream().mapToInt(Integer::intValue).toArray();
    }
}

package dev.mip.locate;

import dev.mip.InvalidInputException;
import java.util.Locale;

/**
 * Settings of influential-path location (docs/method.md, stage 1).
 *
 * @param mode {@link Mode#EXACT} (Algorithm 1, one pass per layer per sample; default) or
 *     {@link Mode#JOINT} (one pass per sample, all layers scaled together; ~L times fewer passes)
 * @param steps Riemann steps m of the integral (default 8): copy k of a sample is scaled by k/m
 * @param pathWidth neurons per layer a sample's greedy path keeps (default 8): they are scaled with
 *     the candidates of later layers
 * @param neuronsPerLayer neurons per layer of the forget-set path, chosen from the aggregated
 *     scores (default 128); can be changed later without recomputing (the artifact stores all scores)
 * @param aggregation {@link Aggregation#SUM} of per-sample normalised scores (default) or
 *     {@link Aggregation#UNION} of per-sample paths
 * @param samplesPerBatch samples whose m copies share one forward+backward (default 4)
 * @param shardIndex this run's shard, 0-based (default 0)
 * @param shardCount number of shards the forget set is split into (default 1)
 * @param stepsPerPass scaled copies (Riemann steps) of each sample per forward+backward pass; 0 (default)
 *     = all m in one pass. Fewer split a sample's m copies over ceil(m / stepsPerPass) passes: the same
 *     scores (up to float rounding of the batched kernels) with activation memory divided accordingly,
 *     for large images (an image sample's m copies of ~600 tokens at 7B widths)
 */
public record LocateSettings(Mode mode, int steps, int pathWidth, int neuronsPerLayer, Aggregation aggregation,
        int samplesPerBatch, int shardIndex, int shardCount, int stepsPerPass) {

    /** Settings with all m copies of a sample in one pass ({@code stepsPerPass} 0). */
    public LocateSettings(Mode mode, int steps, int pathWidth, int neuronsPerLayer, Aggregation aggregation,
            int samplesPerBatch, int shardIndex, int shardCount) {
        this(mode, steps, pathWidth, neuronsPerLayer, aggregation, samplesPerBatch, shardIndex, shardCount, 0);
    }

    /** Location algorithm. */
    public enum Mode {
        /** Greedy layer by layer, earlier path neurons scaled with each layer's candidates. */
        EXACT,
        /** All neurons of the branch scaled together in one pass per sample (ours, beyond the paper). */
        JOINT;

        /** @return lower-case name */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How per-sample scores become the forget-set path. */
    public enum Aggregation {
        /** Top-K by the sum over samples of each sample's scores divided by its layer maximum. */
        SUM,
        /** Every neuron on some sample's path, ordered by how many samples chose it. */
        UNION;

        /** @return lower-case name */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Validates. */
    public LocateSettings {
        check(steps >= 1 && steps <= 256, "steps", steps, "between 1 and 256");
        check(pathWidth >= 1, "pathWidth", pathWidth, "at least 1");
        check(neuronsPerLayer >= 1, "neuronsPerLayer", neuronsPerLayer, "at least 1");
        check(samplesPerBatch >= 1, "samplesPerBatch", samplesPerBatch, "at least 1");
        check(shardCount >= 1, "shardCount", shardCount, "at least 1");
        check(shardIndex >= 0 && shardIndex < shardCount, "shardIndex", shardIndex, "in [0, shardCount)");
        check(stepsPerPass >= 0, "stepsPerPass", stepsPerPass, "at least 0 (0 = all steps in one pass)");
    }

    /** @return the scaled copies of a sample per pass: {@code stepsPerPass}, or all m when it is 0 or above m */
    public int copiesPerPass() {
        return stepsPerPass == 0 ? steps : Math.min(steps, stepsPerPass);
    }

    /** @return the documented defaults */
    public static LocateSettings defaults() {
        return new LocateSettings(Mode.EXACT, 8, 8, 128, Aggregation.SUM, 4, 0, 1);
    }

    /**
     * @param k neurons per layer
     * @return a copy with another K
     */
    public LocateSettings withNeuronsPerLayer(int k) {
        return new LocateSettings(mode, steps, pathWidth, k, aggregation, samplesPerBatch, shardIndex, shardCount, stepsPerPass);
    }

    /**
     * @param index shard index
     * @param count shard count
     * @return a copy computing one shard
     */
    public LocateSettings withShard(int index, int count) {
        return new LocateSettings(mode, steps, pathWidth, neuronsPerLayer, aggregation, samplesPerBatch, index, count, stepsPerPass);
    }

    /**
     * @param m mode
     * @return a copy with another mode
     */
    public LocateSettings withMode(Mode m) {
        return new LocateSettings(m, steps, pathWidth, neuronsPerLayer, aggregation, samplesPerBatch, shardIndex, shardCount, stepsPerPass);
    }

    /**
     * @param c scaled copies of a sample per pass (0 = all)
     * @return a copy splitting the m copies into passes of {@code c}
     */
    public LocateSettings withStepsPerPass(int c) {
        return new LocateSettings(mode, steps, pathWidth, neuronsPerLayer, aggregation, samplesPerBatch, shardIndex, shardCount, c);
    }

    private static void check(boolean ok, String field, int value, String expected) {
        if (!ok) {
            throw new InvalidInputException("locate." + field + " is " + value + " but must be " + expected);
        }
    }
}

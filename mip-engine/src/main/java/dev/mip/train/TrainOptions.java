package dev.mip.train;

import dev.mip.InvalidInputException;

/**
 * Settings of vanilla fine-tuning (answer-only loss, Adam).
 *
 * @param epochs passes over the training data (default 40)
 * @param batchSize sequences per step (default 32)
 * @param learningRate peak learning rate (default 1e-3)
 * @param warmupFraction fraction of steps with linear warm-up from 0 (default 0.05)
 * @param minLrRatio the learning rate decays by cosine to this fraction of the peak (default 0.1)
 * @param weightDecay decoupled weight decay (default 0.01)
 * @param clipNorm global gradient-norm clipping threshold (default 1.0; 0 disables)
 * @param augment apply random mild image alterations (shift, mirror, relight, noise) each epoch (default true)
 * @param seed seed of shuffling and augmentation (default 42)
 */
public record TrainOptions(int epochs, int batchSize, double learningRate, double warmupFraction, double minLrRatio,
        double weightDecay, double clipNorm, boolean augment, long seed) {

    /** Validates every field. */
    public TrainOptions {
        check(epochs >= 1, "epochs", epochs, "at least 1");
        check(batchSize >= 1, "batchSize", batchSize, "at least 1");
        check(learningRate > 0 && learningRate < 1, "learningRate", learningRate, "in (0, 1)");
        check(warmupFraction >= 0 && warmupFraction < 1, "warmupFraction", warmupFraction, "in [0, 1)");
        check(minLrRatio >= 0 && minLrRatio <= 1, "minLrRatio", minLrRatio, "in [0, 1]");
        check(weightDecay >= 0, "weightDecay", weightDecay, "at least 0");
        check(clipNorm >= 0, "clipNorm", clipNorm, "at least 0 (0 disables)");
    }

    /** @return the defaults documented on each field */
    public static TrainOptions defaults() {
        return new TrainOptions(40, 32, 1e-3, 0.05, 0.1, 0.01, 1.0, true, 42);
    }

    /**
     * Learning rate at a step: linear warm-up, then cosine decay to {@code minLrRatio * peak}.
     *
     * @param step 0-based step
     * @param totalSteps steps in the run
     * @return the learning rate
     */
    public double learningRateAt(long step, long totalSteps) {
        long warm = Math.round(warmupFraction * totalSteps);
        if (step < warm) {
            return learningRate * (step + 1) / warm;
        }
        double progress = totalSteps <= warm ? 1 : (double) (step - warm) / Math.max(1, totalSteps - warm);
        double cos = 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
        return learningRate * (minLrRatio + (1 - minLrRatio) * cos);
    }

    private static void check(boolean ok, String field, Object value, String expected) {
        if (!ok) {
            throw new InvalidInputException("train." + field + " is " + value + " but must be " + expected);
        }
    }
}

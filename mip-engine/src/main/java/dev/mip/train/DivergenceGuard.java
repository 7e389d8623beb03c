package dev.mip.train;

import dev.mip.InvalidInputException;

/**
 * Stops a training run whose loss is NaN or infinite, or explodes: more than {@code factor} times
 * the mean of the first {@code warmup} losses (and above {@code floor}, so that a loss near zero
 * that doubles does not count). Explosion is only judged after the warm-up window.
 *
 * <p>Divergence is reported as an {@link InvalidInputException}: the settings (learning rate,
 * epochs, loss weights) are the input that made it diverge, and the message names the one to change;
 * the command line exits with 2, not with the internal-error code.
 */
public final class DivergenceGuard {
    private final String what;
    private final double factor;
    private final double floor;
    private final int warmup;
    private double sum;
    private int seen;

    /**
     * @param what the run, for the message (e.g. {@code Training})
     * @param factor explosion factor over the early mean (e.g. 20)
     * @param floor losses at or below this never count as exploding
     * @param warmup number of first losses forming the reference
     */
    public DivergenceGuard(String what, double factor, double floor, int warmup) {
        this.what = what;
        this.factor = factor;
        this.floor = floor;
        this.warmup = warmup;
    }

    /** @param what the run, for the message; factor 20, floor 50, warm-up 10 steps */
    public DivergenceGuard(String what) {
        this(what, 20, 50, 10);
    }

    /**
     * @param loss the step's loss
     * @param where e.g. {@code epoch 3, step 120}
     * @param fix what to change, e.g. {@code lower the learning rate (now 1e-3)}
     */
    public void check(double loss, String where, String fix) {
        if (!Double.isFinite(loss)) {
            throw new InvalidInputException(what + " diverged: the loss is " + loss + " at " + where + ". " + fix + "; no output was written");
        }
        if (seen < warmup) {
            sum += loss;
            seen++;
            return;
        }
        double ref = Math.abs(sum / seen);
        if (Math.abs(loss) > floor && Math.abs(loss) > factor * ref) {
            throw new InvalidInputException(what + " diverged: the loss exploded to " + loss + " at " + where + " (early mean " + ref
                    + "). " + fix + "; no output was written");
        }
    }
}

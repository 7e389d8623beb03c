package dev.mip.unlearn;

import dev.mip.InvalidInputException;
import dev.mip.locate.InfluentialPaths;

/**
 * Settings of MANU ({@code unlearn.manu.*}).
 *
 * @param alpha fraction of all FFN neurons of both towers pruned, in (0, 1] (MANU's pruning rate;
 *     the paper uses 2-10%; default 0.05)
 * @param tau activity threshold of the frequency importance: a neuron is active on a sample when
 *     its activation magnitude exceeds tau (default 0.01)
 */
public record ManuSettings(double alpha, double tau) implements MethodSettings {
    /** Default pruning rate α: 5% of the neurons, inside the paper's 2-10%. */
    public static final double DEFAULT_ALPHA = 0.05;

    /** Default activity threshold τ. */
    public static final double DEFAULT_TAU = 0.01;

    /** Validates. */
    public ManuSettings {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new InvalidInputException("unlearn.manu.alpha is " + alpha + " but must be in (0, 1]");
        }
        if (!(tau >= 0)) {
            throw new InvalidInputException("unlearn.manu.tau is " + tau + " but must be at least 0");
        }
    }

    /** @return the defaults */
    public static ManuSettings defaults() {
        return new ManuSettings(DEFAULT_ALPHA, DEFAULT_TAU);
    }

    @Override
    public Method method() {
        return Method.MANU;
    }

    @Override
    public UnlearningMethod create(InfluentialPaths paths) {
        return new ManuPruning(this);
    }
}

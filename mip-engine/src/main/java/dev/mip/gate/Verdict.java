package dev.mip.gate;

import java.util.Collection;

/**
 * The outcome of one check, and of the whole gate. Declared from best to worst, so the overall
 * verdict is the maximum by {@link #compareTo}: {@code ERROR > FAIL > INCONCLUSIVE > WARN > PASS}.
 */
public enum Verdict {
    /** Every bound holds. */
    PASS,
    /** A bound of a {@link Severity#WARN} rule is violated, or a check could not be evaluated under {@link OnMissing#WARN}. */
    WARN,
    /**
     * Decided with confidence, the metric's 95% interval straddles a bound: the data cannot tell.
     * Whether the build goes on is the rule's {@link InconclusivePolicy}.
     */
    INCONCLUSIVE,
    /** A bound of a {@link Severity#ERROR} rule is violated. */
    FAIL,
    /** The check could not be evaluated (missing or empty metric, too few questions, missing or zero baseline). */
    ERROR;

    /**
     * @param other another verdict
     * @return the worse of the two
     */
    public Verdict worst(Verdict other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /**
     * @param verdicts any number of verdicts
     * @return the worst of them; {@link #PASS} when there are none
     */
    public static Verdict worstOf(Collection<Verdict> verdicts) {
        Verdict w = PASS;
        for (Verdict v : verdicts) {
            w = w.worst(v);
        }
        return w;
    }

    /** @return whether this verdict never stops a build by itself: {@link #PASS} or {@link #WARN} */
    public boolean passes() {
        return this == PASS || this == WARN;
    }
}

package dev.mip.gate;

/**
 * The gate-wide settings every rule falls back to ({@code gate.onMissing}, {@code gate.decide},
 * {@code gate.inconclusive}, {@code gate.minCount}).
 *
 * @param onMissing what a check that cannot be evaluated does (default ERROR)
 * @param decide how rules decide unless they say otherwise (default POINT)
 * @param inconclusive what an inconclusive check does unless its rule says otherwise (default FAIL)
 * @param minCount fewest questions a metric may rest on unless its rule says otherwise (default 1);
 *     fewer is an {@link Verdict#ERROR}, never a pass
 */
public record GatePolicy(OnMissing onMissing, Decision decide, InconclusivePolicy inconclusive, int minCount) {
    /** Fills the defaults for null fields. */
    public GatePolicy {
        onMissing = onMissing == null ? OnMissing.ERROR : onMissing;
        decide = decide == null ? Decision.POINT : decide;
        inconclusive = inconclusive == null ? InconclusivePolicy.FAIL : inconclusive;
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be at least 1, got " + minCount);
        }
    }

    /**
     * @param onMissing what a check that cannot be evaluated does
     * @return that policy with point decisions, inconclusive = fail and no minimum count
     */
    public static GatePolicy of(OnMissing onMissing) {
        return new GatePolicy(onMissing, Decision.POINT, InconclusivePolicy.FAIL, 1);
    }
}

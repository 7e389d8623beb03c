package dev.mip.gate;

import java.util.Locale;

/**
 * How a rule decides ({@code decide:} in the configuration, per rule or for the whole gate).
 */
public enum Decision {
    /** The default (the gate's behaviour before intervals): the point estimate against the bound. */
    POINT,
    /**
     * With confidence: PASS only when the whole 95% interval satisfies the bound, FAIL only when it
     * lies wholly outside, {@link Verdict#INCONCLUSIVE} otherwise (what happens then is the
     * {@link InconclusivePolicy}). A metric without an interval (a test's p-value, a ratio) is
     * decided on its value.
     */
    CONFIDENCE;

    /** @return the lower-case name used in configuration files and reports */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

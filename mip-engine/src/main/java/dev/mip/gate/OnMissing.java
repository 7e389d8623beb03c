package dev.mip.gate;

import java.util.Locale;

/**
 * What a check that cannot be evaluated does to the gate ({@code onMissing:} in the configuration):
 * a rule whose glob matches no measured metric, a metric computed over 0 questions (an empty slice)
 * or not a number, or a bound relative to the vanilla model when the vanilla value is missing.
 * It does not cover a vanilla value of 0 under a relative bound: that is always an
 * {@link Verdict#ERROR}, because the bound itself is meaningless there.
 */
public enum OnMissing {
    /** The default: the check is an {@link Verdict#ERROR} ("could not evaluate" is never a pass). */
    ERROR,
    /** The check is a {@link Verdict#WARN}. */
    WARN,
    /** No check is recorded at all; use only for rules that are meant to apply to some data sets only. */
    IGNORE;

    /** @return the lower-case name used in configuration files and reports */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the verdict of a check that cannot be evaluated, or null when it is dropped */
    Verdict verdict() {
        return switch (this) {
            case ERROR -> Verdict.ERROR;
            case WARN -> Verdict.WARN;
            case IGNORE -> null;
        };
    }
}

package dev.mip.gate;

import java.util.Locale;

/** What a violated bound of a rule does to the gate ({@code severity:} in the configuration). */
public enum Severity {
    /** The default: a violated bound is a {@link Verdict#FAIL} and fails the gate. */
    ERROR,
    /** A violated bound is a {@link Verdict#WARN}: reported everywhere, but the gate still passes. */
    WARN;

    /** @return the lower-case name used in configuration files and reports ({@code error}, {@code warn}) */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the verdict of a check that violates a bound of a rule with this severity */
    Verdict violation() {
        return this == ERROR ? Verdict.FAIL : Verdict.WARN;
    }
}

package dev.mip.gate;

import java.util.Locale;

/**
 * What an {@link Verdict#INCONCLUSIVE} check (its interval straddles a bound) does to the build
 * ({@code inconclusive:} in the configuration, per rule or for the whole gate).
 */
public enum InconclusivePolicy {
    /** The default: the build fails; a release needs evidence, not the absence of counter-evidence. */
    FAIL,
    /** The build goes on; the check is reported as inconclusive everywhere. */
    WARN;

    /** @return the lower-case name used in configuration files and reports */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.mip.gate;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of the whole gate.
 *
 * @param checks every check, passes included, in rule order and then by metric name
 * @param overall the worst verdict of all checks ({@link Verdict#PASS} when there are none)
 */
public record GateResult(List<GateCheck> checks, Verdict overall) {
    /** Immutable copy; requires both fields. */
    public GateResult {
        checks = List.copyOf(checks);
        Objects.requireNonNull(overall, "overall");
    }

    /**
     * @param checks checks in their final order
     * @return the result with the worst verdict of the checks as overall verdict
     */
    public static GateResult of(List<GateCheck> checks) {
        return new GateResult(checks, Verdict.worstOf(checks.stream().map(GateCheck::verdict).toList()));
    }

    /** @return the checks that did not pass (warnings included), in order */
    public List<GateCheck> violations() {
        return checks.stream().filter(c -> c.verdict() != Verdict.PASS).toList();
    }

    /**
     * @return whether a build may go on: no check failed or could not be evaluated, and no
     *     inconclusive check is under {@link InconclusivePolicy#FAIL}
     */
    public boolean passes() {
        return checks.stream().noneMatch(GateCheck::blocking) && overall != Verdict.ERROR && overall != Verdict.FAIL;
    }

    /**
     * @return one line, e.g. {@code gate FAILED: 2 of 9 checks failed, 1 warning},
     *     {@code gate FAILED: 7 of 9 checks passed, 2 inconclusive} or {@code gate PASSED: 9 of 9 checks passed}
     */
    public String summary() {
        int n = checks.size();
        String ofN = " of " + n + (n == 1 ? " check " : " checks ");
        int failed = count(Verdict.FAIL);
        int errors = count(Verdict.ERROR);
        int warnings = count(Verdict.WARN);
        int inconclusive = count(Verdict.INCONCLUSIVE);
        StringBuilder sb = new StringBuilder("gate ").append(passes() ? "PASSED: " : "FAILED: ");
        if (failed + errors == 0 && inconclusive > 0) {
            sb.append(count(Verdict.PASS)).append(ofN).append("passed, ").append(inconclusive).append(" inconclusive")
                    .append(passes() ? " (allowed: inconclusive = warn)" : "");
        } else if (failed + errors == 0) {
            sb.append(n == 0 ? "no checks" : count(Verdict.PASS) + ofN + "passed");
        } else if (failed > 0) {
            sb.append(failed).append(ofN).append("failed").append(errors > 0 ? ", " + errors + " could not be evaluated" : "")
                    .append(inconclusive > 0 ? ", " + inconclusive + " inconclusive" : "");
        } else {
            sb.append(errors).append(ofN).append("could not be evaluated")
                    .append(inconclusive > 0 ? ", " + inconclusive + " inconclusive" : "");
        }
        return sb.append(warnings == 0 ? "" : ", " + warnings + (warnings == 1 ? " warning" : " warnings")).toString();
    }

    /**
     * @param v a verdict
     * @return how many checks have it
     */
    public int count(Verdict v) {
        return (int) checks.stream().filter(c -> c.verdict() == v).count();
    }
}

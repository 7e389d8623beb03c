package dev.mip.gate;

import dev.mip.eval.Metric;
import dev.mip.eval.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks gate rules against the metrics of the unlearned model and of the vanilla model.
 *
 * <p>Semantics: each rule's glob is expanded against the measured (unlearned) metric names, in
 * sorted order, giving one {@link GateCheck} per matched metric, in rule order. Every bound is
 * inclusive (up to {@value #TOLERANCE}, so that rounding in {@code vanilla - value} cannot fail a
 * value exactly on a bound). What cannot be evaluated follows {@link OnMissing}: a glob that
 * matches nothing (one check named by the glob), a metric over 0 questions or not a number, and a
 * bound relative to the vanilla model without a usable vanilla value. A relative bound over a
 * vanilla value of 0 is always an {@link Verdict#ERROR}. A violated bound is a
 * {@link Verdict#FAIL}, or a {@link Verdict#WARN} for {@link Severity#WARN} rules; a check's
 * message lists all its violated bounds (or, when it passes, all its bounds).
 */
public final class Gate {
    /** Slack of the inclusive comparison with a bound: far below any difference a benchmark can measure. */
    static final double TOLERANCE = 1e-9;

    private Gate() {}

    /**
     * @param rules the rules, in the order their checks are reported; each must have no
     *     {@link GateRule#problems() problems}
     * @param onMissing what a check that cannot be evaluated does (null = {@link OnMissing#ERROR})
     * @param unlearned metrics of the unlearned model by name
     * @param vanilla metrics of the vanilla model by name; null or empty when there is no baseline
     * @return every check and the overall verdict
     * @throws IllegalArgumentException when a rule has problems (all are listed)
     */
    public static GateResult check(List<GateRule> rules, OnMissing onMissing, Map<String, Metric> unlearned,
            Map<String, Metric> vanilla) {
        List<String> problems = new ArrayList<>();
        for (GateRule r : rules) {
            r.problems().forEach(p -> problems.add("rule " + r.metric() + ": " + p));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid gate rules: " + String.join("; ", problems));
        }
        OnMissing policy = onMissing == null ? OnMissing.ERROR : onMissing;
        Map<String, Metric> base = vanilla == null ? Map.of() : vanilla;
        TreeSet<String> names = new TreeSet<>(Objects.requireNonNull(unlearned, "unlearned").keySet());
        List<GateCheck> checks = new ArrayList<>();
        for (GateRule rule : rules) {
            Pattern glob = MetricNames.compile(rule.metric());
            List<String> matched = names.stream().filter(n -> glob.matcher(n).matches()).toList();
            if (matched.isEmpty() && policy != OnMissing.IGNORE) {
                checks.add(new GateCheck(rule, rule.metric(), Double.NaN, null, 0, Double.NaN, policy.verdict(),
                        rule.metric() + " matches none of the " + names.size() + " measured metrics, so the rule could not be evaluated"));
            }
            for (String name : matched) {
                GateCheck c = checkMetric(rule, policy, name, unlearned.get(name), base.get(name));
                if (c != null) {
                    checks.add(c);
                }
            }
        }
        return GateResult.of(checks);
    }

    /** @return the check, or null when nothing of it could be evaluated under {@link OnMissing#IGNORE} */
    private static GateCheck checkMetric(GateRule rule, OnMissing policy, String name, Metric m, Metric vm) {
        Double vanilla = usable(vm) ? vm.value() : null;
        double value = m == null ? Double.NaN : m.value();
        int count = m == null ? 0 : m.count();
        double chance = m == null ? Double.NaN : m.chance();
        if (!usable(m)) {
            String why = count <= 0 ? " was computed over 0 questions (empty slice)" : " is not a number";
            return policy == OnMissing.IGNORE ? null
                    : new GateCheck(rule, name, value, vanilla, count, chance, policy.verdict(), name + why + ", so it could not be evaluated");
        }
        Verdict verdict = Verdict.PASS;
        List<String> violated = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (BoundKind kind : BoundKind.values()) {
            if (!kind.isSet(rule)) {
                continue;
            }
            if (kind.relativeToBaseline() && vanilla == null) {
                if (policy != OnMissing.IGNORE) {
                    verdict = verdict.worst(policy.verdict());
                    violated.add("has " + (vm == null ? "no vanilla value" : "no usable vanilla value (" + vm.count()
                            + " questions, value " + Figures.fixed(vm.value()) + ")") + ", so the " + kind.quantity()
                            + " could not be evaluated");
                }
                continue;
            }
            if (kind == BoundKind.RELATIVE_DROP && vanilla == 0) {
                verdict = Verdict.ERROR;
                violated.add("has vanilla value 0, so the relative drop from vanilla is undefined");
                continue;
            }
            double x = kind.measure(value, vanilla == null ? Double.NaN : vanilla);
            Double lo = kind.lower(rule);
            Double hi = kind.upper(rule);
            if (lo != null && x < lo - TOLERANCE || hi != null && x > hi + TOLERANCE) {
                verdict = verdict.worst(rule.severity().violation());
                violated.add(violation(kind, x, value, vanilla, lo != null && x < lo ? lo : hi, lo != null && x < lo));
            } else {
                held.add(within(kind, x, value, vanilla, lo, hi));
            }
        }
        if (verdict == Verdict.PASS && held.isEmpty()) {
            return null;
        }
        String message = name + " " + String.join("; ", verdict == Verdict.PASS ? held : violated);
        return new GateCheck(rule, name, value, vanilla, count, chance, verdict, message);
    }

    private static boolean usable(Metric m) {
        return m != null && m.count() > 0 && !Double.isNaN(m.value());
    }

    /** @return e.g. {@code is 0.712, but expected minimum is 0.750 (vanilla 0.781)} */
    private static String violation(BoundKind kind, double x, double value, Double vanilla, double bound, boolean low) {
        String shown = show(kind, x, bound);
        return switch (kind) {
            case VALUE -> "is " + shown + ", but expected " + (low ? "minimum" : "maximum") + " is " + kind.show(bound)
                    + (vanilla == null ? "" : " (vanilla " + Figures.fixed(vanilla) + ")");
            case DROP -> change(kind, x, value, vanilla, bound) + ", but expected a drop of " + (low ? "at least " : "at most ")
                    + kind.show(bound);
            case RELATIVE_DROP -> change(kind, x, value, vanilla, bound) + ", but expected " + (low ? "at least " : "at most ")
                    + kind.show(bound);
        };
    }

    /** @return e.g. {@code is 0.250, within min 0.150 and max 0.350} */
    private static String within(BoundKind kind, double x, double value, Double vanilla, Double lo, Double hi) {
        double nearest = lo == null || hi != null && Math.abs(hi - x) < Math.abs(lo - x) ? hi : lo;
        return switch (kind) {
            case VALUE -> "is " + show(kind, x, nearest) + ", within " + range(kind, lo, hi, "min ", "max ");
            case DROP -> change(kind, x, value, vanilla, nearest) + ", within a drop of " + range(kind, lo, hi, "at least ", "at most ");
            case RELATIVE_DROP -> change(kind, x, value, vanilla, nearest) + ", within a relative drop of "
                    + range(kind, lo, hi, "at least ", "at most ");
        };
    }

    /** @return e.g. {@code min 0.150 and max 0.350}, or one side only */
    private static String range(BoundKind kind, Double lo, Double hi, String lower, String upper) {
        String l = lo == null ? null : lower + kind.show(lo);
        String u = hi == null ? null : upper + kind.show(hi);
        return l != null && u != null ? l + " and " + u : l != null ? l : u;
    }

    /** @return e.g. {@code dropped by 0.210 from vanilla 0.990 (now 0.780)}, or {@code rose by ...} for a negative drop */
    private static String change(BoundKind kind, double drop, double value, double vanilla, double bound) {
        String verb = drop < -TOLERANCE ? "rose by " : "dropped by ";
        return verb + show(kind, Math.abs(drop), Math.abs(bound)) + " from vanilla " + Figures.fixed(vanilla) + " (now "
                + Figures.fixed(value) + ")";
    }

    private static String show(BoundKind kind, double x, double contrast) {
        return kind.percent() ? Figures.percent(x, contrast) : Figures.fixed(x, contrast);
    }
}

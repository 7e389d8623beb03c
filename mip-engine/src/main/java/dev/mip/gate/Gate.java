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
 * Checks gate rules against the metrics of the unlearned model, of the vanilla model and, when there
 * is one, of the retain-only reference model.
 *
 * <p>Semantics: each rule's glob is expanded against the measured (unlearned) metric names, in
 * sorted order, giving one {@link GateCheck} per matched metric, in rule order. Every bound is
 * inclusive (up to {@value #TOLERANCE}, so that rounding in {@code vanilla - value} cannot fail a
 * value exactly on a bound). What cannot be evaluated follows {@link OnMissing}: a glob that
 * matches nothing (one check named by the glob), a metric over 0 questions or not a number, and a
 * bound relative to a model (vanilla, reference) without a usable value. A relative bound over a
 * vanilla value of 0 is always an {@link Verdict#ERROR}; so is a metric over fewer questions than
 * the rule's {@code minCount} (too few to decide is never a pass).
 *
 * <p>A rule decides on the point estimate ({@link Decision#POINT}) or with confidence
 * ({@link Decision#CONFIDENCE}): then each bound holds when the metric's whole 95% interval
 * satisfies it, is violated when the interval lies wholly outside, and is
 * {@link Verdict#INCONCLUSIVE} otherwise. Bounds relative to another model use that model's point
 * estimate (its own uncertainty is not added: the interval is the unlearned model's). A violated
 * bound is a {@link Verdict#FAIL}, or a {@link Verdict#WARN} for {@link Severity#WARN} rules; a
 * check's message lists all its violated bounds (or, when it passes, all its bounds).
 */
public final class Gate {
    /** Slack of the inclusive comparison with a bound: far below any difference a benchmark can measure. */
    static final double TOLERANCE = 1e-9;

    private Gate() {}

    /**
     * Point decisions, no reference model (the gate before intervals).
     *
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
        return check(rules, GatePolicy.of(onMissing), unlearned, vanilla, null);
    }

    /**
     * @param rules the rules, in the order their checks are reported; each must have no
     *     {@link GateRule#problems() problems}
     * @param policy the gate-wide settings rules fall back to
     * @param unlearned metrics of the unlearned model by name
     * @param vanilla metrics of the vanilla model by name; null or empty when there is no baseline
     * @param reference metrics of the retain-only reference model by name; null or empty when there is none
     * @return every check and the overall verdict
     * @throws IllegalArgumentException when a rule has problems (all are listed)
     */
    public static GateResult check(List<GateRule> rules, GatePolicy policy, Map<String, Metric> unlearned,
            Map<String, Metric> vanilla, Map<String, Metric> reference) {
        List<String> problems = new ArrayList<>();
        for (GateRule r : rules) {
            r.problems().forEach(p -> problems.add("rule " + r.metric() + ": " + p));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid gate rules: " + String.join("; ", problems));
        }
        Map<String, Metric> base = vanilla == null ? Map.of() : vanilla;
        Map<String, Metric> ref = reference == null ? Map.of() : reference;
        TreeSet<String> names = new TreeSet<>(Objects.requireNonNull(unlearned, "unlearned").keySet());
        List<GateCheck> checks = new ArrayList<>();
        for (GateRule rule : rules) {
            Pattern glob = MetricNames.compile(rule.metric());
            List<String> matched = names.stream().filter(n -> glob.matcher(n).matches()).toList();
            Verdict missing = policy.onMissing().verdict();
            if (matched.isEmpty() && missing != null) {
                checks.add(new GateCheck(rule, rule.metric(), Double.NaN, Double.NaN, Double.NaN, null, null, 0, Double.NaN,
                        missing, blocks(missing), rule.metric() + " matches none of the " + names.size()
                                + " measured metrics, so the rule could not be evaluated"));
            }
            for (String name : matched) {
                GateCheck c = new MetricCheck(rule, policy, name, unlearned.get(name), base.get(name), ref.get(name)).run();
                if (c != null) {
                    checks.add(c);
                }
            }
        }
        return GateResult.of(checks);
    }

    private static boolean blocks(Verdict v) {
        return v == Verdict.FAIL || v == Verdict.ERROR;
    }

    private static boolean usable(Metric m) {
        return m != null && m.count() > 0 && !Double.isNaN(m.value());
    }

    /** One rule on one metric. */
    private static final class MetricCheck {
        private final GateRule rule;
        private final GatePolicy policy;
        private final String name;
        private final Metric m;
        private final Metric vm;
        private final Metric rm;
        private final Double vanilla;
        private final Double reference;
        private final boolean confident;
        private Verdict verdict = Verdict.PASS;
        private final List<String> violated = new ArrayList<>();
        private final List<String> unsure = new ArrayList<>();
        private final List<String> held = new ArrayList<>();

        MetricCheck(GateRule rule, GatePolicy policy, String name, Metric m, Metric vm, Metric rm) {
            this.rule = rule;
            this.policy = policy;
            this.name = name;
            this.m = m;
            this.vm = vm;
            this.rm = rm;
            this.vanilla = usable(vm) ? vm.value() : null;
            this.reference = usable(rm) ? rm.value() : null;
            Decision d = rule.decide() != null ? rule.decide() : policy.decide();
            this.confident = d == Decision.CONFIDENCE && m != null && m.hasInterval();
        }

        /** @return the check, or null when nothing of it could be evaluated under {@link OnMissing#IGNORE} */
        GateCheck run() {
            double value = m == null ? Double.NaN : m.value();
            int count = m == null ? 0 : m.count();
            Verdict missing = policy.onMissing().verdict();
            if (!usable(m)) {
                String why = count <= 0 ? " was computed over 0 questions (empty slice)" : " is not a number";
                return missing == null ? null : result(missing, name + why + ", so it could not be evaluated");
            }
            int minCount = rule.minCount() != null ? rule.minCount() : policy.minCount();
            if (count < minCount) {
                return result(Verdict.ERROR, name + " rests on " + count + " questions, fewer than minCount " + minCount
                        + ": too few to decide. Evaluate more questions (eval.maxQuestionsPerSlice, a larger split) or lower "
                        + "minCount");
            }
            for (BoundKind kind : BoundKind.values()) {
                if (kind.isSet(rule)) {
                    bound(kind, value, missing);
                }
            }
            if (verdict == Verdict.PASS && !unsure.isEmpty()) {
                verdict = Verdict.INCONCLUSIVE;
            }
            if (verdict == Verdict.PASS && held.isEmpty()) {
                return null;
            }
            List<String> parts = verdict == Verdict.PASS ? held : verdict == Verdict.INCONCLUSIVE ? unsure : violated;
            return result(verdict, name + " " + String.join("; ", parts));
        }

        private void bound(BoundKind kind, double value, Verdict missing) {
            Double base = switch (kind) {
                case VALUE -> Double.NaN;
                case DROP, RELATIVE_DROP -> vanilla;
                case WITHIN -> target();
            };
            if (base == null) {
                if (missing != null) {
                    verdict = verdict.worst(missing);
                    violated.add("has no " + baseName(kind) + ", so the " + kind.quantity() + " could not be evaluated");
                }
                return;
            }
            if (kind == BoundKind.RELATIVE_DROP && base == 0) {
                verdict = Verdict.ERROR;
                violated.add("has vanilla value 0, so the relative drop from vanilla is undefined");
                return;
            }
            double x = kind.measure(value, base);
            Double lo = kind.lower(rule);
            Double hi = kind.upper(rule);
            boolean below = lo != null && x < lo - TOLERANCE;
            boolean above = hi != null && x > hi + TOLERANCE;
            if (!confident) {
                if (below || above) {
                    verdict = verdict.worst(rule.severity().violation());
                    violated.add(violation(kind, x, value, base, below ? lo : hi, below));
                } else {
                    held.add(within(kind, x, value, base, lo, hi));
                }
                return;
            }
            double a = kind.measure(m.lo(), base);
            double b = kind.measure(m.hi(), base);
            double xl = Math.min(a, b);
            double xh = Math.max(a, b);
            String ci = interval();
            if (lo != null && xh < lo - TOLERANCE || hi != null && xl > hi + TOLERANCE) {
                boolean low = lo != null && xh < lo - TOLERANCE;
                verdict = verdict.worst(rule.severity().violation());
                violated.add(violation(kind, x, value, base, low ? lo : hi, low) + "; " + ci + " lies wholly "
                        + (low ? "below" : "above") + " it");
            } else if ((lo == null || xl >= lo - TOLERANCE) && (hi == null || xh <= hi + TOLERANCE)) {
                held.add(within(kind, x, value, base, lo, hi) + ", with confidence (" + ci + ")");
            } else {
                unsure.add("is " + Figures.fixed(value) + " (" + ci + "), which straddles " + kind.describe(rule)
                        + (kind == BoundKind.WITHIN ? " (" + targetText(base) + ")" : "") + ": inconclusive on " + m.count()
                        + " questions (more questions narrow the interval)");
            }
        }

        /** The target of {@code within}, or null when it is missing. */
        private Double target() {
            GateTarget t = rule.of();
            return switch (t.kind()) {
                case CHANCE -> Double.isNaN(m.chance()) ? null : m.chance();
                case REFERENCE -> reference;
                case VANILLA -> vanilla;
                case VALUE -> t.value();
            };
        }

        private String baseName(BoundKind kind) {
            if (kind != BoundKind.WITHIN) {
                return vm == null ? "vanilla value" : "usable vanilla value (" + vm.count() + " questions, value "
                        + Figures.fixed(vm.value()) + ")";
            }
            return switch (rule.of().kind()) {
                case CHANCE -> "chance level";
                case REFERENCE -> rm == null ? "reference value (set model.reference to a retain-only model)"
                        : "usable reference value (" + rm.count() + " questions)";
                case VANILLA -> vm == null ? "vanilla value" : "usable vanilla value";
                case VALUE -> "target";
            };
        }

        /** @return e.g. {@code 95% CI 0.170..0.410} */
        private String interval() {
            return "95% CI " + Figures.fixed(m.lo()) + ".." + Figures.fixed(m.hi());
        }

        private GateCheck result(Verdict v, String message) {
            boolean warnOnly = (rule.inconclusive() != null ? rule.inconclusive() : policy.inconclusive()) == InconclusivePolicy.WARN;
            boolean blocking = blocks(v) || v == Verdict.INCONCLUSIVE && !warnOnly && rule.severity() == Severity.ERROR;
            return new GateCheck(rule, name, m == null ? Double.NaN : m.value(), m == null ? Double.NaN : m.lo(),
                    m == null ? Double.NaN : m.hi(), vanilla, reference, m == null ? 0 : m.count(),
                    m == null ? Double.NaN : m.chance(), v, blocking, message);
        }

        /** @return e.g. {@code is 0.712, but expected minimum is 0.750 (vanilla 0.781)} */
        private String violation(BoundKind kind, double x, double value, double base, double bound, boolean low) {
            String shown = show(kind, x, bound);
            return switch (kind) {
                case VALUE -> "is " + shown + ", but expected " + (low ? "minimum" : "maximum") + " is " + kind.show(bound)
                        + (vanilla == null ? "" : " (vanilla " + Figures.fixed(vanilla) + ")");
                case DROP -> change(kind, x, value, base, bound) + ", but expected a drop of " + (low ? "at least " : "at most ")
                        + kind.show(bound);
                case RELATIVE_DROP -> change(kind, x, value, base, bound) + ", but expected " + (low ? "at least " : "at most ")
                        + kind.show(bound);
                case WITHIN -> "is " + Figures.fixed(value) + ", " + Figures.fixed(Math.abs(x), Math.abs(bound)) + " "
                        + (x < 0 ? "below" : "above") + " " + targetText(base) + ", but expected within " + kind.show(Math.abs(bound));
            };
        }

        /** @return e.g. {@code is 0.250, within min 0.150 and max 0.350} */
        private String within(BoundKind kind, double x, double value, double base, Double lo, Double hi) {
            double nearest = lo == null || hi != null && Math.abs(hi - x) < Math.abs(lo - x) ? hi : lo;
            return switch (kind) {
                case VALUE -> "is " + show(kind, x, nearest) + ", within " + range(kind, lo, hi, "min ", "max ");
                case DROP -> change(kind, x, value, base, nearest) + ", within a drop of " + range(kind, lo, hi, "at least ", "at most ");
                case RELATIVE_DROP -> change(kind, x, value, base, nearest) + ", within a relative drop of "
                        + range(kind, lo, hi, "at least ", "at most ");
                case WITHIN -> "is " + Figures.fixed(value) + ", " + Figures.fixed(Math.abs(x), hi) + " from " + targetText(base)
                        + ", within " + kind.show(hi);
            };
        }

        /** @return e.g. {@code chance 0.250}, {@code the reference 0.300}, {@code vanilla 0.990} or {@code 0.500} */
        private String targetText(double base) {
            return switch (rule.of().kind()) {
                case CHANCE -> "chance " + Figures.fixed(base);
                case REFERENCE -> "the reference " + Figures.fixed(base);
                case VANILLA -> "vanilla " + Figures.fixed(base);
                case VALUE -> Figures.fixed(base);
            };
        }
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

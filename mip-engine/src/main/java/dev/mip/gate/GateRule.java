package dev.mip.gate;

import dev.mip.eval.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One rule of the gate: bounds on every metric whose name matches a glob. Every bound is optional
 * (null = not set), inclusive, and at least one must be set (see {@link #problems()}). Drops are
 * measured against the vanilla (original) model evaluated in the same run: a positive drop means
 * the unlearned model scores lower. A two-sided bound ({@code within} of a {@link GateTarget})
 * bounds the distance to chance, to the retain-only reference model, to vanilla or to a number.
 *
 * <p>Build one with {@link #of(String)} and the {@code with...} methods, e.g.
 * {@code GateRule.of("retain.*.mcq.accuracy").withMaxRelativeDropFromBaseline(0.05)}.
 *
 * @param metric a metric name or a glob over names ({@code split.modality.task.metric}, {@code *}
 *     matching within one dotted part, see {@link MetricNames#compile}), e.g. {@code forget.*.mcq.accuracy}
 * @param min smallest allowed value (absolute, in the metric's unit), or null
 * @param max largest allowed value (absolute, in the metric's unit), or null
 * @param minDropFromBaseline smallest allowed absolute drop {@code vanilla - value}, or null
 *     (e.g. 0.40: forget accuracy must fall by at least 0.40)
 * @param maxDropFromBaseline largest allowed absolute drop {@code vanilla - value}, or null
 * @param minRelativeDropFromBaseline smallest allowed relative drop {@code (vanilla - value) / vanilla},
 *     a fraction (0.5 = 50%), or null
 * @param maxRelativeDropFromBaseline largest allowed relative drop, a fraction, or null
 *     (e.g. 0.05: {@code value >= 0.95 * vanilla})
 * @param within largest allowed distance {@code |value - target|} to {@code of}, or null
 * @param of what {@code within} measures from (required with it), or null
 * @param severity what a violated bound does; null means the default {@link Severity#ERROR}
 * @param decide how the rule decides, or null for the gate's {@link GatePolicy#decide()}
 * @param inconclusive what an inconclusive check does, or null for the gate's policy
 * @param minCount fewest questions a metric may rest on, or null for the gate's {@link GatePolicy#minCount()}
 */
public record GateRule(String metric, Double min, Double max, Double minDropFromBaseline, Double maxDropFromBaseline,
        Double minRelativeDropFromBaseline, Double maxRelativeDropFromBaseline, Double within, GateTarget of, Severity severity,
        Decision decide, InconclusivePolicy inconclusive, Integer minCount) {

    /** Requires a metric; a null severity becomes {@link Severity#ERROR}. */
    public GateRule {
        Objects.requireNonNull(metric, "metric");
        if (severity == null) {
            severity = Severity.ERROR;
        }
    }

    /**
     * @param metric a metric name or glob
     * @return a rule without bounds (add them with the {@code with...} methods) and severity ERROR
     */
    public static GateRule of(String metric) {
        return new GateRule(metric, null, null, null, null, null, null, null, null, Severity.ERROR, null, null, null);
    }

    /**
     * @param value smallest allowed value, or null
     * @return a copy with that bound
     */
    public GateRule withMin(Double value) {
        return copy(b -> b.min = value);
    }

    /**
     * @param value largest allowed value, or null
     * @return a copy with that bound
     */
    public GateRule withMax(Double value) {
        return copy(b -> b.max = value);
    }

    /**
     * @param value smallest allowed absolute drop from vanilla, or null
     * @return a copy with that bound
     */
    public GateRule withMinDropFromBaseline(Double value) {
        return copy(b -> b.minDrop = value);
    }

    /**
     * @param value largest allowed absolute drop from vanilla, or null
     * @return a copy with that bound
     */
    public GateRule withMaxDropFromBaseline(Double value) {
        return copy(b -> b.maxDrop = value);
    }

    /**
     * @param fraction smallest allowed relative drop from vanilla (0.5 = 50%), or null
     * @return a copy with that bound
     */
    public GateRule withMinRelativeDropFromBaseline(Double fraction) {
        return copy(b -> b.minRelDrop = fraction);
    }

    /**
     * @param fraction largest allowed relative drop from vanilla (0.05 = 5%), or null
     * @return a copy with that bound
     */
    public GateRule withMaxRelativeDropFromBaseline(Double fraction) {
        return copy(b -> b.maxRelDrop = fraction);
    }

    /**
     * @param distance largest allowed {@code |value - target|}, or null
     * @param target what it is measured from, or null
     * @return a copy with that two-sided bound
     */
    public GateRule withWithin(Double distance, GateTarget target) {
        return copy(b -> {
            b.within = distance;
            b.of = target;
        });
    }

    /**
     * @param value the severity (null = ERROR)
     * @return a copy with that severity
     */
    public GateRule withSeverity(Severity value) {
        return copy(b -> b.severity = value);
    }

    /**
     * @param value how the rule decides (null = the gate's setting)
     * @return a copy deciding so
     */
    public GateRule withDecide(Decision value) {
        return copy(b -> b.decide = value);
    }

    /**
     * @param value what an inconclusive check does (null = the gate's setting)
     * @return a copy with that policy
     */
    public GateRule withInconclusive(InconclusivePolicy value) {
        return copy(b -> b.inconclusive = value);
    }

    /**
     * @param value fewest questions (null = the gate's setting)
     * @return a copy with that minimum
     */
    public GateRule withMinCount(Integer value) {
        return copy(b -> b.minCount = value);
    }

    /** The fields as mutable variables, so that each {@code with...} changes one. */
    private static final class Fields {
        String metric;
        Double min;
        Double max;
        Double minDrop;
        Double maxDrop;
        Double minRelDrop;
        Double maxRelDrop;
        Double within;
        GateTarget of;
        Severity severity;
        Decision decide;
        InconclusivePolicy inconclusive;
        Integer minCount;
    }

    private GateRule copy(java.util.function.Consumer<Fields> change) {
        Fields f = new Fields();
        f.metric = metric;
        f.min = min;
        f.max = max;
        f.minDrop = minDropFromBaseline;
        f.maxDrop = maxDropFromBaseline;
        f.minRelDrop = minRelativeDropFromBaseline;
        f.maxRelDrop = maxRelativeDropFromBaseline;
        f.within = within;
        f.of = of;
        f.severity = severity;
        f.decide = decide;
        f.inconclusive = inconclusive;
        f.minCount = minCount;
        change.accept(f);
        return new GateRule(f.metric, f.min, f.max, f.minDrop, f.maxDrop, f.minRelDrop, f.maxRelDrop, f.within, f.of, f.severity,
                f.decide, f.inconclusive, f.minCount);
    }

    /**
     * What is wrong with this rule as a user wrote it, one sentence each, naming the field but not
     * the file (the configuration reader adds file and position). The gate refuses a rule with
     * problems.
     *
     * @return the problems; empty when the rule is usable
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (!MetricNames.matchesAny(metric)) {
            out.add("metric '" + metric + "' matches no metric name: names are split.modality.task.metric with split in "
                    + MetricNames.SPLITS + ", modality in " + MetricNames.MODALITIES + " and task.metric in "
                    + MetricNames.TASK_METRICS + ", e.g. forget.*.mcq.accuracy");
        }
        boolean any = false;
        for (BoundKind kind : BoundKind.values()) {
            Double lo = kind.lower(this);
            Double hi = kind.upper(this);
            any |= lo != null || hi != null;
            if (kind == BoundKind.WITHIN) {
                finite(out, "within", hi);
                continue; // a negative distance is reported below
            }
            finite(out, kind.lowerField(), lo);
            finite(out, kind.upperField(), hi);
            if (lo != null && hi != null && lo > hi) {
                out.add(kind.lowerField() + " (" + kind.show(lo) + ") is greater than " + kind.upperField() + " ("
                        + kind.show(hi) + "), so no value can pass");
            }
        }
        if (!any) {
            out.add("rule has no bound: set at least one of min, max, minDropFromBaseline, maxDropFromBaseline, "
                    + "minRelativeDropFromBaseline, maxRelativeDropFromBaseline, within");
        }
        if (within != null && within < 0) {
            out.add("within is " + Figures.fixed(within) + " but a distance must not be negative");
        }
        if (within != null && of == null) {
            out.add("within has no 'of': say what the distance is measured from (chance, reference, vanilla or a number)");
        }
        if (of != null && within == null) {
            out.add("of is set but within is not: add within, the largest allowed distance");
        }
        if (minCount != null && minCount < 1) {
            out.add("minCount is " + minCount + " but must be at least 1");
        }
        relative(out, "minRelativeDropFromBaseline", minRelativeDropFromBaseline);
        relative(out, "maxRelativeDropFromBaseline", maxRelativeDropFromBaseline);
        return out;
    }

    /** @return the bounds as one phrase, e.g. {@code min 0.150, max 0.350, drop from vanilla at least 0.400} */
    public String boundText() {
        List<String> parts = new ArrayList<>();
        for (BoundKind kind : BoundKind.values()) {
            if (kind.isSet(this)) {
                parts.add(kind.describe(this));
            }
        }
        return parts.isEmpty() ? "no bound" : String.join("; ", parts);
    }

    /**
     * @return the rule on one line, e.g. {@code forget.*.mcq.accuracy: max 0.350 [warn]} (severity
     *     shown only when WARN; {@code [confidence]} when the rule itself asks for it)
     */
    public String text() {
        return metric + ": " + boundText() + (severity == Severity.WARN ? " [warn]" : "")
                + (decide == Decision.CONFIDENCE ? " [confidence]" : "");
    }

    private static void finite(List<String> out, String field, Double v) {
        if (v != null && !Double.isFinite(v)) {
            out.add(field + " is " + v + " but must be a finite number");
        }
    }

    private static void relative(List<String> out, String field, Double v) {
        if (v == null || !Double.isFinite(v)) {
            return;
        }
        if (v < 0) {
            out.add(field + " is " + Figures.percent(v) + " but a relative drop bound must not be negative "
                    + "(use min/max for values above vanilla)");
        } else if (v > 1) {
            out.add(field + " is " + v + " (" + Figures.percent(v) + ") but a relative drop is a fraction of at most 1; "
                    + "for " + Figures.fixed(v).replaceAll("\\.?0+$", "") + "% write " + v / 100 + " or '" + v + "%'");
        }
    }
}

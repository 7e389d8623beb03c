package dev.mip.report;

import dev.mip.eval.Metric;
import dev.mip.gate.GateCheck;
import dev.mip.gate.Verdict;
import java.util.List;
import java.util.TreeSet;

/**
 * One row of the metric tables of all reports: a metric measured on the unlearned, the vanilla
 * and/or the reference model, with the worst verdict of the checks on it (null when no rule covers it).
 */
record MetricRow(String name, Metric unlearned, Metric vanilla, Metric reference, Verdict verdict) {

    /** @return a row per metric name of any model, sorted by name */
    static List<MetricRow> of(VerifyReport r) {
        TreeSet<String> names = new TreeSet<>(r.unlearned().keySet());
        names.addAll(r.vanilla().keySet());
        names.addAll(r.reference().keySet());
        return names.stream().map(n -> new MetricRow(n, r.unlearned().get(n), r.vanilla().get(n), r.reference().get(n),
                r.gate().checks().stream().filter(c -> c.metric().equals(n)).map(GateCheck::verdict).reduce(Verdict::worst)
                        .orElse(null))).toList();
    }

    double referenceValue() {
        return reference == null ? Double.NaN : reference.value();
    }

    /** @return unlearned minus reference value, NaN when either is missing */
    double deltaToReference() {
        return value() - referenceValue();
    }

    /** @return the lower end of the unlearned value's 95% interval, NaN when it has none */
    double lo() {
        return unlearned == null ? Double.NaN : unlearned.lo();
    }

    /** @return the upper end of the unlearned value's 95% interval, NaN when it has none */
    double hi() {
        return unlearned == null ? Double.NaN : unlearned.hi();
    }

    double value() {
        return unlearned == null ? Double.NaN : unlearned.value();
    }

    double vanillaValue() {
        return vanilla == null ? Double.NaN : vanilla.value();
    }

    /** @return unlearned minus vanilla value (negative: the unlearned model scores lower), NaN when either is missing */
    double delta() {
        return value() - vanillaValue();
    }

    double chance() {
        return unlearned != null ? unlearned.chance() : vanilla != null ? vanilla.chance() : reference.chance();
    }

    int count() {
        return unlearned == null ? 0 : unlearned.count();
    }

    /**
     * @param i 0 for the split, 1 the modality, 2 the {@code task.metric}
     * @return that part of the name ({@code split.modality.task.metric}); the whole name or "" for names off the grammar
     */
    String part(int i) {
        String[] p = name.split("\\.", 3);
        return p.length == 3 ? p[i] : i == 0 ? name : "";
    }
}

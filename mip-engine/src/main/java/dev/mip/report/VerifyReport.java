package dev.mip.report;

import dev.mip.eval.Metric;
import dev.mip.gate.GateResult;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything {@code mip:verify} reports about one unlearned model: its metrics next to the vanilla
 * model's (and the retain-only reference model's, when there is one), the gate's verdict, and what the inputs were. All maps are sorted copies, so that every
 * writer produces the same bytes for the same report.
 *
 * @param model the model's id or path, as the user gave it
 * @param method the unlearning method, e.g. {@code mip}
 * @param forgetSplit name of the forget split, e.g. {@code forget_5}
 * @param retainSplit name of the retain split, e.g. {@code retain_95}
 * @param seed the seed of the run
 * @param unlearned metrics of the unlearned model by name
 * @param vanilla metrics of the vanilla model by name; empty when there is no baseline
 * @param reference metrics of the retain-only reference model by name; empty when there is none
 * @param gate the gate's checks and verdict
 * @param activationShift per tower (e.g. {@code text}, {@code vision}) the relative activation change
 *     of each layer between vanilla and unlearned model; empty when not measured
 * @param inputs fingerprints of the inputs (model, data, configuration...) by name
 * @param timestamp when the report was made, or null to leave it out (reproducible builds)
 */
public record VerifyReport(String model, String method, String forgetSplit, String retainSplit, long seed,
        Map<String, Metric> unlearned, Map<String, Metric> vanilla, Map<String, Metric> reference, GateResult gate, Map<String, double[]> activationShift,
        Map<String, String> inputs, String timestamp) {

    /** Requires the strings (except the timestamp) and the gate; null maps become empty; copies everything, sorted. */
    public VerifyReport {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(forgetSplit, "forgetSplit");
        Objects.requireNonNull(retainSplit, "retainSplit");
        Objects.requireNonNull(gate, "gate");
        unlearned = sorted(unlearned);
        vanilla = sorted(vanilla);
        reference = sorted(reference);
        inputs = sorted(inputs);
        TreeMap<String, double[]> shift = new TreeMap<>();
        if (activationShift != null) {
            activationShift.forEach((k, v) -> shift.put(k, v.clone()));
        }
        activationShift = Collections.unmodifiableSortedMap(shift);
    }

    private static <V> SortedMap<String, V> sorted(Map<String, V> m) {
        return Collections.unmodifiableSortedMap(m == null ? new TreeMap<>() : new TreeMap<>(m));
    }
}

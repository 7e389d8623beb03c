package dev.mip.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What evaluating one model yields for the gate: its metrics, and the per-question samples that
 * tests between two models need (the truth ratios of the forget questions, for forget quality).
 *
 * @param metrics metrics by name
 * @param samples per-question values by name, in question order, e.g.
 *     {@code forget.image.mcq.truthRatio}
 */
public record Measurement(Map<String, Metric> metrics, Map<String, double[]> samples) {
    /** Suffix of a slice's truth-ratio samples (in place of {@code accuracy}). */
    public static final String TRUTH_RATIO = "truthRatio";

    /** Immutable, sorted copies. */
    public Measurement {
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
        Map<String, double[]> s = new TreeMap<>();
        samples.forEach((k, v) -> s.put(k, v.clone()));
        samples = Collections.unmodifiableMap(s);
    }

    /**
     * @param metrics the metrics (those of {@code eval}, and e.g. membership inference)
     * @param eval the evaluation whose per-question outcomes give the samples
     * @return the measurement: every slice's truth ratios where the questions have them
     */
    public static Measurement of(Map<String, Metric> metrics, EvalResult eval) {
        return of(metrics, eval, Map.of());
    }

    /**
     * @param metrics the metrics (those of {@code eval}, and e.g. membership inference)
     * @param eval the evaluation whose per-question outcomes give the samples
     * @param extra further samples (e.g. membership inference's per-sample log-probabilities)
     * @return the measurement: every slice's truth ratios where the questions have them, and {@code extra}
     */
    public static Measurement of(Map<String, Metric> metrics, EvalResult eval, Map<String, double[]> extra) {
        Map<String, List<Double>> ratios = new TreeMap<>();
        for (QuestionResult q : eval.questions()) {
            if (!Double.isNaN(q.truthRatio())) {
                String slice = q.metric().substring(0, q.metric().lastIndexOf('.'));
                ratios.computeIfAbsent(slice + "." + TRUTH_RATIO, k -> new ArrayList<>()).add(q.truthRatio());
            }
        }
        Map<String, double[]> samples = new TreeMap<>();
        ratios.forEach((k, v) -> samples.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        samples.putAll(extra);
        return new Measurement(metrics, samples);
    }

    /**
     * @param name a sample name
     * @return its values, or an empty array
     */
    public double[] sample(String name) {
        double[] v = samples.get(name);
        return v == null ? new double[0] : v.clone();
    }
}

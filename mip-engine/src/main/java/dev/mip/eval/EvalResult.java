package dev.mip.eval;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metrics of one model on one benchmark, sorted by name, with per-question outcomes.
 *
 * @param metrics metrics by name
 * @param questions per-question outcomes
 */
public record EvalResult(Map<String, Metric> metrics, List<QuestionResult> questions) {
    /** Immutable, sorted copy. */
    public EvalResult {
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
        questions = List.copyOf(questions);
    }

    /**
     * @param name metric name
     * @return its value, or NaN if absent
     */
    public double value(String name) {
        Metric m = metrics.get(name);
        return m == null ? Double.NaN : m.value();
    }
}

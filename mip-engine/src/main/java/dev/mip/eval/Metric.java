package dev.mip.eval;

/**
 * One measured value, named {@code split.modality.task.metric} (e.g. {@code forget.image.mcq.accuracy}),
 * with how many questions it rests on and its 95% confidence interval ({@link Intervals}).
 *
 * @param name the metric name
 * @param value the value (accuracy in [0, 1], ROUGE-L F1 in [0, 1], AUC in [0, 1], a p-value, ...)
 * @param count number of questions (or samples) it is computed over
 * @param chance the value a random guess would get (1/#options for multiple choice; 0.5 for an
 *     AUC), or NaN
 * @param lo lower end of the 95% interval (Wilson for accuracies, bootstrap for means and AUCs), or
 *     NaN when the metric has none (a test's p-value, a ratio of two metrics)
 * @param hi upper end of the 95% interval, or NaN
 */
public record Metric(String name, double value, int count, double chance, double lo, double hi) {
    /**
     * A metric without an interval.
     *
     * @param name the metric name
     * @param value the value
     * @param count number of questions
     * @param chance the chance level, or NaN
     */
    public Metric(String name, double value, int count, double chance) {
        this(name, value, count, chance, Double.NaN, Double.NaN);
    }

    /**
     * @param name the metric name
     * @param value the value
     * @param count number of questions
     * @param chance the chance level, or NaN
     * @param ci its 95% interval
     * @return the metric
     */
    public static Metric of(String name, double value, int count, double chance, Intervals.Interval ci) {
        return new Metric(name, value, count, chance, ci.lo(), ci.hi());
    }

    /** @return distance to chance ({@code value - chance}), NaN when there is no chance level */
    public double aboveChance() {
        return value - chance;
    }

    /** @return whether the metric carries an interval */
    public boolean hasInterval() {
        return !Double.isNaN(lo) && !Double.isNaN(hi);
    }
}

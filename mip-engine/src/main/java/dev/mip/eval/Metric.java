package dev.mip.eval;

/**
 * One measured value, named {@code split.modality.task.metric} (e.g. {@code forget.image.mcq.accuracy}).
 *
 * @param name the metric name
 * @param value the value (accuracy in [0, 1], ROUGE-L F1 in [0, 1], AUC in [0, 1])
 * @param count number of questions (or samples) it is computed over
 * @param chance the value a random guess would get (1/#options for multiple choice), or NaN
 */
public record Metric(String name, double value, int count, double chance) {
    /** @return distance to chance ({@code value - chance}), NaN when there is no chance level */
    public double aboveChance() {
        return value - chance;
    }
}

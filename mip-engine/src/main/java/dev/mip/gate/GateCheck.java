package dev.mip.gate;

/**
 * The outcome of one rule on one metric.
 *
 * @param rule the rule
 * @param metric the metric name; the rule's glob itself when the glob matched no measured metric
 * @param value the unlearned model's value, NaN when missing
 * @param lo lower end of the value's 95% interval, NaN when it has none
 * @param hi upper end of the value's 95% interval, NaN when it has none
 * @param vanilla the vanilla model's value, or null when there is none
 * @param reference the retain-only reference model's value, or null when there is none
 * @param count number of questions the value is computed over (0 when missing)
 * @param chance the value a random guess would get, or NaN
 * @param verdict the outcome
 * @param blocking whether this check stops the build: a FAIL or ERROR, or an INCONCLUSIVE under
 *     {@link InconclusivePolicy#FAIL} of an error-severity rule
 * @param message one line for people, naming the metric, e.g.
 *     {@code retain.image.mcq.accuracy is 0.712, but expected minimum is 0.750 (vanilla 0.781)}
 */
public record GateCheck(GateRule rule, String metric, double value, double lo, double hi, Double vanilla, Double reference,
        int count, double chance, Verdict verdict, boolean blocking, String message) {}

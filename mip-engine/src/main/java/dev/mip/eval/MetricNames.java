package dev.mip.eval;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The grammar of metric names: {@code split.modality.task.metric}.
 * <ul>
 *   <li>split: forget, retain, test, world, holdout</li>
 *   <li>modality: image (image+text), text (text only), any (both; used by membership inference)</li>
 *   <li>task.metric: mcq.accuracy, generation.rougeL, cloze.accuracy, mia.auc (loss attack), mia.minkAuc (Min-K%),
 *       mia.zlibAuc, mia.minkPlusAuc (Min-K%++), mia.gradNormAuc, mia.referenceAuc ({@link MiaAttack});
 *       against a retain-only reference model: mcq.forgetQuality (the Kolmogorov–Smirnov p-value of the
 *       truth ratios), mcq.ksStatistic (its D), mia.*Privleak (each attack's AUC's relative
 *       difference to the reference's)</li>
 * </ul>
 * Membership inference compares forget against holdout profiles and is named {@code forget.any.mia.*}.
 * A metric measured under a recovery attack ({@link Audit}) carries the attack as a suffix:
 * {@code forget.image.mcq.accuracy@nf4}, {@code ...@int8}, {@code ...@adversarial}, {@code ...@framed},
 * {@code ...@relearn}.
 * Gate rules may use {@code *} for any run of characters within one dotted part, not across a dot
 * or an {@code @} ({@code forget.*.mcq.accuracy@*} is every attacked forget accuracy).
 */
public final class MetricNames {
    private MetricNames() {}

    /** Splits. */
    public static final List<String> SPLITS = List.of("forget", "retain", "test", "world", "holdout");
    /** Modalities. */
    public static final List<String> MODALITIES = List.of("image", "text", "any");
    /** task.metric pairs. */
    public static final List<String> TASK_METRICS = List.of("mcq.accuracy", "generation.rougeL", "cloze.accuracy", "mia.auc",
            "mia.minkAuc", "mia.zlibAuc", "mia.minkPlusAuc", "mia.gradNormAuc", "mia.referenceAuc", "mcq.forgetQuality",
            "mcq.ksStatistic", "mia.privleak", "mia.minkPrivleak", "mia.zlibPrivleak", "mia.minkPlusPrivleak",
            "mia.gradNormPrivleak");

    /** Suffixes of the recovery attacks ({@link Audit}). */
    public static final List<String> ATTACKS = attacks();

    private static List<String> attacks() {
        List<String> out = new java.util.ArrayList<>();
        for (dev.mip.model.Quantization.Scheme s : dev.mip.model.Quantization.Scheme.values()) {
            out.add(s.id());
        }
        for (Audit.PromptAttack a : Audit.PromptAttack.values()) {
            out.add(a.id());
        }
        out.add("relearn");
        return List.copyOf(out);
    }

    /**
     * @param name a concrete metric name
     * @return whether it follows the grammar
     */
    public static boolean isValid(String name) {
        int at = name.indexOf('@');
        if (at >= 0) {
            return ATTACKS.contains(name.substring(at + 1)) && isValid(name.substring(0, at));
        }
        String[] p = name.split("\\.", -1);
        return p.length == 4 && SPLITS.contains(p[0]) && MODALITIES.contains(p[1]) && TASK_METRICS.contains(p[2] + "." + p[3]);
    }

    /**
     * @param glob a pattern with {@code *} wildcards within dotted parts
     * @return whether some name of the grammar matches it
     */
    public static boolean matchesAny(String glob) {
        Pattern p = compile(glob);
        for (String s : SPLITS) {
            for (String m : MODALITIES) {
                for (String tm : TASK_METRICS) {
                    if (p.matcher(s + "." + m + "." + tm).matches()) {
                        return true;
                    }
                    for (String a : ATTACKS) {
                        if (p.matcher(s + "." + m + "." + tm + "@" + a).matches()) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /**
     * @param glob a pattern; {@code *} matches any characters except a dot and {@code @}
     * @return the regular expression
     */
    public static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            if (ch == '*') {
                re.append("[^.@]*");
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString());
    }
}

package dev.mip.data;

import java.util.Locale;

/**
 * The evaluation splits. Given a forget set and a retain set of profiles:
 * {@code forget} = original questions about forget profiles; {@code retain} = original questions
 * about retain profiles; {@code test} = paraphrased questions with altered images about forget
 * profiles; {@code world} = general knowledge about no profile; {@code holdout} = original
 * questions about profiles never trained on (membership inference).
 */
public enum EvalSplit {
    /** Forget profiles, original wording. */
    FORGET,
    /** Retain profiles, original wording. */
    RETAIN,
    /** Forget profiles, paraphrased wording and altered images. */
    TEST,
    /** General knowledge (subject {@link Benchmark#WORLD}). */
    WORLD,
    /** Profiles never trained on. */
    HOLDOUT;

    /** @return the name used in metric names */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id a split name
     * @return the split, or null if unknown
     */
    public static EvalSplit fromId(String id) {
        for (EvalSplit s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return null;
    }
}

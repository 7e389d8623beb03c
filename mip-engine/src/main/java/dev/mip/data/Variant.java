package dev.mip.data;

import java.util.Locale;

/** Whether a question is worded (and illustrated) as in training, or paraphrased with another image. */
public enum Variant {
    /** Training wording and image: the forget, retain, world and holdout splits. */
    ORIGINAL,
    /** Paraphrased question and altered image: the test split (does forgetting generalise?). */
    PARAPHRASE;

    /** @return the name used in files */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code original} or {@code paraphrase}
     * @return the variant, or null if unknown
     */
    public static Variant fromId(String id) {
        for (Variant v : values()) {
            if (v.id().equals(id)) {
                return v;
            }
        }
        return null;
    }
}

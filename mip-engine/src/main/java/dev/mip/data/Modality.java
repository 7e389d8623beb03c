package dev.mip.data;

import java.util.Locale;

/** How a question reaches the model: with the subject's image, or as text only. */
public enum Modality {
    /** Image + text: the question refers to the image ("What is this person's job?"). */
    IMAGE,
    /** Text only: the question names the subject ("What is Mara Quill's job?"). */
    TEXT;

    /** @return the name used in files and metric names ({@code image}, {@code text}) */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code image} or {@code text}
     * @return the modality, or null if unknown
     */
    public static Modality fromId(String id) {
        for (Modality m : values()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        return null;
    }
}

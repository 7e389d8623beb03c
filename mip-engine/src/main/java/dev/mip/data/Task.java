package dev.mip.data;

import java.util.Locale;

/** Evaluation task of a question. */
public enum Task {
    /** Multiple choice: options, one correct. */
    MCQ,
    /** Free generation scored by ROUGE-L against a ground truth. */
    GENERATION,
    /** Fill in the blank ({@code __}): correct when the answer contains the ground truth. */
    CLOZE;

    /** @return the name used in files and metric names */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code mcq}, {@code generation} or {@code cloze}
     * @return the task, or null if unknown
     */
    public static Task fromId(String id) {
        for (Task t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        return null;
    }
}

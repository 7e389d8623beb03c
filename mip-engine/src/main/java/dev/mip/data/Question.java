package dev.mip.data;

import java.util.List;

/**
 * One evaluation question.
 *
 * @param id unique id
 * @param subject profile id, or {@link Benchmark#WORLD}
 * @param variant original or paraphrased (test split)
 * @param modality image+text or text only
 * @param task multiple choice, generation or cloze
 * @param image the image for {@link Modality#IMAGE}, else null
 * @param question the question (for cloze it contains {@code __})
 * @param options the options of a multiple-choice question, else empty
 * @param correct index of the correct option (MCQ), else -1
 * @param answer the ground truth (generation, cloze) or the correct option's text (MCQ)
 */
public record Question(String id, String subject, Variant variant, Modality modality, Task task, ImageRef image,
        String question, List<String> options, int correct, String answer) {
    /** Most options a question can have: one per letter of the Latin alphabet, as letter scoring names them. */
    public static final int MAX_OPTIONS = 26;

    /** Defensive copy of the options. */
    public Question {
        options = options == null ? List.of() : List.copyOf(options);
    }
}

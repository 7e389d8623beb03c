package dev.mip.data.mllmu;

import dev.mip.data.ImageRef;
import dev.mip.data.Modality;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.data.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The evaluation questions of one row, from its three task columns:
 * <ul>
 *   <li>{@code Classification_Task.Image_Textual_Questions[i]} → MCQ, image+text, id {@code <split>/<ID>/mcq-image/<i>};
 *   <li>{@code Classification_Task.Pure_Text_Questions[i]} → MCQ, text only, id {@code .../mcq-text/<i>};
 *   <li>{@code Generation_Task[i]} → generation, modality from {@code Type}, id {@code .../generation/<i>};
 *   <li>{@code Mask_Task[i]} → cloze ({@code Question} contains {@code __}), id {@code .../cloze/<i>}.
 * </ul>
 * An image+text question with index {@code i} shows the row's image {@code images[i % n]} (one
 * image for all splits but Test_Set); text-only questions have no image. A null task column or
 * list contributes no question.
 */
final class TaskQuestions {
    private static final String FIX_SCHEMA = "Use the MLLMU-Bench schema as published on Hugging Face (MLLMMU/MLLMU-Bench)";

    private final String prefix;
    private final String subject;
    private final Variant variant;
    private final List<ImageRef> images;
    private final List<Question> out = new ArrayList<>();

    private TaskQuestions(Row row, String split, String subject, Variant variant, List<ImageRef> images) {
        this.prefix = split + "/" + row.id() + "/";
        this.subject = subject;
        this.variant = variant;
        this.images = images;
    }

    /**
     * @param row a row with the columns {@code Classification_Task}, {@code Generation_Task}, {@code Mask_Task}
     * @param split the split it was read from (first part of the question ids)
     * @param subject the questions' subject: the profile id, or {@link dev.mip.data.Benchmark#WORLD}
     * @param variant original or paraphrase
     * @param images the row's images, at least one
     * @return the row's questions: MCQ image, MCQ text, generation, cloze, each in file order
     */
    static List<Question> of(Row row, String split, String subject, Variant variant, List<ImageRef> images) {
        TaskQuestions q = new TaskQuestions(row, split, subject, variant, images);
        FieldValue classification = row.column("Classification_Task");
        if (!classification.isNull()) {
            q.mcqs(classification.field("Image_Textual_Questions"), Modality.IMAGE, "mcq-image");
            q.mcqs(classification.field("Pure_Text_Questions"), Modality.TEXT, "mcq-text");
        }
        q.openQuestions(row.column("Generation_Task"), Task.GENERATION, "generation");
        q.openQuestions(row.column("Mask_Task"), Task.CLOZE, "cloze");
        return q.out;
    }

    private void mcqs(FieldValue list, Modality modality, String kind) {
        List<FieldValue> items = list.items();
        for (int i = 0; i < items.size(); i++) {
            FieldValue item = items.get(i);
            String question = item.field("Question").text();
            FieldValue optionsField = item.field("Options");
            // Options present in letter order; real data may lack a letter (null or no field).
            SortedMap<String, String> byLetter = new TreeMap<>();
            for (Map.Entry<String, FieldValue> e : optionsField.fields().entrySet()) {
                if (isLetter(e.getKey()) && !e.getValue().isNull()) {
                    byLetter.put(e.getKey(), e.getValue().text());
                }
            }
            List<String> letters = List.copyOf(byLetter.keySet());
            List<String> options = List.copyOf(byLetter.values());
            if (options.isEmpty()) {
                throw optionsField.error("has no option (expected fields A, B, C, D)", "Fix the row so the question has its options");
            }
            FieldValue answerField = item.field("Correct_Answer");
            String answer = answerField.text();
            int correct = AnswerLetter.index(answer, letters, options);
            if (correct < 0) {
                throw answerField.error("is '" + answer + "', which names none of the options " + String.join(", ", letters),
                        "Set it to the letter of the correct option (e.g. \"B\")");
            }
            out.add(new Question(prefix + kind + "/" + i, subject, variant, modality, Task.MCQ, imageFor(modality, i),
                    question, options, correct, options.get(correct)));
        }
    }

    private void openQuestions(FieldValue list, Task task, String kind) {
        List<FieldValue> items = list.items();
        for (int i = 0; i < items.size(); i++) {
            FieldValue item = items.get(i);
            FieldValue questionField = item.field("Question");
            String question = questionField.text();
            if (task == Task.CLOZE && !question.contains("__")) {
                throw questionField.error("has no blank '__'", "A Mask_Task question marks the hidden words with __: fix the question");
            }
            String truth = item.field("Ground_Truth").text();
            Modality modality = modality(item.field("Type"));
            out.add(new Question(prefix + kind + "/" + i, subject, variant, modality, task, imageFor(modality, i),
                    question, List.of(), -1, truth));
        }
    }

    private ImageRef imageFor(Modality modality, int index) {
        return modality == Modality.IMAGE ? images.get(index % images.size()) : null;
    }

    private static Modality modality(FieldValue type) {
        String t = type.text().strip();
        if (t.equalsIgnoreCase("Image_Textual")) {
            return Modality.IMAGE;
        }
        if (t.equalsIgnoreCase("Pure_Text")) {
            return Modality.TEXT;
        }
        throw type.error("is '" + t + "', expected Image_Textual or Pure_Text", FIX_SCHEMA);
    }

    private static boolean isLetter(String key) {
        return key.length() == 1 && key.charAt(0) >= 'A' && key.charAt(0) <= 'Z';
    }
}

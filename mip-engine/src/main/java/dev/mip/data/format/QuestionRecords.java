package dev.mip.data.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mip.data.ImageRef;
import dev.mip.data.Modality;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.data.Variant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads one line of {@code questions.jsonl}. */
final class QuestionRecords {
    private QuestionRecords() {}

    static final List<String> VARIANTS = Arrays.stream(Variant.values()).map(Variant::id).toList();
    static final List<String> TASKS = Arrays.stream(Task.values()).map(Task::id).toList();

    /** Marks the blank of a cloze question. */
    static final String BLANK = "__";

    /**
     * @param r the record
     * @param profileIds ids defined in profiles.jsonl
     * @param images resolves and checks image references
     * @return the question
     */
    static Question parse(RecordFields r, Set<String> profileIds, DatasetImages images) {
        r.rejectUnknown(MipDatasetLayout.QUESTION_FIELDS);
        String id = r.requireId("id");
        String subject = CommonFields.subject(r, profileIds);
        Variant variant = r.has("variant") ? r.requireEnum("variant", Variant::fromId, VARIANTS) : Variant.ORIGINAL;
        Modality m = CommonFields.modality(r);
        Task task = r.requireEnum("task", Task::fromId, TASKS);
        ImageRef image = CommonFields.image(r, m, images);
        String question = r.requireText("question");
        if (task == Task.MCQ) {
            List<String> options = options(r);
            int correct = correctIndex(r, options);
            return new Question(id, subject, variant, m, task, image, question, options, correct, options.get(correct));
        }
        if (r.has("options")) {
            throw r.error("options", "is set, but only multiple-choice questions have options (\"task\" is \""
                    + task.id() + "\")", "Remove \"options\", or set \"task\": \"mcq\"");
        }
        if (task == Task.CLOZE && !question.contains(BLANK)) {
            throw r.error("question", "is a cloze question without a blank: it must contain \"" + BLANK + "\"",
                    "Mark the missing words with __, e.g. \"Mara Quill works as a __.\"");
        }
        JsonNode a = r.get("answer");
        if (a != null && !a.isTextual()) {
            throw r.error("answer", "is " + RecordFields.shown(a) + ", but a " + task.id() + " question's answer is the"
                    + " expected text", "Write the ground truth as a string");
        }
        return new Question(id, subject, variant, m, task, image, question, List.of(), -1, r.requireText("answer"));
    }

    private static List<String> options(RecordFields r) {
        List<String> options = r.requireTextList("options");
        if (options.size() < 2) {
            throw r.error("options", "has " + options.size() + " option" + (options.size() == 1 ? "" : "s")
                    + ", but a multiple-choice question needs at least 2", "Add wrong options (distractors)");
        }
        if (options.size() > Question.MAX_OPTIONS) {
            throw r.error("options", "has " + options.size() + " options, more than the " + Question.MAX_OPTIONS
                    + " that can be labelled A to Z", "Remove some distractors");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < options.size(); i++) {
            Integer first = seen.putIfAbsent(options.get(i).strip().toLowerCase(Locale.ROOT), i);
            if (first != null) {
                throw r.error("options", "options " + first + " and " + i + " are the same (\"" + options.get(i)
                        + "\"): a model could not tell them apart", "Make every option different");
            }
        }
        return options;
    }

    private static int correctIndex(RecordFields r, List<String> options) {
        String range = "0.." + (options.size() - 1);
        JsonNode a = r.get("answer");
        if (a == null) {
            throw r.error("answer", "is missing: a question with no correct option", "Add \"answer\": the 0-based"
                    + " index of the correct option (" + range + ")");
        }
        if (a.isTextual()) {
            int i = options.indexOf(a.textValue());
            throw r.error("answer", "is " + RecordFields.shown(a) + ", but a multiple-choice answer is the 0-based"
                    + " index of the correct option", i >= 0 ? "Write \"answer\": " + i + " (the index of that option)"
                    : "Write the index of the correct option (" + range + ")");
        }
        if (!a.isIntegralNumber() || !a.canConvertToInt()) {
            throw r.error("answer", "is " + RecordFields.shown(a) + ", not an integer: a question with no correct"
                    + " option", "Write the 0-based index of the correct option (" + range + ")");
        }
        int i = a.intValue();
        if (i < 0 || i >= options.size()) {
            throw r.error("answer", "is " + i + ", but the question has " + options.size() + " options (indices "
                    + range + "): a question with no correct option", "Write the 0-based index of the correct option");
        }
        return i;
    }
}

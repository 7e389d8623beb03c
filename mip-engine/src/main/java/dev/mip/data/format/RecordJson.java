package dev.mip.data.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.data.Profile;
import dev.mip.data.QaPair;
import dev.mip.data.Question;
import dev.mip.data.Task;
import java.util.TreeMap;

/**
 * The JSON form of each record, keys in the fixed order of {@link MipDatasetLayout}'s field lists;
 * absent values are left out (never written as {@code null}); profile attributes sorted by key
 * (a {@link Profile} does not keep their order).
 */
final class RecordJson {
    private RecordJson() {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * @param p a profile
     * @return its line of profiles.jsonl
     */
    static ObjectNode profile(Profile p) {
        ObjectNode n = NODES.objectNode();
        n.put("id", p.id());
        n.put("name", p.name());
        if (p.image() != null) {
            n.put("image", p.image().id());
        }
        if (p.biography() != null) {
            n.put("biography", p.biography());
        }
        if (!p.attributes().isEmpty()) {
            ObjectNode a = n.putObject("attributes");
            new TreeMap<>(p.attributes()).forEach(a::put);
        }
        return n;
    }

    /**
     * @param q a training pair
     * @return its line of train.jsonl
     */
    static ObjectNode train(QaPair q) {
        ObjectNode n = NODES.objectNode();
        n.put("subject", q.subject());
        n.put("modality", q.modality() == null ? null : q.modality().id());
        if (q.image() != null) {
            n.put("image", q.image().id());
        }
        n.put("question", q.question());
        n.put("answer", q.answer());
        return n;
    }

    /**
     * @param q a question
     * @return its line of questions.jsonl (an MCQ's answer as the index of the correct option)
     */
    static ObjectNode question(Question q) {
        ObjectNode n = NODES.objectNode();
        n.put("id", q.id());
        n.put("subject", q.subject());
        n.put("variant", q.variant() == null ? null : q.variant().id());
        n.put("modality", q.modality() == null ? null : q.modality().id());
        n.put("task", q.task() == null ? null : q.task().id());
        if (q.image() != null) {
            n.put("image", q.image().id());
        }
        n.put("question", q.question());
        if (q.task() == Task.MCQ) {
            ArrayNode options = n.putArray("options");
            q.options().forEach(options::add);
            n.put("answer", q.correct());
        } else {
            n.put("answer", q.answer());
        }
        return n;
    }
}

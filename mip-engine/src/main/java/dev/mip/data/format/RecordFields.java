package dev.mip.data.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Validated reads of the fields of one JSON Lines record. Every error names the file, the line,
 * the record (kind and id, once the id is known), the field, what is wrong and the fix:
 * {@code questions.jsonl: line 12, question "q0001", field "options": ...}.
 */
final class RecordFields {
    private final Path file;
    private final int line;
    private final String kind;
    private final ObjectNode node;
    private String id;

    /**
     * @param file the JSON Lines file
     * @param line 1-based line number
     * @param kind what the record is ("profile", "training pair", "question")
     * @param node the parsed record
     */
    RecordFields(Path file, int line, String kind, ObjectNode node) {
        this.file = file;
        this.line = line;
        this.kind = kind;
        this.node = node;
        JsonNode idNode = node.get("id");
        if (idNode != null && idNode.isTextual()) {
            this.id = idNode.textValue();
        }
    }

    /** @return the 1-based line number */
    int line() {
        return line;
    }

    /** @return the file */
    Path file() {
        return file;
    }

    /** @return {@code line 12, question "q0001"} */
    String where() {
        return "line " + line + ", " + kind + (id == null ? "" : " \"" + id + "\"");
    }

    /**
     * @param field a field name
     * @param problem what is wrong
     * @param fix what to do
     * @return the exception, naming file, line, record and field
     */
    InvalidInputException error(String field, String problem, String fix) {
        return InvalidInputException.of(file, where() + ", field \"" + field + "\"", problem, fix);
    }

    /**
     * @param problem what is wrong with the record as a whole
     * @param fix what to do
     * @return the exception, naming file, line and record
     */
    InvalidInputException error(String problem, String fix) {
        return InvalidInputException.of(file, where(), problem, fix);
    }

    /**
     * Fails on the first field name that is not in {@code known}: a misspelt field must not be
     * silently ignored (its data would be lost).
     *
     * @param known the fields of this kind of record
     */
    void rejectUnknown(List<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                String close = Suggestions.closest(name, known);
                throw error(name, "unknown field", (close == null ? "Remove it" : "Did you mean \"" + close
                        + "\"? Rename it") + ". The fields of a " + kind
                                + " are: " + String.join(", ", known));
            }
        }
    }

    /**
     * @param field a field name
     * @return whether it is present and not JSON null
     */
    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /**
     * @param field a field name
     * @return its value, or null when absent or JSON null
     */
    JsonNode get(String field) {
        return has(field) ? node.get(field) : null;
    }

    /**
     * @param field a field name
     * @return its string value, which must be present, a string and not blank
     */
    String requireText(String field) {
        if (!has(field)) {
            throw error(field, "is missing", "Add it: expected a non-empty string");
        }
        String s = optString(field);
        if (s.isBlank()) {
            throw error(field, "is empty", "Write a non-empty string");
        }
        return s;
    }

    /**
     * @param field a field name
     * @return its string value (possibly empty), or null when absent
     */
    String optString(String field) {
        JsonNode v = get(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw error(field, "is " + shown(v) + " but must be a string", "Write it in double quotes");
        }
        return v.textValue();
    }

    /**
     * @param field an id field
     * @return the id: a non-empty string without whitespace
     */
    String requireId(String field) {
        String s = requireText(field);
        if (!s.equals(s.strip()) || s.chars().anyMatch(Character::isWhitespace)) {
            throw error(field, "is \"" + s + "\", which contains whitespace", "Use an id without spaces, e.g. \"p001\"");
        }
        return s;
    }

    /**
     * @param field a field holding one of a fixed set of names
     * @param fromId maps a name to its value, or null when unknown
     * @param allowed the valid names (for the message)
     * @param <E> the enum
     * @return the value
     */
    <E> E requireEnum(String field, Function<String, E> fromId, List<String> allowed) {
        String s = requireText(field);
        E e = fromId.apply(s);
        if (e == null) {
            throw error(field, "is \"" + s + "\", which is not one of " + String.join(", ", allowed),
                    Suggestions.didYouMean(s, allowed) + "Use one of: " + String.join(", ", allowed));
        }
        return e;
    }

    /**
     * @param field a field holding an object of strings
     * @return its entries in file order (empty when absent)
     */
    Map<String, String> optStringMap(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode v = get(field);
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            throw error(field, "is " + shown(v) + " but must be an object of strings, e.g. {\"job\": \"baker\"}",
                    "Write it as {\"key\": \"value\", ...}");
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isTextual()) {
                throw error(field + "." + e.getKey(), "is " + shown(e.getValue()) + " but must be a string",
                        "Write the value in double quotes, e.g. \"" + e.getValue().asText() + "\"");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    /**
     * @param field a field holding a list of strings
     * @return the strings (each non-blank)
     */
    List<String> requireTextList(String field) {
        JsonNode v = get(field);
        if (v == null) {
            throw error(field, "is missing", "Add it: expected a list of strings");
        }
        if (!v.isArray()) {
            throw error(field, "is " + shown(v) + " but must be a list of strings", "Write it as [\"...\", \"...\"]");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual()) {
                throw error(field + "[" + i + "]", "is " + shown(e) + " but must be a string", "Write it in double quotes");
            }
            if (e.textValue().isBlank()) {
                throw error(field + "[" + i + "]", "is empty", "Write a non-empty string");
            }
            out.add(e.textValue());
        }
        return out;
    }

    /**
     * @param v a JSON value
     * @return its JSON text, shortened for messages
     */
    static String shown(JsonNode v) {
        String s = v.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}

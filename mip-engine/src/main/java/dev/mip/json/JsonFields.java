package dev.mip.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed, validated reads of the fields of one JSON object from one file. Every failure names the
 * file and the dotted field path and says what value is expected, so that a user can fix a
 * hand-edited {@code config.json} or manifest without reading our code.
 */
public final class JsonFields {
    private final Path file;
    private final String prefix;
    private final JsonNode node;

    /**
     * @param file the file the object came from (for messages)
     * @param prefix dotted path of this object inside the file ("" for the root)
     * @param node the object
     */
    public JsonFields(Path file, String prefix, JsonNode node) {
        this.file = file;
        this.prefix = prefix;
        if (node == null || !node.isObject()) {
            throw InvalidInputException.of(file, prefix.isEmpty() ? null : prefix,
                    "expected a JSON object", "Fix the file so that this value is an object {...}");
        }
        this.node = node;
    }

    /** @return the file the object came from */
    public Path file() {
        return file;
    }

    /** @return the underlying object node */
    public ObjectNode node() {
        return (ObjectNode) node;
    }

    /**
     * @param field a field name of this object
     * @return its dotted path inside the file
     */
    public String path(String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }

    /**
     * @param field field name
     * @return whether the field is present and not null
     */
    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /**
     * @param field name of a nested object
     * @return accessor for it
     */
    public JsonFields object(String field) {
        if (!has(field)) {
            throw missing(field, "an object");
        }
        return new JsonFields(file, path(field), node.get(field));
    }

    /**
     * @param field field name
     * @return its value, which must be a whole number
     */
    public int requireInt(String field) {
        if (!has(field)) {
            throw missing(field, "an integer");
        }
        return asInt(field, node.get(field));
    }

    /**
     * @param field field name
     * @param dflt value when absent or null
     * @return the value
     */
    public int optInt(String field, int dflt) {
        return has(field) ? asInt(field, node.get(field)) : dflt;
    }

    /**
     * @param field field name
     * @param min smallest allowed value
     * @return the value, checked against {@code min}
     */
    public int requireIntAtLeast(String field, int min) {
        int v = requireInt(field);
        checkAtLeast(field, v, min);
        return v;
    }

    /**
     * @param field field name
     * @param dflt value when absent
     * @param min smallest allowed value
     * @return the value, checked against {@code min}
     */
    public int optIntAtLeast(String field, int dflt, int min) {
        int v = optInt(field, dflt);
        checkAtLeast(field, v, min);
        return v;
    }

    /**
     * @param field field name
     * @param dflt value when absent or null
     * @return the value
     */
    public double optDouble(String field, double dflt) {
        if (!has(field)) {
            return dflt;
        }
        JsonNode v = node.get(field);
        if (!v.isNumber()) {
            throw wrongType(field, "a number", v);
        }
        return v.doubleValue();
    }

    /**
     * @param field field name
     * @param dflt value when absent or null
     * @return the value
     */
    public boolean optBoolean(String field, boolean dflt) {
        if (!has(field)) {
            return dflt;
        }
        JsonNode v = node.get(field);
        if (!v.isBoolean()) {
            throw wrongType(field, "true or false", v);
        }
        return v.booleanValue();
    }

    /**
     * @param field field name
     * @return the string value
     */
    public String requireString(String field) {
        if (!has(field)) {
            throw missing(field, "a string");
        }
        JsonNode v = node.get(field);
        if (!v.isTextual()) {
            throw wrongType(field, "a string", v);
        }
        return v.textValue();
    }

    /**
     * @param field field name
     * @param dflt value when absent or null
     * @return the value
     */
    public String optString(String field, String dflt) {
        return has(field) ? requireString(field) : dflt;
    }

    /**
     * @param field field name
     * @param dflt value when absent
     * @return a whole number, or the first whole number of a list (HF allows lists of EOS ids)
     */
    public Integer optIntOrFirstOfList(String field, Integer dflt) {
        if (!has(field)) {
            return dflt;
        }
        JsonNode v = node.get(field);
        if (v.isArray()) {
            if (v.isEmpty()) {
                return dflt;
            }
            return asInt(field + "[0]", v.get(0));
        }
        return asInt(field, v);
    }

    /**
     * @param field field name
     * @return all whole numbers of an int-or-list field (empty when absent)
     */
    public List<Integer> optIntList(String field) {
        List<Integer> out = new ArrayList<>();
        if (!has(field)) {
            return out;
        }
        JsonNode v = node.get(field);
        if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                out.add(asInt(field + "[" + i + "]", v.get(i)));
            }
        } else {
            out.add(asInt(field, v));
        }
        return out;
    }

    /**
     * Builds the standard error for a bad value of a field.
     *
     * @param field field name
     * @param problem what is wrong
     * @param fix what to do
     * @return the exception to throw
     */
    public InvalidInputException error(String field, String problem, String fix) {
        return InvalidInputException.of(file, path(field), problem, fix);
    }

    private void checkAtLeast(String field, int v, int min) {
        if (v < min) {
            throw error(field, "is " + v + " but must be at least " + min, "Fix the value in the file");
        }
    }

    private int asInt(String field, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(field, "a whole number", v);
        }
        return v.intValue();
    }

    private InvalidInputException missing(String field, String expected) {
        return error(field, "is missing", "Add it: expected " + expected);
    }

    private InvalidInputException wrongType(String field, String expected, JsonNode v) {
        String shown = v.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 57) + "...";
        }
        return error(field, "is " + shown + " but must be " + expected, "Fix the value in the file");
    }
}

package dev.mip.data.mllmu;

import dev.mip.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value inside a {@link Row} with its dotted path ({@code Classification_Task.Pure_Text_Questions[2].Question}),
 * read with typed accessors that fail with an {@link InvalidInputException} naming file, row, ID
 * and path.
 *
 * @param row the row
 * @param path where the value sits in the row
 * @param value the plain Java value (see {@link GroupValues}), or null
 */
record FieldValue(Row row, String path, Object value) {
    private static final String FIX_SCHEMA = "Use the MLLMU-Bench schema as published on Hugging Face (MLLMMU/MLLMU-Bench)";

    boolean isNull() {
        return value == null;
    }

    /** @return the value as a non-blank string */
    String text() {
        if (value instanceof String s && !s.isBlank()) {
            return s;
        }
        if (value == null || value instanceof String) {
            throw row.error(path, value == null ? "is missing (null)" : "is empty", "Fix the row so that this field holds the text");
        }
        throw row.error(path, "is " + kind(value) + ", expected a string", FIX_SCHEMA);
    }

    /** @return the value as a string, or null when absent */
    String optionalText() {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw row.error(path, "is " + kind(value) + ", expected a string", FIX_SCHEMA);
    }

    /** @return the value as non-empty binary */
    byte[] bytes() {
        if (value instanceof byte[] b && b.length > 0) {
            return b;
        }
        throw row.error(path, value == null ? "is missing (null)" : value instanceof byte[] ? "is empty" : "is " + kind(value) + ", expected binary",
                "MLLMU-Bench embeds each image's PNG/JPEG bytes in the Parquet file: re-download the split");
    }

    /**
     * @param name a field of this struct
     * @return the field (its value may be null)
     */
    FieldValue field(String name) {
        Map<String, Object> m = struct();
        if (!m.containsKey(name)) {
            throw row.error(path, "has no field '" + name + "' (fields: " + String.join(", ", m.keySet()) + ")",
                    FIX_SCHEMA);
        }
        return new FieldValue(row, path + "." + name, m.get(name));
    }

    /** @return this struct's fields in schema order */
    Map<String, FieldValue> fields() {
        Map<String, FieldValue> out = new LinkedHashMap<>();
        struct().forEach((k, v) -> out.put(k, new FieldValue(row, path + "." + k, v)));
        return out;
    }

    /** @return the items of this list; a null list has none */
    List<FieldValue> items() {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw row.error(path, "is " + kind(value) + ", expected a list", FIX_SCHEMA);
        }
        List<FieldValue> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(new FieldValue(row, path + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    /**
     * @param problem what is wrong with this value
     * @param fix what the user should do
     * @return an exception naming file, row, ID and path
     */
    InvalidInputException error(String problem, String fix) {
        return row.error(path, problem, fix);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> struct() {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw row.error(path, value == null ? "is missing (null)" : "is " + kind(value) + ", expected a struct",
                "Use the MLLMU-Bench schema as published on Hugging Face (MLLMMU/MLLMU-Bench)");
    }

    private static String kind(Object v) {
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof byte[]) {
            return "binary";
        }
        if (v instanceof Map) {
            return "a struct";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }
}

package dev.mip.config;

import com.fasterxml.jackson.databind.JsonNode;

/** How a YAML value is shown in a message: short, and saying what kind of value it is. */
final class ConfigValues {
    private ConfigValues() {}

    /**
     * @param v a value
     * @return e.g. {@code a list}, {@code a mapping}, {@code the string "fast"}, {@code 8.5}
     */
    static String describe(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "empty";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isTextual()) {
            return "the string " + quote(v.textValue());
        }
        return shorten(v.asText());
    }

    /**
     * @param s text
     * @return it in double quotes, shortened if long
     */
    static String quote(String s) {
        return "\"" + shorten(s) + "\"";
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}

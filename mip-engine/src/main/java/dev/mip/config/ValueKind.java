package dev.mip.config;

import java.util.List;

/** What kind of value a configuration key holds; decides how it is checked, normalised and documented. */
enum ValueKind {
    /** A nested mapping of further keys. */
    MAPPING,
    /** A list of mappings, each with the same keys (the gate rules). */
    MAPPING_LIST,
    /** Free text. */
    STRING,
    /** A file or directory; relative paths resolve against the project directory. */
    PATH,
    /** A compute device: {@code cpu}, {@code gpu} or {@code gpu:N} ({@code cuda} is a synonym of {@code gpu}). */
    DEVICE,
    /** One of a fixed set of words. */
    ENUM,
    /** A list of distinct words from a fixed set. */
    ENUM_SET,
    /** A list of distinct strings. */
    STRING_SET,
    /** A whole number that fits in 32 bits. */
    INTEGER,
    /** A whole number that fits in 64 bits. */
    LONG,
    /** A finite number. */
    NUMBER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A finite number bounding a metric (no default: absent means unbounded). */
    BOUND,
    /** A fraction ({@code 0.05}) or a percentage string ({@code "5%"}), absent means unbounded. */
    RELATIVE_BOUND,
    /** What a two-sided bound centres on: {@code chance}, {@code reference}, {@code vanilla} or a number. */
    TARGET;

    /**
     * @param allowed the allowed words of {@link #ENUM} and {@link #ENUM_SET}
     * @return what a value must be, for messages ("a whole number")
     */
    String expectation(List<String> allowed) {
        return switch (this) {
            case MAPPING -> "a mapping (indented key: value lines)";
            case MAPPING_LIST -> "a list of mappings (lines starting with '- ')";
            case STRING -> "a string";
            case PATH -> "a path (a string)";
            case DEVICE -> "cpu, gpu or gpu:N (N = GPU index)";
            case ENUM -> "one of: " + String.join(", ", allowed);
            case ENUM_SET -> "a list of distinct values from: " + String.join(", ", allowed);
            case STRING_SET -> "a list of distinct strings";
            case INTEGER, LONG -> "a whole number";
            case NUMBER, BOUND -> "a number";
            case BOOLEAN -> "true or false";
            case RELATIVE_BOUND -> "a fraction (0.05) or a percentage (\"5%\")";
            case TARGET -> "chance, reference, vanilla or a number";
        };
    }

    /** @return the type column of the reference */
    String typeName() {
        return switch (this) {
            case MAPPING -> "mapping";
            case MAPPING_LIST -> "list of mappings";
            case STRING -> "string";
            case PATH -> "path";
            case DEVICE -> "device";
            case ENUM -> "word";
            case ENUM_SET -> "list of words";
            case STRING_SET -> "list of strings";
            case INTEGER -> "integer";
            case LONG -> "integer (64-bit)";
            case NUMBER, BOUND -> "number";
            case BOOLEAN -> "boolean";
            case RELATIVE_BOUND -> "fraction or percentage";
            case TARGET -> "word or number";
        };
    }
}

package dev.mip.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One key of {@code mip.yaml}: the single place that says what it holds, its default, range, unit
 * and meaning. The validator, {@link MipConfig#effectiveSettings()} and
 * {@link MipConfig#referenceMarkdown()} all read this, so the documentation cannot drift from the
 * behaviour.
 *
 * @param name the key as written in YAML
 * @param kind the kind of value
 * @param allowed allowed words of an {@link ValueKind#ENUM} or {@link ValueKind#ENUM_SET} (else empty)
 * @param defaultValue the value used when the key is absent; null when absent means "not set"
 * @param required whether the key must be present
 * @param meaning what it does; for the reference and for "missing" messages
 * @param children keys of a {@link ValueKind#MAPPING} or of each item of a {@link ValueKind#MAPPING_LIST}
 * @param range allowed numbers (null = any)
 * @param unit unit of a number ("" = none)
 */
record ConfigKey(String name, ValueKind kind, List<String> allowed, JsonNode defaultValue, boolean required, String meaning,
        List<ConfigKey> children, Range range, String unit) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Copies the lists. */
    ConfigKey {
        allowed = List.copyOf(allowed);
        children = List.copyOf(children);
    }

    private ConfigKey(String name, ValueKind kind, JsonNode dflt, String meaning) {
        this(name, kind, List.of(), dflt, false, meaning, List.of(), null, "");
    }

    static ConfigKey mapping(String name, String meaning, ConfigKey... children) {
        return new ConfigKey(name, ValueKind.MAPPING, List.of(), null, false, meaning, List.of(children), null, "");
    }

    static ConfigKey mappingList(String name, String meaning, ConfigKey... itemKeys) {
        return new ConfigKey(name, ValueKind.MAPPING_LIST, List.of(), JSON.arrayNode(), false, meaning, List.of(itemKeys), null, "");
    }

    static ConfigKey requiredPath(String name, String meaning) {
        return new ConfigKey(name, ValueKind.PATH, List.of(), null, true, meaning, List.of(), null, "");
    }

    static ConfigKey requiredString(String name, String meaning) {
        return new ConfigKey(name, ValueKind.STRING, List.of(), null, true, meaning, List.of(), null, "");
    }

    static ConfigKey path(String name, String dflt, String meaning) {
        return new ConfigKey(name, ValueKind.PATH, JSON.textNode(dflt), meaning);
    }

    static ConfigKey string(String name, String dflt, String meaning) {
        return new ConfigKey(name, ValueKind.STRING, JSON.textNode(dflt), meaning);
    }

    static ConfigKey device(String name, String dflt, String meaning) {
        return new ConfigKey(name, ValueKind.DEVICE, JSON.textNode(dflt), meaning);
    }

    static ConfigKey oneOf(String name, List<String> allowed, String dflt, String meaning) {
        return new ConfigKey(name, ValueKind.ENUM, allowed, JSON.textNode(dflt), false, meaning, List.of(), null, "");
    }

    static ConfigKey setOf(String name, List<String> allowed, Collection<String> dflt, String meaning) {
        List<String> ordered = new ArrayList<>(allowed);
        ordered.retainAll(dflt);
        return new ConfigKey(name, ValueKind.ENUM_SET, allowed, strings(ordered), false, meaning, List.of(), null, "");
    }

    static ConfigKey stringSet(String name, Collection<String> dflt, String meaning) {
        return new ConfigKey(name, ValueKind.STRING_SET, strings(dflt.stream().sorted().toList()), meaning);
    }

    static ConfigKey integer(String name, int dflt, String meaning) {
        return new ConfigKey(name, ValueKind.INTEGER, JSON.numberNode(dflt), meaning);
    }

    static ConfigKey longInteger(String name, long dflt, String meaning) {
        return new ConfigKey(name, ValueKind.LONG, JSON.numberNode(dflt), meaning);
    }

    static ConfigKey number(String name, double dflt, String meaning) {
        return new ConfigKey(name, ValueKind.NUMBER, JSON.numberNode(dflt), meaning);
    }

    static ConfigKey bool(String name, boolean dflt, String meaning) {
        return new ConfigKey(name, ValueKind.BOOLEAN, JSON.booleanNode(dflt), meaning);
    }

    static ConfigKey optionalPath(String name, String meaning) {
        return new ConfigKey(name, ValueKind.PATH, null, meaning);
    }

    static ConfigKey optionalOneOf(String name, List<String> allowed, String meaning) {
        return new ConfigKey(name, ValueKind.ENUM, allowed, null, false, meaning, List.of(), null, "");
    }

    static ConfigKey optionalInteger(String name, String meaning) {
        return new ConfigKey(name, ValueKind.INTEGER, null, meaning);
    }

    static ConfigKey target(String name, String meaning) {
        return new ConfigKey(name, ValueKind.TARGET, null, meaning);
    }

    static ConfigKey bound(String name, String meaning) {
        return new ConfigKey(name, ValueKind.BOUND, null, meaning).in(null, "metric units");
    }

    static ConfigKey relativeBound(String name, String meaning) {
        return new ConfigKey(name, ValueKind.RELATIVE_BOUND, null, meaning).in(null, "fraction of baseline");
    }

    /**
     * @param r allowed numbers (null = any)
     * @param u unit ("" = none)
     * @return a copy with that range and unit
     */
    ConfigKey in(Range r, String u) {
        return new ConfigKey(name, kind, allowed, defaultValue, required, meaning, children, r, u);
    }

    /**
     * @param key a child key name
     * @return the child, or null
     */
    ConfigKey child(String key) {
        return children.stream().filter(c -> c.name.equals(key)).findFirst().orElse(null);
    }

    /**
     * @param dotted a dotted key below this one, e.g. {@code unlearn.output}
     * @return the key, or null
     */
    ConfigKey find(String dotted) {
        ConfigKey k = this;
        for (String part : dotted.split("\\.")) {
            k = k == null ? null : k.child(part);
        }
        return k;
    }

    /** @return the names of the children, in schema order */
    List<String> childNames() {
        return children.stream().map(ConfigKey::name).toList();
    }

    private static JsonNode strings(Collection<String> values) {
        var a = JSON.arrayNode();
        values.forEach(a::add);
        return a;
    }

    /**
     * An interval of allowed numbers.
     *
     * @param min lower end
     * @param minOpen whether min itself is excluded
     * @param max upper end
     * @param maxOpen whether max itself is excluded
     */
    record Range(double min, boolean minOpen, double max, boolean maxOpen) {
        static Range atLeast(double min) {
            return new Range(min, false, Double.POSITIVE_INFINITY, true);
        }

        static Range positive() {
            return new Range(0, true, Double.POSITIVE_INFINITY, true);
        }

        static Range between(double min, double max) {
            return new Range(min, false, max, false);
        }

        /** @return (0, 1), e.g. a learning rate */
        static Range openUnit() {
            return new Range(0, true, 1, true);
        }

        /** @return (0, 1], a non-zero fraction */
        static Range fraction() {
            return new Range(0, true, 1, false);
        }

        boolean contains(double x) {
            return (minOpen ? x > min : x >= min) && (maxOpen ? x < max : x <= max);
        }

        /** @return e.g. {@code at least 1}, {@code greater than 0}, {@code between 1 and 256}, {@code in (0, 1]} */
        String text() {
            if (max == Double.POSITIVE_INFINITY) {
                return (minOpen ? "greater than " : "at least ") + show(min);
            }
            if (!minOpen && !maxOpen) {
                return "between " + show(min) + " and " + show(max);
            }
            return "in " + (minOpen ? "(" : "[") + show(min) + ", " + show(max) + (maxOpen ? ")" : "]");
        }

        private static String show(double x) {
            return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
        }
    }
}

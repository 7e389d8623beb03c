package dev.mip.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a YAML tree against {@link ConfigSchema} (unknown keys, kinds of values, required keys,
 * allowed words) and returns the normalised tree: every key present, in schema order, defaults
 * filled in, words in lower case, lists of words in a canonical order, percentages as fractions and
 * paths relative to the project directory. A wrong value is reported and replaced by its default,
 * so that checking goes on and every problem is found in one run.
 */
final class SchemaValidator {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern PERCENT = Pattern.compile("\\s*([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))\\s*%\\s*");
    private static final Pattern DEVICE = Pattern.compile("cpu|(?:gpu|cuda)(?::(\\d{1,4}))?");
    private static final Pattern PLAIN_NUMBER = Pattern.compile("\\s*[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?\\s*");

    private final Path baseDir;
    private final ConfigProblems problems;

    /**
     * @param baseDir absolute, normalised project directory that relative paths resolve against
     * @param problems where problems go
     */
    SchemaValidator(Path baseDir, ConfigProblems problems) {
        this.baseDir = baseDir;
        this.problems = problems;
    }

    /**
     * @param root the parsed file (a mapping)
     * @return the normalised tree
     */
    ObjectNode read(JsonNode root) {
        return mapping(root, ConfigSchema.ROOT, "");
    }

    private ObjectNode mapping(JsonNode node, ConfigKey schema, String path) {
        ObjectNode out = JSON.objectNode();
        JsonNode in = node;
        boolean wrongKind = in != null && !in.isNull() && !in.isObject();
        if (wrongKind) {
            problems.add(path, "is " + ConfigValues.describe(in) + " but must be " + ValueKind.MAPPING.expectation(List.of()),
                    "Write its keys (" + String.join(", ", schema.childNames()) + ") indented below " + last(path) + ":");
            in = null;
        }
        if (in != null) {
            for (Iterator<String> it = in.fieldNames(); it.hasNext();) {
                String name = it.next();
                if (schema.child(name) == null) {
                    unknownKey(schema, path, name);
                }
            }
        }
        for (ConfigKey key : schema.children()) {
            String p = join(path, key.name());
            JsonNode v = in == null ? null : in.get(key.name());
            JsonNode value = null;
            if (v == null || v.isNull()) {
                if (key.required() && !wrongKind) {
                    problems.add(p, "is missing (required)", "Add '" + key.name() + ": ...' "
                            + (path.isEmpty() ? "at the top level" : "under " + path) + " (" + key.meaning() + ")");
                }
            } else {
                value = value(v, key, p);
            }
            if (value == null && key.kind() == ValueKind.MAPPING) {
                value = mapping(null, key, p);
            }
            if (value == null && key.defaultValue() != null) {
                value = key.defaultValue().deepCopy();
            }
            out.set(key.name(), value == null ? JSON.nullNode() : value);
        }
        return out;
    }

    private void unknownKey(ConfigKey schema, String path, String name) {
        String field = join(path, name);
        String near = DidYouMean.closest(name, schema.childNames());
        if (near != null) {
            problems.add(field, "unknown key", "Did you mean " + near + "? Rename it to " + join(path, near));
            return;
        }
        List<String> elsewhere = new ArrayList<>();
        for (String known : ConfigReference.allKeys()) {
            if (known.endsWith("." + name) || known.equals(name)) {
                elsewhere.add(known);
            }
        }
        String keys = path.isEmpty() ? "The sections are: " : "The keys of " + path + " are: ";
        if (!elsewhere.isEmpty()) {
            problems.add(field, "unknown key here", "Did you mean " + String.join(" or ", elsewhere) + "? Move it there. "
                    + keys + String.join(", ", schema.childNames()));
        } else {
            problems.add(field, "unknown key", "Remove it or fix its name. " + keys + String.join(", ", schema.childNames()));
        }
    }

    /** @return the normalised value, or null after reporting a problem */
    private JsonNode value(JsonNode v, ConfigKey key, String path) {
        return switch (key.kind()) {
            case MAPPING -> mapping(v, key, path);
            case MAPPING_LIST -> mappingList(v, key, path);
            case STRING -> string(v, key, path);
            case PATH -> path(v, key, path);
            case DEVICE -> device(v, key, path);
            case ENUM -> word(v, key, path);
            case ENUM_SET, STRING_SET -> set(v, key, path);
            case INTEGER -> v.isIntegralNumber() && v.canConvertToInt() ? inRange(v, JSON.numberNode(v.intValue()), key, path)
                    : wholeNumber(v, key, path);
            case LONG -> v.isIntegralNumber() && v.canConvertToLong() ? inRange(v, JSON.numberNode(v.longValue()), key, path)
                    : wholeNumber(v, key, path);
            case NUMBER -> v.isNumber() && Double.isFinite(v.doubleValue()) ? inRange(v, JSON.numberNode(v.doubleValue()), key, path)
                    : mismatch(v, key, path);
            case BOOLEAN -> v.isBoolean() ? v : mismatch(v, key, path);
            case BOUND -> bound(v, key, path);
            case RELATIVE_BOUND -> relativeBound(v, key, path);
            case TARGET -> target(v, key, path);
        };
    }

    private JsonNode inRange(JsonNode written, JsonNode v, ConfigKey key, String path) {
        if (key.range() == null || key.range().contains(v.doubleValue())) {
            return v;
        }
        String range = key.range().text();
        problems.add(path, "is " + written.asText() + " but must be " + range, "Write a value " + range + ", e.g. " + key.name()
                + ": " + flow(key.defaultValue()) + " (the default)");
        return null;
    }

    private JsonNode path(JsonNode v, ConfigKey key, String path) {
        JsonNode s = string(v, key, path);
        if (s == null) {
            return null;
        }
        try {
            Path p = baseDir.resolve(s.textValue().trim()).normalize();
            String rel = relative(p);
            return JSON.textNode(rel.isEmpty() ? "." : rel);
        } catch (InvalidPathException e) {
            problems.add(path, "is not a valid path (" + e.getReason() + ")", "Write a file or directory path");
            return null;
        }
    }

    /**
     * A path relative to the project directory ({@code ../shared/model} when outside it), so that the
     * same build in two checkouts records the same settings; absolute only where no relative path
     * exists (another drive on Windows).
     */
    private String relative(Path p) {
        try {
            return baseDir.relativize(p).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return p.toString();
        }
    }

    private JsonNode device(JsonNode v, ConfigKey key, String path) {
        Matcher m = v.isTextual() ? DEVICE.matcher(v.textValue().trim().toLowerCase(Locale.ROOT)) : null;
        if (m == null || !m.matches()) {
            return mismatch(v, key, path);
        }
        return JSON.textNode(m.group().equals("cpu") ? "cpu" : "gpu:" + (m.group(1) == null ? 0 : Integer.parseInt(m.group(1))));
    }

    private JsonNode mappingList(JsonNode v, ConfigKey key, String path) {
        if (!v.isArray()) {
            return mismatch(v, key, path);
        }
        ArrayNode out = JSON.arrayNode();
        for (int i = 0; i < v.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode item = v.get(i);
            if (item == null || !item.isObject()) {
                problems.add(p, "is " + ConfigValues.describe(item) + " but each item must be a mapping with the keys "
                        + String.join(", ", key.childNames()), "Write the item as '- " + key.children().get(0).name() + ": ...' "
                        + "followed by its other keys, indented");
                out.addNull(); // keeps the indices of the following items
                continue;
            }
            out.add(mapping(item, key, p));
        }
        return out;
    }

    private JsonNode string(JsonNode v, ConfigKey key, String path) {
        if (!v.isTextual()) {
            return mismatch(v, key, path);
        }
        if (v.textValue().isBlank()) {
            problems.add(path, "is an empty string", "Write a value or delete the key" + (key.required() ? "" : " to use the default"));
            return null;
        }
        return v;
    }

    private JsonNode word(JsonNode v, ConfigKey key, String path) {
        if (!v.isValueNode()) {
            return mismatch(v, key, path);
        }
        String given = v.asText().trim().toLowerCase(Locale.ROOT);
        if (key.allowed().contains(given)) {
            return JSON.textNode(given);
        }
        notAllowed(key, path, v.asText());
        return null;
    }

    private void notAllowed(ConfigKey key, String path, String given) {
        String near = DidYouMean.closest(given, key.allowed());
        problems.add(path, "is " + ConfigValues.quote(given) + " but must be one of: " + String.join(", ", key.allowed()),
                near != null ? "Did you mean " + near + "?" : "Use one of the listed values");
    }

    private JsonNode set(JsonNode v, ConfigKey key, String path) {
        if (!v.isArray()) {
            return mismatch(v, key, path);
        }
        if (v.isEmpty()) {
            problems.add(path, "is an empty list", "List at least one value, or delete the key to use the default "
                    + flow(key.defaultValue()));
            return null;
        }
        Set<String> seen = new LinkedHashSet<>();
        boolean ok = true;
        for (int i = 0; i < v.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode item = v.get(i);
            String s;
            if (key.kind() == ValueKind.ENUM_SET) {
                JsonNode w = item.isValueNode() ? word(item, key, p) : mismatchItem(item, key, p);
                s = w == null ? null : w.textValue();
            } else {
                s = item.isTextual() && !item.textValue().isBlank() ? item.textValue().trim() : null;
                if (s == null) {
                    mismatchItem(item, key, p);
                }
            }
            if (s == null) {
                ok = false;
            } else if (!seen.add(s)) {
                problems.add(p, ConfigValues.quote(s) + " is listed twice", "Remove the repetition");
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        List<String> ordered = new ArrayList<>();
        if (key.kind() == ValueKind.ENUM_SET) {
            key.allowed().stream().filter(seen::contains).forEach(ordered::add);
        } else {
            ordered.addAll(new TreeSet<>(seen));
        }
        ArrayNode out = JSON.arrayNode();
        ordered.forEach(out::add);
        return out;
    }

    private JsonNode mismatchItem(JsonNode item, ConfigKey key, String path) {
        String expected = key.kind() == ValueKind.ENUM_SET ? "one of: " + String.join(", ", key.allowed()) : "a non-empty string";
        problems.add(path, "is " + ConfigValues.describe(item) + " but each item must be " + expected,
                "Write each item as " + expected);
        return null;
    }

    private JsonNode wholeNumber(JsonNode v, ConfigKey key, String path) {
        if (v.isNumber() && !v.isIntegralNumber()) {
            problems.add(path, "is " + v.asText() + " but must be a whole number", "Write a whole number, e.g. "
                    + key.name() + ": " + flow(key.defaultValue()));
            return null;
        }
        if (v.isIntegralNumber()) {
            problems.add(path, "is " + v.asText() + ", too large", "Write a smaller whole number, e.g. " + key.name() + ": "
                    + flow(key.defaultValue()));
            return null;
        }
        return mismatch(v, key, path);
    }

    private JsonNode bound(JsonNode v, ConfigKey key, String path) {
        if (v.isNumber() && Double.isFinite(v.doubleValue())) {
            return JSON.numberNode(v.doubleValue());
        }
        Matcher m = v.isTextual() ? PERCENT.matcher(v.textValue()) : null;
        if (m != null && m.matches()) {
            String instead = new BigDecimal(m.group(1)).movePointLeft(2).stripTrailingZeros().toPlainString() + ", not "
                    + ConfigValues.quote(v.textValue().trim());
            String fix = key.name().contains("Drop")
                    ? "Write the drop in metric units (" + instead + "), or use " + relativeName(key.name())
                            + " for a drop relative to the baseline"
                    : "Write the value in metric units, as a fraction (" + instead + ")";
            problems.add(path, "is " + ConfigValues.quote(v.textValue()) + " but a percentage is only allowed in the relative "
                    + "bounds (minRelativeDropFromBaseline, maxRelativeDropFromBaseline)", fix);
            return null;
        }
        return mismatch(v, key, path);
    }

    private JsonNode target(JsonNode v, ConfigKey key, String path) {
        dev.mip.gate.GateTarget t = v.isNumber() || v.isTextual() ? dev.mip.gate.GateTarget.parse(v.asText()) : null;
        if (t == null) {
            return mismatch(v, key, path);
        }
        return t.kind() == dev.mip.gate.GateTarget.Kind.VALUE ? JSON.numberNode(t.value()) : JSON.textNode(t.id());
    }

    private JsonNode relativeBound(JsonNode v, ConfigKey key, String path) {
        if (v.isTextual()) {
            Matcher m = PERCENT.matcher(v.textValue());
            if (m.matches()) {
                double x = new BigDecimal(m.group(1)).movePointLeft(2).doubleValue();
                if (Math.abs(x) > 1) {
                    problems.add(path, "is " + ConfigValues.quote(v.textValue()) + " but a relative drop is at most 100%",
                            "Write a percentage between \"0%\" and \"100%\"");
                    return null;
                }
                return JSON.numberNode(x);
            }
            if (!PLAIN_NUMBER.matcher(v.textValue()).matches()) {
                return mismatch(v, key, path);
            }
        } else if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            return mismatch(v, key, path);
        }
        double x = v.isNumber() ? v.doubleValue() : Double.parseDouble(v.textValue().trim());
        if (Math.abs(x) > 1) {
            String shown = v.isNumber() ? v.asText() : v.textValue().trim();
            problems.add(path, "is " + shown + ", which is ambiguous: a relative drop is a fraction of the baseline, "
                    + "so " + shown + " would mean " + Math.round(x * 100) + "%", "Write a fraction (e.g. 0.05) or a "
                    + "percentage string (e.g. \"" + shown + "%\")");
            return null;
        }
        return JSON.numberNode(x);
    }

    private JsonNode mismatch(JsonNode v, ConfigKey key, String path) {
        String example = key.defaultValue() == null || key.kind() == ValueKind.MAPPING_LIST ? ""
                : ", e.g. " + key.name() + ": " + flow(key.defaultValue());
        problems.add(path, "is " + ConfigValues.describe(v) + " but must be " + key.kind().expectation(key.allowed()),
                "Write " + key.kind().expectation(key.allowed()) + example);
        return null;
    }

    /** @return a value as YAML flow text, e.g. {@code [text, vision]} */
    private static String flow(JsonNode v) {
        if (v == null) {
            return "";
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(x -> items.add(x.asText()));
            return "[" + String.join(", ", items) + "]";
        }
        return v.asText();
    }

    private static String relativeName(String absolute) {
        return absolute.replace("DropFromBaseline", "RelativeDropFromBaseline");
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String last(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}

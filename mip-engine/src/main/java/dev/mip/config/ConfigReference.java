package dev.mip.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference of {@code mip.yaml} in Markdown, generated from {@link ConfigSchema} so that it
 * lists exactly the keys the validator accepts, with the defaults and ranges the engine uses.
 */
final class ConfigReference {
    private ConfigReference() {}

    /**
     * @return every key's dotted path, in schema order; items of a list of mappings appear as
     *     {@code gate.rules[].metric}
     */
    static List<String> allKeys() {
        List<String> out = new ArrayList<>();
        collect(ConfigSchema.ROOT, "", out);
        return out;
    }

    private static void collect(ConfigKey key, String path, List<String> out) {
        for (ConfigKey c : key.children()) {
            String p = join(path, c.name());
            out.add(p);
            collect(c, c.kind() == ValueKind.MAPPING_LIST ? p + "[]" : p, out);
        }
    }

    /** @return the reference: one table per section, every key with type, default, allowed values, unit and meaning */
    static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("## Reference\n\n")
                .append("Every key is optional unless its default says **required**; an absent key (or one with an ")
                .append("empty value) takes the default shown. Relative paths resolve against the project directory ")
                .append("(the Maven project's basedir), not the working directory. Unknown keys, duplicate keys, wrong ")
                .append("types and values out of range are errors, all reported together with file, line and column.\n");
        section(ConfigSchema.ROOT, "", sb);
        return sb.toString();
    }

    private static void section(ConfigKey mapping, String path, StringBuilder sb) {
        List<ConfigKey> rows = mapping.children().stream().filter(c -> c.kind() != ValueKind.MAPPING).toList();
        if (!path.isEmpty()) {
            sb.append("\n### `").append(path).append("`\n\n").append(mapping.meaning()).append('\n');
        }
        if (!rows.isEmpty()) {
            sb.append("\n| Key | Type | Default | Allowed | Unit | Meaning |\n|---|---|---|---|---|---|\n");
            for (ConfigKey c : rows) {
                sb.append("| `").append(join(path, c.name())).append("` | ").append(c.kind().typeName()).append(" | ")
                        .append(defaultCell(c)).append(" | ").append(allowedCell(c)).append(" | ").append(c.unit())
                        .append(" | ").append(c.meaning().replace("|", "\\|")).append(" |\n");
            }
        }
        for (ConfigKey c : mapping.children()) {
            if (c.kind() == ValueKind.MAPPING) {
                section(c, join(path, c.name()), sb);
            } else if (c.kind() == ValueKind.MAPPING_LIST) {
                section(c, join(path, c.name()) + "[]", sb);
            }
        }
    }

    private static String defaultCell(ConfigKey c) {
        if (c.required()) {
            return "**required**";
        }
        JsonNode d = c.defaultValue();
        if (d == null) {
            return "not set";
        }
        if (d.isArray()) {
            List<String> items = new ArrayList<>();
            d.forEach(x -> items.add(x.asText()));
            return "`[" + String.join(", ", items) + "]`";
        }
        return "`" + d.asText() + "`";
    }

    private static String allowedCell(ConfigKey c) {
        if (c.range() != null) {
            return c.range().text();
        }
        return switch (c.kind()) {
            case ENUM, ENUM_SET -> "`" + String.join("`, `", c.allowed()) + "`";
            case DEVICE -> "`cpu`, `gpu`, `gpu:N`";
            case BOOLEAN -> "`true`, `false`";
            case PATH -> "absolute, or relative to the project directory";
            case STRING, STRING_SET -> "non-empty text";
            case INTEGER, LONG -> "any whole number";
            case NUMBER, BOUND -> "any number";
            case RELATIVE_BOUND -> "0 to 1, or `\"0%\"` to `\"100%\"`";
            case TARGET -> "`chance`, `reference`, `vanilla` or a number";
            case MAPPING, MAPPING_LIST -> "see below";
        };
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}

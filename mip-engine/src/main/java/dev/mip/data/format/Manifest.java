package dev.mip.data.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.json.JsonFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parsed {@code manifest.json} of a mip-dataset directory.
 *
 * @param file the manifest file
 * @param name the dataset's name
 * @param description free text, or null
 * @param splits named profile sets, in file order (each checked: non-empty, no repeated id)
 * @param files relative path to expected SHA-256 (lower-case hex), empty when the manifest lists none
 * @param generator free-form provenance, or null
 */
record Manifest(Path file, String name, String description, Map<String, List<String>> splits,
        Map<String, String> files, ObjectNode generator) {

    private static final Pattern SPLIT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * @param dir the dataset directory (exists)
     * @return the manifest
     */
    static Manifest read(Path dir) {
        Path file = dir.resolve(MipDatasetLayout.MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw InvalidInputException.of(file, null, "the dataset has no manifest" + DatasetDirectory.similarFiles(dir,
                    MipDatasetLayout.MANIFEST), "Create it: {\"format\": \"" + MipDatasetLayout.FORMAT + "\", \"version\": "
                    + MipDatasetLayout.VERSION + ", \"name\": \"...\", \"splits\": {...}} (see " + MipDatasetLayout.DOC + ")");
        }
        JsonNode root;
        try {
            root = JsonLines.STRICT.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw InvalidInputException.of(file, "line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr(), "is not valid JSON (" + e.getOriginalMessage() + ")",
                    "Fix the JSON syntax: check quotes, commas and braces");
        } catch (IOException e) {
            throw InvalidInputException.of(file, null, "could not be read: " + e, "Check that the file is readable");
        }
        if (root == null || !root.isObject()) {
            throw InvalidInputException.of(file, null, "is not a JSON object", "The manifest must be one object {...}");
        }
        JsonFields f = new JsonFields(file, "", root);
        checkFormat(f);
        rejectUnknown(f);
        String name = f.requireString("name");
        if (name.isBlank()) {
            throw f.error("name", "is empty", "Give the dataset a name");
        }
        String description = f.optString("description", null);
        ObjectNode generator = null;
        if (f.has("generator")) {
            generator = f.object("generator").node();
        }
        return new Manifest(file, name, description, splits(f), files(f), generator);
    }

    private static void checkFormat(JsonFields f) {
        if (!f.has("format")) {
            throw f.error("format", "is missing: this is not a mip-dataset manifest", "Add \"format\": \""
                    + MipDatasetLayout.FORMAT + "\", or check that this is the dataset directory (a model directory"
                    + " also has a manifest.json)");
        }
        String format = f.requireString("format");
        if (!format.equals(MipDatasetLayout.FORMAT)) {
            throw f.error("format", "is \"" + format + "\" but must be \"" + MipDatasetLayout.FORMAT + "\"",
                    "Check that this is a mip-dataset directory, or fix the value");
        }
        int version = f.requireInt("version");
        if (version != MipDatasetLayout.VERSION) {
            throw f.error("version", "is " + version + ", but this version of MIP reads only version "
                    + MipDatasetLayout.VERSION, version > MipDatasetLayout.VERSION
                            ? "Upgrade MIP, or write the dataset in version " + MipDatasetLayout.VERSION
                            : "Use \"version\": " + MipDatasetLayout.VERSION);
        }
    }

    private static void rejectUnknown(JsonFields f) {
        Iterator<String> names = f.node().fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!MipDatasetLayout.MANIFEST_FIELDS.contains(n)) {
                String close = Suggestions.closest(n, MipDatasetLayout.MANIFEST_FIELDS);
                throw f.error(n, "unknown field", (close == null ? "Remove it" : "Did you mean \"" + close
                        + "\"? Rename it") + ". The fields of the manifest are: "
                                + String.join(", ", MipDatasetLayout.MANIFEST_FIELDS) + " (free-form data goes under"
                                + " \"generator\")");
            }
        }
    }

    private static Map<String, List<String>> splits(JsonFields f) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (!f.has("splits")) {
            return out;
        }
        JsonFields s = f.object("splits");
        for (Map.Entry<String, JsonNode> e : s.node().properties()) {
            String split = e.getKey();
            if (!SPLIT_NAME.matcher(split).matches()) {
                throw s.error(split, "is not a valid split name", "Use letters, digits, '_', '-' and '.', e.g."
                        + " forget_5, retain_95, holdout");
            }
            JsonNode ids = e.getValue();
            if (!ids.isArray()) {
                throw s.error(split, "is " + RecordFields.shown(ids) + " but must be a list of profile ids",
                        "Write it as [\"p001\", \"p002\"]");
            }
            if (ids.isEmpty()) {
                throw s.error(split, "is empty", "List at least one profile id, or remove the split");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                JsonNode id = ids.get(i);
                if (!id.isTextual() || id.textValue().isBlank()) {
                    throw s.error(split + "[" + i + "]", "is " + RecordFields.shown(id) + " but must be a profile id"
                            + " (a non-empty string)", "Write the id in double quotes, e.g. \"p001\"");
                }
                if (!seen.add(id.textValue())) {
                    throw s.error(split + "[" + i + "]", "lists profile \"" + id.textValue() + "\" twice",
                            "Remove the repeated id");
                }
            }
            out.put(split, new ArrayList<>(seen));
        }
        return out;
    }

    private static Map<String, String> files(JsonFields f) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!f.has("files")) {
            return out;
        }
        JsonFields files = f.object("files");
        for (Map.Entry<String, JsonNode> e : files.node().properties()) {
            String p = e.getKey();
            JsonNode hash = e.getValue();
            if (!hash.isTextual() || !SHA256.matcher(hash.textValue()).matches()) {
                throw files.error(p, "is " + RecordFields.shown(hash) + " but must be a SHA-256 hash (64 lower-case"
                        + " hexadecimal digits)", "Write the output of `sha256sum " + p + "`, or remove the entry");
            }
            if (p.equals(MipDatasetLayout.MANIFEST)) {
                throw files.error(p, "the manifest cannot list its own hash", "Remove this entry");
            }
            out.put(p, hash.textValue());
        }
        return out;
    }
}

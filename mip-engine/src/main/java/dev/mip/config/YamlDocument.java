package dev.mip.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mip.InvalidInputException;
import dev.mip.config.YamlLocations.Position;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The text and the parsed tree of one YAML file. Anything that stops the file from being read as
 * one YAML mapping (missing, unreadable, a syntax error, empty, several documents, not a mapping)
 * fails here at once: nothing else can be checked before it is fixed. Duplicate keys are not
 * rejected here but reported with the other problems (see {@link YamlLocations#duplicates()}).
 *
 * @param text the file's text
 * @param root the root mapping
 */
record YamlDocument(String text, JsonNode root) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * @param file the file (absolute)
     * @param what what the file should contain, for messages (e.g. "the sections model, data, ...")
     * @return the document
     * @throws InvalidInputException naming the file (and line and column) if it cannot be read as one mapping
     */
    static YamlDocument read(Path file, String what) {
        String text = readText(file);
        JsonNode root;
        try (JsonParser p = YAML.createParser(text)) {
            root = p.nextToken() == null ? null : YAML.readTree(p);
            if (root != null && p.nextToken() != null) {
                throw fail(file, null, "holds more than one YAML document (a second '---')",
                        "Keep one document: merge them or delete the second");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException i) {
                throw i;
            }
            throw syntaxError(file, e);
        }
        if (root == null || root.isMissingNode() || root.isNull() || (root.isTextual() && root.textValue().isBlank())) {
            throw fail(file, null, "is empty", "Write the configuration into it: a mapping with " + what);
        }
        if (!root.isObject()) {
            throw fail(file, Position.START, "holds " + ConfigValues.describe(root) + ", not a mapping of sections",
                    "Write a mapping with " + what + " (key: value lines, no leading '-')");
        }
        return new YamlDocument(text, root);
    }

    private static String readText(Path file) {
        if (!Files.exists(file)) {
            throw fail(file, null, "does not exist", "Create it (start from the complete example in docs/configuration.md) "
                    + "or point the configuration setting at an existing file");
        }
        if (Files.isDirectory(file)) {
            throw fail(file, null, "is a directory, not a file", "Point the configuration setting at the YAML file (e.g. "
                    + file.resolve("mip.yaml") + ")");
        }
        try {
            return Files.readString(file);
        } catch (CharacterCodingException e) {
            throw fail(file, null, "is not UTF-8 text", "Save it as UTF-8");
        } catch (IOException | SecurityException e) {
            throw new InvalidInputException(ConfigProblems.format(file, null, null, "cannot be read (" + e + ")",
                    "Check that the file is readable by this user"), e);
        }
    }

    private static InvalidInputException syntaxError(Path file, Exception e) {
        Position at = null;
        String problem = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException y && y.getProblemMark() != null) {
                at = new Position(y.getProblemMark().getLine() + 1, y.getProblemMark().getColumn() + 1);
                problem = y.getProblem() + (y.getContext() == null ? "" : " (" + y.getContext() + ")");
                break;
            }
        }
        if (problem != null && problem.indexOf('\n') >= 0) {
            problem = problem.substring(0, problem.indexOf('\n'));
        }
        return new InvalidInputException(ConfigProblems.format(file, at, null, "not valid YAML: " + problem,
                "Fix the syntax at that line: indent with spaces, put a space after ':', close brackets and quotes"), e);
    }

    private static InvalidInputException fail(Path file, Position at, String problem, String fix) {
        return new InvalidInputException(ConfigProblems.format(file, at, null, problem, fix));
    }
}

package dev.mip.data.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams a JSON Lines file one record at a time (constant memory for any file size). Blank lines
 * are skipped; every other line must hold exactly one JSON object. The text must be UTF-8 (a
 * leading byte order mark is tolerated).
 */
final class JsonLines {
    /** Strict parsing: a repeated key or text after the object is an error, not silently dropped. */
    static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonLines() {}

    /** Receives each record. */
    @FunctionalInterface
    interface Handler {
        /** @param record the record of one non-blank line */
        void record(RecordFields record);
    }

    /**
     * @param file the file (must exist)
     * @param kind what one record is, for messages ("profile", "question")
     * @param handler called for each record, in file order
     */
    static void forEach(Path file, String kind, Handler handler) {
        int lineNo = 0;
        try (Utf8Lines in = new Utf8Lines(Files.newInputStream(file))) {
            while (true) {
                String line;
                try {
                    line = in.next();
                } catch (CharacterCodingException e) {
                    throw InvalidInputException.of(file, "line " + (lineNo + 1), "is not valid UTF-8 text",
                            "Save the file with UTF-8 encoding");
                }
                if (line == null) {
                    break;
                }
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                handler.record(new RecordFields(file, lineNo, kind, parse(file, lineNo, line)));
            }
        } catch (IOException e) {
            throw InvalidInputException.of(file, lineNo == 0 ? null : "line " + (lineNo + 1),
                    "could not be read: " + e.getMessage(),
                    "Check that the file is a readable JSON Lines text file");
        }
    }

    private static ObjectNode parse(Path file, int lineNo, String line) {
        JsonNode n;
        try {
            n = STRICT.readTree(line);
        } catch (JsonProcessingException e) {
            String fix = "Each non-blank line must hold one complete JSON object {...}: check quotes, commas and"
                    + " braces";
            if (line.strip().equals("{") || line.strip().equals("[")) {
                fix = "A record cannot span several lines and the file is not a JSON array: write each record"
                        + " as one JSON object on one line";
            }
            throw InvalidInputException.of(file, "line " + lineNo, "is not valid JSON (" + e.getOriginalMessage()
                    + ", at column " + e.getLocation().getColumnNr() + ")", fix);
        }
        if (!n.isObject()) {
            throw InvalidInputException.of(file, "line " + lineNo, "is " + RecordFields.shown(n)
                    + ", not a JSON object", "Write each record as one JSON object {...} on one line");
        }
        return (ObjectNode) n;
    }
}

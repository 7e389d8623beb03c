package dev.mip.data.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter.NopIndenter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.util.Separators.Spacing;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * How the writer lays out JSON, independent of the platform: records on one line as
 * {@code {"id": "p001", "options": ["a", "b"]}}, the manifest indented by two spaces with lists on
 * one line; {@code "\n"} line endings; keys in insertion order (callers insert in a fixed order).
 */
final class JsonStyle {
    private JsonStyle() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Separators SPACED = Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Spacing.AFTER)
            .withObjectEntrySpacing(Spacing.AFTER)
            .withArrayValueSpacing(Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    private static final ObjectWriter LINE = MAPPER.writer(new DefaultPrettyPrinter(SPACED)
            .withObjectIndenter(NopIndenter.instance)
            .withArrayIndenter(NopIndenter.instance));
    private static final ObjectWriter DOCUMENT = MAPPER.writer(new DefaultPrettyPrinter(SPACED
                    .withObjectEntrySpacing(Spacing.NONE))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(NopIndenter.instance));

    /**
     * @param record a record
     * @return one line of JSON Lines, ending with {@code "\n"}
     */
    static String line(ObjectNode record) {
        return write(LINE, record);
    }

    /**
     * @param doc a document (the manifest)
     * @return indented JSON ending with {@code "\n"}
     */
    static String document(ObjectNode doc) {
        return write(DOCUMENT, doc);
    }

    private static String write(ObjectWriter w, ObjectNode n) {
        try {
            return w.writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // cannot happen for a tree of plain values
        }
    }
}

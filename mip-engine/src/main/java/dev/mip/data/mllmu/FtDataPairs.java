package dev.mip.data.mllmu;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mip.data.ImageRef;
import dev.mip.data.Modality;
import dev.mip.data.QaPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training pairs of one {@code ft_Data} row: its {@code metadata} column is a JSON string
 * holding a list of {@code {"Question": ..., "Answer": ...}}; each becomes an image+text
 * {@link QaPair} about the row's {@code ID}, shown with the row's image.
 */
final class FtDataPairs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIX = "metadata must be a JSON list of {\"Question\": \"...\", \"Answer\": \"...\"} objects: "
            + "re-download ft_Data, or fix the row";

    private FtDataPairs() {}

    /**
     * @param row an ft_Data row (columns {@code ID}, {@code image}, {@code metadata})
     * @param image the row's image
     * @return its training pairs, in order
     * @throws dev.mip.InvalidInputException naming file, row and field if metadata is not such a list
     */
    static List<QaPair> of(Row row, ImageRef image) {
        FieldValue metadata = row.column("metadata");
        JsonNode root;
        try {
            root = JSON.readTree(metadata.text());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw metadata.error("is not valid JSON (" + e.getOriginalMessage()
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ")", FIX);
        }
        if (root.isObject()) {
            root = JSON.createArrayNode().add(root);
        }
        if (!root.isArray()) {
            throw metadata.error("is a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT) + ", expected a list", FIX);
        }
        List<QaPair> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode pair = root.get(i);
            String where = "metadata[" + i + "]";
            out.add(new QaPair(row.id(), Modality.IMAGE, image, text(row, pair, where, "Question"), text(row, pair, where, "Answer")));
        }
        return out;
    }

    private static String text(Row row, JsonNode pair, String where, String field) {
        JsonNode v = pair.isObject() ? pair.get(field) : null;
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw row.error(where + "." + field, !pair.isObject() ? "is not inside a JSON object" : v == null ? "is missing"
                    : v.isTextual() ? "is empty" : "is " + v.getNodeType().name().toLowerCase(Locale.ROOT) + ", expected a string", FIX);
        }
        return v.asText();
    }
}

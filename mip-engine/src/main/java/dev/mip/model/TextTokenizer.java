package dev.mip.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mip.InvalidInputException;
import dev.mip.runtime.DjlRuntime;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A checkpoint's {@code tokenizer.json}, run by DJL's binding of Hugging Face tokenizers. Loaded
 * without truncation or padding (DJL would otherwise cut at 512 tokens) and without reading
 * {@code tokenizer_config.json}, so encoding depends on {@code tokenizer.json} alone.
 */
public final class TextTokenizer implements AutoCloseable {
    /** File name inside a model directory. */
    public static final String FILE = "tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;
    private final Map<Integer, String> addedTokens;
    private final Map<String, Integer> addedIds;
    private final Path file;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, Map<Integer, String> addedTokens, Path file) {
        this.tokenizer = tokenizer;
        this.addedTokens = Collections.unmodifiableMap(addedTokens);
        Map<String, Integer> ids = new HashMap<>();
        addedTokens.forEach((id, text) -> ids.put(text, id));
        this.addedIds = Collections.unmodifiableMap(ids);
        this.file = file;
    }

    /**
     * Loads {@code tokenizer.json} from a model directory.
     *
     * @param dir the model directory
     * @return the tokenizer; close it when done
     */
    public static TextTokenizer load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw InvalidInputException.of(dir, null, "no " + FILE + " in the model directory",
                    "Add the Hugging Face fast tokenizer file (tokenizer.json) of this model");
        }
        byte[] bytes;
        JsonNode root;
        try {
            bytes = Files.readAllBytes(file);
            root = new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw InvalidInputException.of(file, null, "is not readable JSON (" + e.getMessage() + ")",
                    "Re-export the tokenizer with tokenizer.save_pretrained()");
        }
        Map<Integer, String> added = new HashMap<>();
        JsonNode list = root.get("added_tokens");
        if (list != null && list.isArray()) {
            for (JsonNode t : list) {
                if (t.has("id") && t.has("content")) {
                    added.put(t.get("id").asInt(), t.get("content").asText());
                }
            }
        }
        DjlRuntime.init();
        Map<String, String> options = Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false");
        try {
            HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(bytes), options);
            return new TextTokenizer(tok, added, file);
        } catch (IOException | RuntimeException e) {
            throw InvalidInputException.of(file, null, "could not be loaded by the tokenizers library ("
                    + e.getMessage() + ")", "Re-export the tokenizer with tokenizer.save_pretrained()");
        }
    }

    /** Token ids with, for each token, the character offset where it starts in the text. */
    public record Encoded(long[] ids, int[] charStarts) {}

    /**
     * Encodes text with the tokenizer's special tokens (e.g. BOS) added as its post-processor says.
     *
     * @param text the text
     * @return ids and character offsets (tokens the post-processor inserted get offset -1)
     */
    public Encoded encode(String text) {
        Encoding e = tokenizer.encode(text, true, false);
        long[] ids = e.getIds();
        CharSpan[] spans = e.getCharTokenSpans();
        long[] special = e.getSpecialTokenMask();
        int[] starts = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            // Tokens inserted by the post-processor (BOS, EOS) have the empty span (0, 0).
            boolean inserted = special[i] == 1 && spans[i] != null && spans[i].getStart() == 0 && spans[i].getEnd() == 0;
            starts[i] = spans[i] == null || inserted ? -1 : spans[i].getStart();
        }
        return new Encoded(ids, starts);
    }

    /**
     * @param ids token ids
     * @return the text, special tokens removed
     */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true).trim();
    }

    /**
     * @param id a token id
     * @return the text of an added (special) token with this id, or null
     */
    public String addedToken(int id) {
        return addedTokens.get(id);
    }

    /**
     * @param text an added token's text
     * @return its id, or null
     */
    public Integer addedTokenId(String text) {
        return addedIds.get(text);
    }

    /** @return the tokenizer file */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}

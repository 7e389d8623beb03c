package dev.mip.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a Hugging Face {@code tokenizer.json} for a closed word-level vocabulary: whitespace and
 * punctuation pre-tokenisation, special tokens first (ids 0..), a post-processor that prepends
 * BOS, and a decoder that joins words with spaces and glues punctuation back. This is what a
 * small model trained from scratch on a known corpus needs; any HF tokenizer library reads it.
 */
public final class WordLevelTokenizerJson {
    /** Padding token text (id 0). */
    public static final String PAD = "<pad>";
    /** Unknown-word token text (id 1). */
    public static final String UNK = "<unk>";
    /** Begin-of-sequence token text (id 2). */
    public static final String BOS = "<s>";
    /** End-of-sequence token text (id 3). */
    public static final String EOS = "</s>";
    /** Image placeholder token text (id 4). */
    public static final String IMAGE = "<image>";
    /** The special tokens in id order. */
    public static final List<String> SPECIALS = List.of(PAD, UNK, BOS, EOS, IMAGE);

    private WordLevelTokenizerJson() {}

    /**
     * @param words the vocabulary (duplicates and specials ignored); ids follow the specials in this order
     * @return the tokenizer.json text
     */
    public static String build(List<String> words) {
        Set<String> vocab = new LinkedHashSet<>(SPECIALS);
        vocab.addAll(words);
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < SPECIALS.size(); i++) {
            ObjectNode t = added.addObject();
            t.put("id", i);
            t.put("content", SPECIALS.get(i));
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        root.putObject("pre_tokenizer").put("type", "Whitespace");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", BOS).put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", BOS).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode bos = post.putObject("special_tokens").putObject(BOS);
        bos.put("id", BOS);
        bos.putArray("ids").add(SPECIALS.indexOf(BOS));
        bos.putArray("tokens").add(BOS);
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "WordPiece");
        dec.put("prefix", "##");
        dec.put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode v = model.putObject("vocab");
        int id = 0;
        for (String w : vocab) {
            v.put(w, id++);
        }
        model.put("unk_token", UNK);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param words the vocabulary passed to {@link #build}
     * @return the vocabulary size including the special tokens
     */
    public static int vocabSize(List<String> words) {
        Set<String> vocab = new LinkedHashSet<>(SPECIALS);
        vocab.addAll(words);
        return vocab.size();
    }

    /**
     * Splits text the way the {@code Whitespace} pre-tokenizer does ({@code \w+|[^\w\s]+}), to build a vocabulary.
     *
     * @param text any text
     * @return its words and punctuation runs
     */
    public static List<String> words(String text) {
        List<String> out = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\w+|[^\\w\\s]+", java.util.regex.Pattern.UNICODE_CHARACTER_CLASS).matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}

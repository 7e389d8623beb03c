package dev.mip.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mip.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a question (with or without an image) into the prompt text a checkpoint was trained on,
 * and says how an answer follows it. The format is taken from the checkpoint's chat template where
 * it defines one that we recognise (ChatML as in Qwen2; LLaVA-1.5's {@code USER:/ASSISTANT:}),
 * else LLaVA-1.5's format: {@code USER: <image>\n{question} ASSISTANT:} with the answer after one space.
 *
 * <p>We recognise templates rather than evaluate their Jinja: evaluating arbitrary templates would
 * need a Jinja engine and would still not tell us where the answer starts.
 *
 * @param kind which format
 * @param imageToken text of the image placeholder token (e.g. {@code <image>})
 */
public record PromptFormat(Kind kind, String imageToken) {

    /** Supported prompt formats. */
    public enum Kind {
        /** {@code USER: <image>\n{q} ASSISTANT: {a}</s>} (LLaVA-1.5). */
        LLAVA_1_5,
        /** {@code <|im_start|>user\n<image>\n{q}<|im_end|>\n<|im_start|>assistant\n{a}<|im_end|>}. */
        CHATML
    }

    /**
     * @param question the user's question
     * @param withImage whether an image placeholder precedes it
     * @return the prompt, ending where the answer starts (answer text follows {@link #answerPrefix()})
     */
    public String prompt(String question, boolean withImage) {
        String img = withImage ? imageToken + "\n" : "";
        return switch (kind) {
            case LLAVA_1_5 -> "USER: " + img + question + " ASSISTANT:";
            case CHATML -> "<|im_start|>user\n" + img + question + "<|im_end|>\n<|im_start|>assistant\n";
        };
    }

    /** @return what separates the prompt from the answer text */
    public String answerPrefix() {
        return kind == Kind.LLAVA_1_5 ? " " : "";
    }

    /** @return the token text that ends an answer turn in this format, or null to use the EOS token */
    public String endOfTurnToken() {
        return kind == Kind.CHATML ? "<|im_end|>" : null;
    }

    /**
     * Detects the format of a checkpoint directory from {@code chat_template.json},
     * {@code chat_template.jinja} or {@code tokenizer_config.json}'s {@code chat_template}.
     *
     * @param dir the model directory
     * @param imageToken the image placeholder's text
     * @return the format
     */
    public static PromptFormat detect(Path dir, String imageToken) {
        String template = readTemplate(dir);
        if (template != null && template.contains("<|im_start|>")) {
            return new PromptFormat(Kind.CHATML, imageToken);
        }
        return new PromptFormat(Kind.LLAVA_1_5, imageToken);
    }

    private static String readTemplate(Path dir) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            Path jinja = dir.resolve("chat_template.jinja");
            if (Files.isRegularFile(jinja)) {
                return Files.readString(jinja);
            }
            for (String name : new String[] {"chat_template.json", "tokenizer_config.json"}) {
                Path f = dir.resolve(name);
                if (Files.isRegularFile(f)) {
                    JsonNode n = mapper.readTree(f.toFile());
                    JsonNode t = n == null ? null : n.get("chat_template");
                    if (t != null && t.isTextual()) {
                        return t.textValue();
                    }
                }
            }
        } catch (IOException e) {
            throw InvalidInputException.of(dir, null, "could not read the chat template (" + e.getMessage() + ")",
                    "Fix or remove chat_template.json / tokenizer_config.json");
        }
        return null;
    }
}

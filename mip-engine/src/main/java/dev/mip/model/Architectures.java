package dev.mip.model;

/**
 * Named architectures for models trained from scratch.
 */
public final class Architectures {
    private Architectures() {}

    /**
     * The embedded default model (~4.4M parameters for a ~700-word vocabulary): CLIP ViT d=128 x 4
     * layers (FFN 512, 4 heads, quick_gelu) on 32x32 images in 8x8 patches, features from the last
     * layer (so every vision FFN neuron can matter); 2-layer projector; LLaMA decoder d=256 x 4 layers
     * (FFN 768, 8 query / 4 key-value heads, RoPE theta 10000), untied output head.
     *
     * @param vocab vocabulary size of the word-level tokenizer
     * @return the configuration
     */
    public static LlavaConfig embedded(int vocab) {
        VisionConfig v = new VisionConfig(128, 512, 4, 4, 3, 32, 8, "quick_gelu", 1e-5);
        TextConfig t = RandomCheckpoint.textConfig("llama", vocab, 256, 768, 4, 8, 4, false);
        return LlavaConfig.create(v, t, WordLevelTokenizerJson.SPECIALS.indexOf(WordLevelTokenizerJson.IMAGE), -1);
    }

    /**
     * A tiny model (~0.2M parameters) for integration tests and quick experiments: ViT d=32 x 2
     * (FFN 64) on 32x32 images in 8x8 patches, decoder d=64 x 2 (FFN 128, 4 / 2 heads).
     *
     * @param vocab vocabulary size
     * @return the configuration
     */
    public static LlavaConfig tiny(int vocab) {
        VisionConfig v = new VisionConfig(32, 64, 2, 2, 3, 32, 8, "quick_gelu", 1e-5);
        TextConfig t = RandomCheckpoint.textConfig("llama", vocab, 64, 128, 2, 4, 2, false);
        return LlavaConfig.create(v, t, WordLevelTokenizerJson.SPECIALS.indexOf(WordLevelTokenizerJson.IMAGE), -1);
    }

    /**
     * @param name {@code embedded} or {@code tiny}
     * @param vocab vocabulary size
     * @return the configuration, or null for an unknown name
     */
    public static LlavaConfig byName(String name, int vocab) {
        return switch (name) {
            case "embedded" -> embedded(vocab);
            case "tiny" -> tiny(vocab);
            default -> null;
        };
    }
}

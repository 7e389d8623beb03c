package dev.mip.model;

/** The two branches of a LLaVA model whose FFN neurons MIP scores and edits. */
public enum Tower {
    /** The CLIP vision encoder; neurons are input channels of {@code mlp.fc2}. */
    VISION,
    /** The LLaMA/Qwen2 decoder; neurons are input channels of {@code mlp.down_proj}. */
    TEXT;

    /** @return lower-case name used in files and messages */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

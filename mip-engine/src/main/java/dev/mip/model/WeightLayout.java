package dev.mip.model;

/**
 * The two ways Hugging Face names LLaVA weights. Checkpoints on the Hub use the legacy names
 * ({@code language_model.model.layers.0...}); {@code transformers} 4.52+ saves
 * {@code model.language_model.layers.0...}. Both load; a model is saved in the layout it was read in.
 */
public enum WeightLayout {
    /** {@code vision_tower.*, multi_modal_projector.*, language_model.model.*, language_model.lm_head.*}. */
    LEGACY,
    /** {@code model.vision_tower.*, model.multi_modal_projector.*, model.language_model.*, lm_head.*}. */
    MODERN;

    private static final String[][] PREFIXES = {
        {"vision_tower.", "model.vision_tower."},
        {"multi_modal_projector.", "model.multi_modal_projector."},
        {"language_model.model.", "model.language_model."},
        {"language_model.lm_head.", "lm_head."},
    };

    /**
     * @param names stored tensor names
     * @return the layout they use
     */
    public static WeightLayout detect(Iterable<String> names) {
        for (String n : names) {
            if (n.startsWith("model.language_model.") || n.startsWith("model.vision_tower.")
                    || n.startsWith("model.multi_modal_projector.")) {
                return MODERN;
            }
        }
        return LEGACY;
    }

    /**
     * @param stored a name as stored in this layout
     * @return the canonical (legacy) name
     */
    public String toCanonical(String stored) {
        if (this == LEGACY) {
            return stored;
        }
        for (String[] p : PREFIXES) {
            if (stored.startsWith(p[1])) {
                return p[0] + stored.substring(p[1].length());
            }
        }
        return stored;
    }

    /**
     * @param canonical a canonical name
     * @return the name stored in this layout
     */
    public String toStored(String canonical) {
        if (this == LEGACY) {
            return canonical;
        }
        for (String[] p : PREFIXES) {
            if (canonical.startsWith(p[0])) {
                return p[1] + canonical.substring(p[0].length());
            }
        }
        return canonical;
    }
}

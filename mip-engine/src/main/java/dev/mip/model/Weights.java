package dev.mip.model;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * Where a forward pass reads its parameters, by Hugging Face weight name. The model's own
 * parameters are one source; training code overlays effective weights (for example a frozen
 * matrix plus trainable rows, or a LoRA update) without copying the model.
 */
@FunctionalInterface
public interface Weights {
    /**
     * @param name canonical (legacy hub layout) weight name, e.g.
     *     {@code language_model.model.layers.0.mlp.down_proj.weight}
     * @return the tensor; never null for a name the architecture needs
     */
    NDArray get(String name);

    /**
     * @param base the underlying weights
     * @param overrides replacements by name
     * @return a view reading {@code overrides} first
     */
    static Weights overlay(Weights base, Map<String, NDArray> overrides) {
        return name -> {
            NDArray o = overrides.get(name);
            return o != null ? o : base.get(name);
        };
    }
}

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
     * The output of a linear layer as the forward pass goes on with it. Overlays that train a part
     * of a weight without a gradient for the whole of it (see {@code NeuronParameters}) add a term
     * here whose value is exactly zero and whose gradient reaches only that part.
     *
     * @param name the layer's name without {@code .weight} (e.g. {@code ...layers.0.mlp.up_proj})
     * @param x the layer's input {@code [..., in]}
     * @param y {@code x · weight^T + bias} from {@link #get}, {@code [..., out]}
     * @return the output to use; by default {@code y}
     */
    default NDArray linearOutput(String name, NDArray x, NDArray y) {
        return y;
    }

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

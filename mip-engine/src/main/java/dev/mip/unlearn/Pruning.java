package dev.mip.unlearn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import dev.mip.model.Mllm;
import dev.mip.model.Tower;

/**
 * Prunes neurons in the weights: the neuron's column of {@code down_proj} / {@code fc2} is set to
 * zero, so its activation no longer reaches the residual stream, in the saved model too (unlike
 * forward hooks, which a served model does not have).
 */
public final class Pruning {
    private Pruning() {}

    /**
     * @param model the model (edited in place)
     * @param neurons the neurons to prune
     */
    public static void prune(Mllm model, NeuronSet neurons) {
        try (NDScope s = new NDScope()) {
            for (Tower t : Tower.values()) {
                for (int layer : neurons.layers(t)) {
                    int[] idx = neurons.get(t, layer);
                    long[] ix = new long[idx.length];
                    for (int i = 0; i < idx.length; i++) {
                        ix[i] = idx[i];
                    }
                    NDArray w = model.param(NeuronWeights.outputWeight(t, layer));
                    w.set(new NDIndex(":, {}", model.manager().create(ix)), 0f);
                }
            }
        }
    }
}

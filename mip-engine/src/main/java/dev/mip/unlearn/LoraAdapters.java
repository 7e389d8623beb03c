package dev.mip.unlearn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.mip.model.Mllm;
import dev.mip.model.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * LoRA adapters (Hu et al. 2021) on chosen linear layers: {@code W_eff = W + (alpha / r) B A} with
 * A ({@code [r, in]}, Gaussian, std 1/r) and B ({@code [out, r]}, zeros) trainable, W frozen, so
 * training starts from the original model. {@link #merge()} adds the update into W for saving.
 */
final class LoraAdapters implements AutoCloseable {
    private final Mllm model;
    private final NDManager manager;
    private final double scale;
    private final Map<String, NDArray[]> adapters = new LinkedHashMap<>();

    /**
     * @param model the model
     * @param targets module names to adapt (e.g. q_proj, v_proj, gate_proj, fc1), matched as the
     *     second-to-last part of a 2-D weight's name
     * @param rank r
     * @param alpha alpha
     * @param seed initialisation seed
     */
    LoraAdapters(Mllm model, Set<String> targets, int rank, double alpha, long seed) {
        this.model = model;
        this.manager = model.manager().newSubManager();
        this.scale = alpha / rank;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (Map.Entry<String, NDArray> p : model.parameters().entrySet()) {
            String[] parts = p.getKey().split("\\.");
            if (parts.length < 2 || !parts[parts.length - 1].equals("weight") || p.getValue().getShape().dimension() != 2
                    || !targets.contains(parts[parts.length - 2])) {
                continue;
            }
            long out = p.getValue().getShape().get(0);
            long in = p.getValue().getShape().get(1);
            float[] a = new float[(int) (rank * in)];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (rnd.nextGaussian() / rank);
            }
            NDArray aa = Tensors.owned(manager.create(a, new Shape(rank, in)), model.dtype());
            NDArray bb = manager.zeros(new Shape(out, rank), model.dtype());
            NDScope.unregister(aa, bb);
            aa.setRequiresGradient(true);
            bb.setRequiresGradient(true);
            adapters.put(p.getKey(), new NDArray[] {aa, bb});
        }
    }

    /** @return whether any weight matched the targets */
    boolean isEmpty() {
        return adapters.isEmpty();
    }

    List<NDArray> trainables() {
        List<NDArray> out = new ArrayList<>();
        adapters.values().forEach(ab -> {
            out.add(ab[0]);
            out.add(ab[1]);
        });
        return out;
    }

    /** @return effective weights for one forward pass (create inside the step's scope) */
    Map<String, NDArray> effective() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        adapters.forEach((name, ab) -> out.put(name,
                model.param(name).add(ab[1].matMul(ab[0]).mul(Tensors.scalar(ab[0], scale)))));
        return out;
    }

    /** Adds every adapter's update into its weight (in place). */
    void merge() {
        try (NDScope s = new NDScope()) {
            adapters.forEach((name, ab) -> {
                NDArray update = ab[1].stopGradient().matMul(ab[0].stopGradient()).mul(scale);
                model.param(name).addi(update);
            });
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}

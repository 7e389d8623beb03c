package dev.mip.unlearn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.mip.model.Mllm;
import dev.mip.model.Tensors;
import dev.mip.model.Tower;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trainable copies of the parameters that belong to a set of neurons (their input rows and output
 * column, see {@link NeuronWeights}), and the effective weights a forward pass uses:
 * {@code W_eff = W + S^T (P - P0)} for rows (and {@code W + (Q - Q0) S} for columns), where S is the
 * one-hot selection of the neurons, P the trainable rows and P0 their values at the start. Only P
 * and Q receive gradients; no second copy of any weight matrix is kept. {@link #writeBack()} copies
 * P and Q into exactly those rows and columns of the model's weights, so every other entry stays
 * bit-identical.
 */
final class NeuronParameters implements AutoCloseable {
    private final Mllm model;
    private final NDManager manager;
    private final List<Part> parts = new ArrayList<>();

    /** One weight's trainable slice. */
    private record Part(String name, boolean rows, int[] index, NDArray select, NDArray start, NDArray trainable) {}

    NeuronParameters(Mllm model, NeuronSet set) {
        this.model = model;
        this.manager = model.manager().newSubManager();
        boolean mlpBias = model.config().text().mlpBias();
        try (NDScope scope = new NDScope()) {
            for (Tower t : Tower.values()) {
                int width = t == Tower.TEXT ? model.config().text().intermediateSize() : model.config().vision().intermediateSize();
                for (int layer : set.layers(t)) {
                    int[] idx = set.get(t, layer);
                    float[] onehot = new float[idx.length * width];
                    for (int k = 0; k < idx.length; k++) {
                        onehot[k * width + idx[k]] = 1f;
                    }
                    for (NeuronWeights.Slice s : NeuronWeights.slices(t, layer, mlpBias)) {
                        NDArray w = model.param(s.name());
                        NDArray sel = keep(Tensors.owned(manager.create(onehot, new Shape(idx.length, width)), model.dtype()));
                        NDArray ix = manager.create(toLong(idx));
                        NDArray start = keep((s.rows() ? w.get(new NDIndex("{}", ix)) : w.get(new NDIndex(":, {}", ix))).duplicate());
                        NDArray train = keep(start.duplicate());
                        train.setRequiresGradient(true);
                        parts.add(new Part(s.name(), s.rows(), idx, sel, start, train));
                    }
                }
            }
        }
    }

    private NDArray keep(NDArray a) {
        NDScope.unregister(a);
        a.attach(manager);
        return a;
    }

    private static long[] toLong(int[] idx) {
        long[] l = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            l[i] = idx[i];
        }
        return l;
    }

    /** @return the trainable leaves */
    List<NDArray> trainables() {
        List<NDArray> out = new ArrayList<>();
        for (Part p : parts) {
            out.add(p.trainable);
        }
        return out;
    }

    /** @return number of trainable scalars */
    long trainableCount() {
        long n = 0;
        for (Part p : parts) {
            n += p.trainable.size();
        }
        return n;
    }

    /**
     * Effective weights for one forward pass; create them inside the step's scope.
     *
     * @return replacements by weight name
     */
    Map<String, NDArray> effective() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Part p : parts) {
            NDArray w = out.containsKey(p.name) ? out.get(p.name) : model.param(p.name);
            NDArray delta = p.trainable.sub(p.start);
            NDArray update;
            if (p.rows) {
                // rows: [k, D] (or [k] for a bias) scattered to [I, D] by S^T
                update = delta.getShape().dimension() == 1
                        ? p.select.transpose().matMul(delta.reshape(-1, 1)).reshape(-1)
                        : p.select.transpose().matMul(delta);
            } else {
                update = delta.matMul(p.select); // [D, k] x [k, I]
            }
            out.put(p.name, w.add(update));
        }
        return out;
    }

    /** Copies the trained rows and columns into the model's weights (in place, nothing else touched). */
    void writeBack() {
        try (NDScope scope = new NDScope()) {
            for (Part p : parts) {
                NDArray w = model.param(p.name);
                NDArray ix = manager.create(toLong(p.index));
                NDArray value = p.trainable.duplicate();
                value.setRequiresGradient(false);
                if (p.rows) {
                    w.set(new NDIndex("{}", ix), value);
                } else {
                    w.set(new NDIndex(":, {}", ix), value);
                }
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}

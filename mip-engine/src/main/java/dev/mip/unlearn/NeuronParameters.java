package dev.mip.unlearn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.mip.model.Mllm;
import dev.mip.model.Tower;
import dev.mip.model.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trainable copies of the parameters that belong to a set of neurons (their input rows and output
 * column, see {@link NeuronWeights}), and the effective weights a forward pass uses:
 * {@code W_eff = W + S^T (P - P0)} for rows (and {@code W + (Q - Q0) S} for columns), where S is the
 * one-hot selection of the neurons, P the trainable rows and P0 their values at the start. The
 * product with S is a scatter of {@code P0 + (P - P0)} into the neurons' rows (columns) of W: the
 * same values, without an {@code [I, D]} matrix product. Only P and Q receive gradients; no second
 * copy of any weight matrix is kept. {@link #writeBack()} copies P and Q into exactly those rows and
 * columns of the model's weights, so every other entry stays bit-identical.
 */
final class NeuronParameters implements AutoCloseable {
    private final Mllm model;
    private final NDManager manager;
    private final List<Part> parts = new ArrayList<>();
    private final Map<String, List<Part>> byLayer = new java.util.HashMap<>();
    private final boolean visionOnly;

    /** One weight's trainable slice. */
    private record Part(String name, boolean rows, NDArray neurons, NDArray scatterIndex, NDArray start,
            NDArray trainable) {
        /** @return the linear layer's name (the weight's name without {@code .weight} / {@code .bias}) */
        String layer() {
            return name.substring(0, name.lastIndexOf('.'));
        }

        boolean bias() {
            return name.endsWith(".bias");
        }
    }

    NeuronParameters(Mllm model, NeuronSet set) {
        this.model = model;
        this.visionOnly = !set.layers(Tower.TEXT).iterator().hasNext();
        this.manager = model.manager().newSubManager();
        boolean mlpBias = model.config().text().mlpBias();
        try (NDScope scope = new NDScope()) {
            for (Tower t : Tower.values()) {
                for (int layer : set.layers(t)) {
                    int[] idx = set.get(t, layer);
                    for (NeuronWeights.Slice s : NeuronWeights.slices(t, layer, mlpBias)) {
                        NDArray w = model.param(s.name());
                        NDArray ix = keep(manager.create(toLong(idx)));
                        NDArray start = keep((s.rows() ? w.get(new NDIndex("{}", ix)) : w.get(new NDIndex(":, {}", ix))).duplicate());
                        // The scatter's index has the slice's shape: [k] or [k, D] for rows, [D, k] for columns.
                        Shape sh = start.getShape();
                        NDArray scatter = keep((s.rows() ? (sh.dimension() == 1 ? ix : ix.reshape(-1, 1).broadcast(sh))
                                : ix.reshape(1, -1).broadcast(sh)).duplicate());
                        NDArray train = keep(start.duplicate());
                        parts.add(new Part(s.name(), s.rows(), ix, scatter, start, train));
                    }
                }
            }
        }
        for (Part p : parts) {
            byLayer.computeIfAbsent(p.layer(), k -> new ArrayList<>()).add(p);
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

    /**
     * The trained values: updated in place by the optimizer; passes take their gradients through
     * {@link #passLeaves()}.
     *
     * @return the trainable arrays, in a fixed order
     */
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
     * @param batch a pass's examples
     * @return whether a trained neuron can reach that pass's loss: decoder path neurons always,
     *     vision path neurons only through an image
     */
    boolean reaches(List<dev.mip.model.Example> batch) {
        return !visionOnly || batch.stream().anyMatch(dev.mip.model.Example::hasImage);
    }

    /**
     * Leaves for one recorded pass: aliases of {@link #trainables()} (same storage, in the same
     * order) with their own gradient buffers, so that passes recorded at once on several threads do
     * not share one. Created in the caller's scope.
     *
     * @return the aliases
     */
    List<NDArray> passLeaves() {
        List<NDArray> out = new ArrayList<>(parts.size());
        for (Part p : parts) {
            out.add(dev.mip.runtime.Autograd.alias(p.trainable));
        }
        return out;
    }

    /**
     * The weights of one forward pass without gradients (see {@link #weights(Weights, List)}).
     *
     * @param base the model's weights
     * @return the pass's weights
     */
    Weights weights(Weights base) {
        return weights(base, null);
    }

    /**
     * The weights of one forward pass: the model's, with the effective weights at the neurons. Create
     * them inside the pass's scope.
     *
     * <p>The effective weights are constants of the pass (no gradient is recorded through them: an
     * {@code [I, D]} weight gradient would be computed only for its k neuron rows to be kept). With
     * {@code leaves}, each trained linear layer's output gets a term that is exactly zero but whose
     * gradient reaches P and Q: for rows {@code scatter(c - stop(c))} with {@code c = stop(x) P^T (+ p)},
     * for columns {@code c - stop(c)} with {@code c = stop(x[..., neurons]) Q^T}. The forward values
     * are those of {@code W_eff} alone (adding an exact zero), the gradients of P and Q those of W_eff's
     * rows and columns (the same products, of k rows instead of I), and the gradient reaching x is
     * W_eff's.
     *
     * @param base the model's weights
     * @param leaves this pass's {@link #passLeaves()}, which receive P and Q's gradients; null for a
     *     pass without gradients (no extra term)
     * @return the pass's weights
     */
    Weights weights(Weights base, List<NDArray> leaves) {
        Map<String, NDArray> eff = new LinkedHashMap<>();
        for (Part p : parts) {
            NDArray w = eff.containsKey(p.name) ? eff.get(p.name) : model.param(p.name);
            // W's rows (columns) at the neurons are P0 while training, so W + S^T (P - P0) holds there
            // P0 + (P - P0) and W elsewhere: exactly the values the scatter writes.
            NDArray value = p.start.add(p.trainable.stopGradient().sub(p.start));
            eff.put(p.name, w.scatter(p.scatterIndex, value, p.rows ? 0 : 1));
        }
        Weights overlay = Weights.overlay(base, eff);
        if (leaves == null) {
            return overlay;
        }
        if (leaves.size() != parts.size()) {
            throw new IllegalArgumentException(leaves.size() + " leaves for " + parts.size() + " trained parts");
        }
        Map<Part, NDArray> leafOf = new java.util.IdentityHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            leafOf.put(parts.get(i), leaves.get(i));
        }
        return new Weights() {
            @Override
            public NDArray get(String name) {
                return overlay.get(name);
            }

            @Override
            public NDArray linearOutput(String name, NDArray x, NDArray y) {
                return withGradientPath(name, x, y, leafOf);
            }
        };
    }

    /** Adds the zero-valued term that carries the gradient of the layer's trained parts (if any). */
    private NDArray withGradientPath(String layer, NDArray x, NDArray y, Map<Part, NDArray> leafOf) {
        List<Part> of = byLayer.get(layer);
        if (of == null) {
            return y;
        }
        NDArray xs = x.stopGradient();
        int last = y.getShape().dimension() - 1;
        NDArray rows = null;
        NDArray neurons = null;
        for (Part p : of) {
            if (!p.rows) { // output side: y += stop(x[..., neurons]) Q^T - (the same, stopped)
                NDArray c = xs.get(new NDIndex("..., {}", p.neurons)).matMul(leafOf.get(p).transpose());
                y = y.add(c.sub(c.stopGradient()));
            } else if (!p.bias()) {
                NDArray leaf = leafOf.get(p);
                rows = rows == null ? xs.matMul(leaf.transpose()) : rows.add(xs.matMul(leaf.transpose()));
                neurons = p.neurons;
            } else {
                rows = rows == null ? leafOf.get(p) : rows.add(leafOf.get(p));
                neurons = p.neurons;
            }
        }
        if (rows == null) {
            return y;
        }
        NDArray z = rows.sub(rows.stopGradient()); // [..., k]
        long[] shape = z.getShape().getShape();
        long[] at = new long[shape.length];
        java.util.Arrays.fill(at, 1);
        at[last] = shape[last];
        NDArray index = neurons.reshape(new Shape(at)).broadcast(z.getShape());
        return y.add(y.zerosLike().scatter(index, z, last));
    }

    /** Copies the trained rows and columns into the model's weights (in place, nothing else touched). */
    void writeBack() {
        try (NDScope scope = new NDScope()) {
            for (Part p : parts) {
                NDArray w = model.param(p.name);
                NDArray ix = p.neurons;
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

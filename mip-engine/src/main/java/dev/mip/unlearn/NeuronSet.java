package dev.mip.unlearn;

import dev.mip.locate.InfluentialPaths;
import dev.mip.model.Tower;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sets of FFN neurons per tower and layer: what is pruned and what is trained. Indices are sorted
 * and distinct.
 */
public final class NeuronSet {
    private final Map<Tower, TreeMap<Integer, int[]>> neurons = new EnumMap<>(Tower.class);

    /**
     * @param tower branch
     * @param layer layer
     * @param indices neurons (any order, duplicates ignored)
     * @return this
     */
    public NeuronSet put(Tower tower, int layer, int[] indices) {
        int[] s = Arrays.stream(indices).distinct().sorted().toArray();
        if (s.length > 0) {
            neurons.computeIfAbsent(tower, t -> new TreeMap<>()).put(layer, s);
        }
        return this;
    }

    /**
     * @param tower branch
     * @param layer layer
     * @return sorted neuron indices (empty if none)
     */
    public int[] get(Tower tower, int layer) {
        TreeMap<Integer, int[]> m = neurons.get(tower);
        int[] s = m == null ? null : m.get(layer);
        return s == null ? new int[0] : s.clone();
    }

    /**
     * @param tower branch
     * @return layers with at least one neuron, ascending
     */
    public Iterable<Integer> layers(Tower tower) {
        TreeMap<Integer, int[]> m = neurons.get(tower);
        return m == null ? java.util.List.of() : m.keySet();
    }

    /** @return total number of neurons */
    public int size() {
        int n = 0;
        for (TreeMap<Integer, int[]> m : neurons.values()) {
            for (int[] s : m.values()) {
                n += s.length;
            }
        }
        return n;
    }

    /**
     * @param keep which neurons to keep
     * @return the subset for which {@code keep} holds
     */
    public NeuronSet filter(java.util.function.BiPredicate<Tower, Integer> keep) {
        NeuronSet out = new NeuronSet();
        neurons.forEach((t, m) -> m.forEach((l, s) -> {
            if (keep.test(t, l)) {
                out.put(t, l, s);
            }
        }));
        return out;
    }

    /**
     * The chosen neurons of a path file.
     *
     * @param paths located paths
     * @param towers which branches to take
     * @return the neurons
     */
    public static NeuronSet of(InfluentialPaths paths, java.util.Set<Tower> towers) {
        NeuronSet s = new NeuronSet();
        for (Tower t : towers) {
            if (paths.branches().containsKey(t)) {
                for (int l = 0; l < paths.branches().get(t).layers(); l++) {
                    s.put(t, l, paths.neurons(t, l));
                }
            }
        }
        return s;
    }

    /** @return per tower, per layer, the neurons (for reports) */
    public Map<String, Map<Integer, int[]>> asMap() {
        Map<String, Map<Integer, int[]>> out = new TreeMap<>();
        neurons.forEach((t, m) -> out.put(t.id(), new TreeMap<>(m)));
        return out;
    }
}

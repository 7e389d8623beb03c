package dev.mip.model;

import ai.djl.ndarray.NDArray;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-FFN scale tensors: layer {@code l} of a tower multiplies its intermediate activation
 * ({@code act(gate_proj x) * up_proj x} in the decoder, {@code act(fc1 x)} in the vision tower) by
 * the scale set here, of shape {@code [I]} (same for every sample) or {@code [B, I]} (one row per
 * sample of the batch; for the vision tower, one row per image). A scale may require gradients,
 * which is how attribution reads {@code dF/ds}. Layers without a scale do no extra work.
 *
 * <p>Not thread-safe; one instance per forward pass. The caller owns the arrays.
 */
public final class ScaleHooks {
    private final EnumMap<Tower, Map<Integer, NDArray>> scales = new EnumMap<>(Tower.class);

    /** An empty set of hooks (the plain model). */
    public static final ScaleHooks NONE = new ScaleHooks(true);

    private final boolean frozen;

    /** Creates an empty, modifiable set. */
    public ScaleHooks() {
        this(false);
    }

    private ScaleHooks(boolean frozen) {
        this.frozen = frozen;
    }

    /**
     * Sets (or replaces) the scale of one FFN.
     *
     * @param tower the branch
     * @param layer 0-based layer index
     * @param scale {@code [I]} or {@code [B, I]}
     * @return this
     */
    public ScaleHooks set(Tower tower, int layer, NDArray scale) {
        if (frozen) {
            throw new UnsupportedOperationException("ScaleHooks.NONE cannot be modified");
        }
        scales.computeIfAbsent(tower, t -> new HashMap<>()).put(layer, scale);
        return this;
    }

    /**
     * @param tower the branch
     * @param layer 0-based layer index
     * @return the scale, or null when the layer runs unscaled
     */
    public NDArray get(Tower tower, int layer) {
        Map<Integer, NDArray> m = scales.get(tower);
        return m == null ? null : m.get(layer);
    }

    /** @return whether any scale is set */
    public boolean isEmpty() {
        return scales.values().stream().allMatch(Map::isEmpty);
    }

    /**
     * Applies the scale of a layer to its intermediate activation.
     *
     * @param tower the branch
     * @param layer layer index
     * @param activation {@code [B, T, I]}
     * @return the scaled activation (the same array when no scale is set)
     */
    NDArray apply(Tower tower, int layer, NDArray activation) {
        NDArray s = get(tower, layer);
        if (s == null) {
            return activation;
        }
        if (s.getShape().dimension() == 2) {
            // [B, I] -> [B, 1, I]: one scale row per sample, broadcast over positions.
            s = s.expandDims(1);
        }
        return activation.mul(s);
    }
}

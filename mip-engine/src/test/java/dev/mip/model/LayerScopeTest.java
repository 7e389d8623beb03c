package dev.mip.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * A forward pass keeps only each layer's output (and cached keys/values) alive past the layer: the
 * attention scores and FFN activations of a layer are freed when the next one starts, so inference
 * memory no longer grows by a layer's intermediates per layer (at LLaVA-1.5-7B widths ~100 MB per
 * layer per 600-token sequence).
 */
class LayerScopeTest {

    /** Arrays a forward through decoder layers 0..last leaves held by the model's manager. */
    private static int heldAfter(Checkpoint c, Batch b, int last, boolean training) {
        Mllm m = c.model();
        try (NDScope s = new NDScope()) {
            int before = m.manager().getManagedArrays().size();
            if (training) {
                NDArray p = m.param(ParamSpec.textLayer(0) + "mlp.up_proj.weight");
                p.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    Mllm.Output o = m.forward(b, m.weights(), ScaleHooks.NONE, new Mllm.Options(last, null));
                    int held = m.manager().getManagedArrays().size() - before;
                    gc.backward(o.lastHidden().sum());
                    return held;
                }
            }
            m.forward(b, m.weights(), ScaleHooks.NONE, new Mllm.Options(last, null));
            return m.manager().getManagedArrays().size() - before;
        }
    }

    @Test
    void eachLayerLeavesOnlyItsOutputBehind() {
        try (Checkpoint c = TinyModels.create("llama", 41, DataType.FLOAT32)) {
            Batch b = c.batches().build(TinyModels.examples(), true);
            for (boolean training : new boolean[] {false, true}) {
                int one = heldAfter(c, b, 0, training);
                int two = heldAfter(c, b, 1, training);
                assertTrue(one > 0, "the embeddings and layer outputs are held: " + one);
                assertEquals(0, two - one, (training ? "training" : "inference")
                        + ": one more layer holds nothing more: its intermediates die with it, the previous output once it is used");
            }
        }
    }

    /**
     * Within a layer each step keeps only its output: when the FFN runs, the attention scores of the
     * layer are gone, and of the FFN's {@code [B, T, I]} activations only the one the hooks see is alive
     * (before, a layer held every temporary at once: 8 GB at LLaVA-1.5-7B's widths, 16 sequences).
     */
    @Test
    void withinALayerOnlyTheStepsOutputsLive() {
        try (Checkpoint c = TinyModels.create("llama", 43, DataType.FLOAT32); NDScope s = new NDScope()) {
            Batch b = c.batches().build(TinyModels.examples(), true);
            Mllm m = c.model();
            long t = b.length();
            long inter = c.config().text().intermediateSize();
            java.util.List<String> seen = new java.util.ArrayList<>();
            m.forward(b, m.weights(), ScaleHooks.NONE, new Mllm.Options(Integer.MAX_VALUE, (tower, layer, a) -> {
                if (tower != Tower.TEXT) {
                    return;
                }
                int scores = 0;
                int ffn = 0;
                for (NDArray x : m.manager().getManagedArrays()) {
                    ai.djl.ndarray.types.Shape sh = x.getShape();
                    int d = sh.dimension();
                    if (d == 4 && sh.get(1) > 1 && sh.get(2) == t && sh.get(3) == t) { // not the [B, 1, T, T] mask
                        scores++;
                    }
                    if (d == 3 && sh.get(1) == t && sh.get(2) == inter) {
                        ffn++;
                    }
                }
                seen.add("layer " + layer + ": " + scores + " score arrays, " + ffn + " FFN activations");
            }));
            assertEquals(c.config().text().numLayers(), seen.size());
            for (String line : seen) {
                assertTrue(line.endsWith(": 0 score arrays, 1 FFN activations"), line);
            }
        }
    }
}

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
                    gc.backward(o.hidden().get(last).sum());
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
                assertEquals(1, two - one, (training ? "training" : "inference")
                        + ": one more layer holds one more array (its output), not its intermediates");
            }
        }
    }
}

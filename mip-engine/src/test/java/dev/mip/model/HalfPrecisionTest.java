package dev.mip.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * float16 computes what float32 does, to float16's precision, also where hidden states exceed 256
 * (their squares overflow float16: image tokens reach ~500 in the embedded model) and where padding
 * rows have every key masked.
 */
class HalfPrecisionTest {

    /** Answer-token log-probabilities of the examples (padded batch), with the embeddings scaled up. */
    private static double[] logProbs(DataType dtype, double embeddingScale) {
        try (Checkpoint c = TinyModels.create("llama", 3, dtype)) {
            Mllm m = c.model();
            for (Map.Entry<String, NDArray> p : m.parameters().entrySet()) {
                if (p.getKey().endsWith("embed_tokens.weight")) {
                    p.getValue().muli(embeddingScale);
                }
            }
            Batch b = c.batches().build(TinyModels.examples(), false);
            try (NDScope s = new NDScope()) {
                Mllm.Output o = m.forward(b, m.weights(), ScaleHooks.NONE, Mllm.Options.FULL);
                return m.targetLogProbs(o, b, m.weights()).toType(DataType.FLOAT64, false).toDoubleArray();
            }
        }
    }

    @Test
    void float16GradientNormsDoNotOverflow() {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            NDArray p = m.ones(new ai.djl.ndarray.types.Shape(1000), DataType.FLOAT16);
            p.setRequiresGradient(true);
            try (NDScope s = new NDScope(); ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                gc.backward(p.mul(100).sum()); // each gradient 100: their squares sum to 1e7, beyond float16's 65,504
            }
            try (dev.mip.train.Adam adam = new dev.mip.train.Adam(java.util.List.of(p), 0.9, 0.999, 1e-8, 0)) {
                assertEquals(Math.sqrt(1e7), adam.gradientNorm(), 1e-6 * Math.sqrt(1e7));
            }
        }
    }

    @Test
    void float16AgreesWithFloat32WhenHiddenStatesAreLarge() {
        double[] full = logProbs(DataType.FLOAT32, 2000);
        double[] half = logProbs(DataType.FLOAT16, 2000);
        assertEquals(full.length, half.length);
        double worst = 0;
        for (int i = 0; i < full.length; i++) {
            assertTrue(Double.isFinite(half[i]), "token " + i + " is " + half[i]);
            worst = Math.max(worst, Math.abs(full[i] - half[i]) / Math.max(1, Math.abs(full[i])));
        }
        // float16 has 11 significant bits; the whole forward pass loses a few more.
        assertTrue(worst < 0.02, "largest relative difference " + worst);
    }
}

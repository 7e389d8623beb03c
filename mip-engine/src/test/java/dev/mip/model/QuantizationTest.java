package dev.mip.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The round trips' exact values and error bounds, and the overlay leaving the model untouched. */
class QuantizationTest {
    @Test
    void int8IsPerRowAbsmaxRoundedToTheNearestStep() {
        // row 1: absmax 127 -> step 1, integers survive exactly; row 2: absmax 2.54 -> step 0.02
        float[] w = {1f, -0.5f, 0.25f, 127f, 0.3f, -2.54f, 0.011f, 0f};
        float[] q = Quantization.roundTrip(Quantization.Scheme.INT8, w, 4);
        assertArrayEquals(new float[] {1f, -0f, 0f, 127f}, java.util.Arrays.copyOfRange(q, 0, 4), 0f); // rint: -0.5 -> -0, 0.25 -> 0
        float step = 2.54f / 127f;
        assertEquals(15 * step, q[4], 0f);
        assertEquals(-127 * step, q[5], 0f);
        assertEquals(1 * step, q[6], 0f); // 0.011 / 0.02 = 0.55 -> 1
        assertEquals(0f, q[7], 0f);
        assertArrayEquals(new float[4], Quantization.roundTrip(Quantization.Scheme.INT8, new float[4], 2), 0f);
    }

    @Test
    void nf4MapsEachBlockToTheNearestCodeTimesItsAbsmax() {
        float[] w = new float[70]; // one full block of 64 and a partial block of 6
        w[0] = -4f; // absmax of block 1
        w[1] = 2.8f; // 0.7 -> nearest code 0.7229568
        w[2] = 0.1f; // 0.025 -> 0 (below the midpoint 0.0398)
        w[3] = -0.72f; // -0.18 -> -0.18477343
        w[64] = 0.5f; // block 2: absmax 0.5 -> 1.0
        w[65] = -0.25f; // -0.5 -> -0.5250730
        float[] q = Quantization.roundTrip(Quantization.Scheme.NF4, w, 10);
        assertEquals(-4f, q[0], 0f);
        assertEquals(0.7229568362236023f * 4f, q[1], 0f);
        assertEquals(0f, q[2], 0f);
        assertEquals(-0.18477343022823334f * 4f, q[3], 0f);
        assertEquals(0.5f, q[64], 0f);
        assertEquals(-0.5250730514526367f * 0.5f, q[65], 0f);
        assertEquals(16, Quantization.NF4_CODES.length);
        assertEquals((1 - 0.6961928009986877) / 2, Quantization.NF4_MAX_ERROR, 1e-7); // the widest gap is at -1
    }

    @Test
    void roundTripErrorsStayWithinTheirBounds() {
        Random r = new Random(3);
        int rows = 37;
        int cols = 53; // neither a multiple of the NF4 block
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * (i % 7 == 0 ? 3 : 0.02));
        }
        float[] q8 = Quantization.roundTrip(Quantization.Scheme.INT8, w, cols);
        for (int row = 0; row < rows; row++) {
            float absmax = 0;
            for (int j = 0; j < cols; j++) {
                absmax = Math.max(absmax, Math.abs(w[row * cols + j]));
            }
            for (int j = 0; j < cols; j++) {
                int i = row * cols + j;
                assertTrue(Math.abs(w[i] - q8[i]) <= absmax / 127f / 2 * (1 + 1e-5), "int8 at " + i);
            }
        }
        float[] q4 = Quantization.roundTrip(Quantization.Scheme.NF4, w, cols);
        for (int start = 0; start < w.length; start += Quantization.NF4_BLOCK) {
            float absmax = 0;
            for (int i = start; i < Math.min(w.length, start + Quantization.NF4_BLOCK); i++) {
                absmax = Math.max(absmax, Math.abs(w[i]));
            }
            for (int i = start; i < Math.min(w.length, start + Quantization.NF4_BLOCK); i++) {
                assertTrue(Math.abs(w[i] - q4[i]) <= absmax * Quantization.NF4_MAX_ERROR * (1 + 1e-5), "nf4 at " + i);
                assertTrue(q4[i] == 0 || Math.signum(q4[i]) == Math.signum(w[i]), "nf4 keeps the sign at " + i);
            }
        }
        assertArrayEquals(q4, Quantization.roundTrip(Quantization.Scheme.NF4, w, cols), 0f, "deterministic");
    }

    @Test
    void theOverlayReplacesLinearWeightsOnlyAndLeavesTheModelUntouched() {
        try (Checkpoint c = TinyModels.create("llama", 5, DataType.FLOAT32); NDManager mgr = NDManager.newBaseManager()) {
            Mllm m = c.model();
            Map<String, float[]> before = new java.util.HashMap<>();
            m.parameters().forEach((k, v) -> before.put(k, v.toFloatArray()));
            Quantization.Quantized q = Quantization.of(m, Quantization.Scheme.NF4, mgr);
            int expected = 0;
            for (Map.Entry<String, NDArray> e : m.parameters().entrySet()) {
                String name = e.getKey();
                float[] orig = before.get(name);
                assertArrayEquals(orig, e.getValue().toFloatArray(), 0f, "the model is untouched: " + name);
                float[] seen = q.weights().get(name).toFloatArray();
                if (Quantization.quantizes(name, e.getValue().getShape().getShape())) {
                    expected++;
                    assertArrayEquals(Quantization.roundTrip(Quantization.Scheme.NF4, orig,
                            (int) e.getValue().getShape().get(1)), seen, 0f, name);
                } else {
                    assertArrayEquals(orig, seen, 0f, "kept in full precision: " + name);
                }
            }
            assertEquals(expected, q.tensors());
            assertTrue(Quantization.quantizes(ParamSpec.textLayer(0) + "mlp.down_proj.weight", new long[] {4, 4}));
            assertTrue(!Quantization.quantizes(ParamSpec.LM_HEAD, new long[] {4, 4}));
            assertTrue(!Quantization.quantizes(ParamSpec.TEXT + "embed_tokens.weight", new long[] {4, 4}));
            assertTrue(!Quantization.quantizes(ParamSpec.TEXT + "norm.weight", new long[] {4}));
        }
    }
}

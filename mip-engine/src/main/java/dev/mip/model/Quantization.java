package dev.mip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Weight quantization as a recovery attack: knowledge that unlearning only pushed below the
 * decision threshold by small weight changes can come back when the weights are rounded (Zhang et
 * al. 2024, "Catastrophic failure of LLM unlearning via quantization"). The weights are quantized
 * and dequantized again (a "round trip"), then evaluated in the model's compute precision, which
 * gives exactly the values a quantized kernel multiplies with.
 *
 * <p>What is quantized: every linear layer's weight matrix (attention and MLP projections of both
 * towers, the projector), as bitsandbytes' {@code load_in_8bit}/{@code load_in_4bit} replace
 * {@code nn.Linear}; the token embeddings, the output head, the vision embeddings, biases and norms
 * stay in full precision.
 * <ul>
 *   <li>{@link Scheme#INT8}: symmetric per-output-channel absmax (LLM.int8's vector-wise
 *       quantization without its outlier decomposition): per row r, {@code s = max|W_r| / 127},
 *       {@code q = rint(W / s)} in [-127, 127], {@code W' = q * s}; error at most {@code s / 2}.</li>
 *   <li>{@link Scheme#NF4}: QLoRA's 4-bit NormalFloat, blockwise: the row-major flattened matrix in
 *       blocks of {@link #NF4_BLOCK} values, each block scaled by its absmax to [-1, 1] and rounded to
 *       the nearest of the 16 {@link #NF4_CODES} (ties to the lower code), {@code W' = code * absmax};
 *       error at most {@link #NF4_MAX_ERROR} × the block's absmax. Without double quantization (the
 *       absmax constants stay float32).</li>
 * </ul>
 * Arithmetic is float32 in Java, element by element, so the round trip is deterministic.
 */
public final class Quantization {
    /** Values per NF4 block (bitsandbytes' default blocksize for 4-bit weights). */
    public static final int NF4_BLOCK = 64;

    /** The 16 NF4 code values of bitsandbytes ({@code create_normal_map}), ascending. */
    public static final float[] NF4_CODES = {-1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
        -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f, 0.07958029955625534f,
        0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f, 0.44070982933044434f, 0.5626170039176941f,
        0.7229568362236023f, 1.0f};

    /** Largest rounding error of NF4 relative to the block's absmax: half the widest gap between codes. */
    public static final double NF4_MAX_ERROR = maxHalfGap();

    private Quantization() {}

    /** A quantization scheme. */
    public enum Scheme implements dev.mip.Identified {
        /** 8-bit integers, one scale per output channel. */
        INT8,
        /** 4-bit NormalFloat, one scale per block of 64 values. */
        NF4;

        /** @return its name in {@code audit.quantization} and in metric names ({@code @int8}, {@code @nf4}) */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param id a name
         * @return the scheme
         * @throws IllegalArgumentException for an unknown name
         */
        public static Scheme of(String id) {
            return dev.mip.Identified.byId(Scheme.class, id, "quantization scheme");
        }
    }

    /**
     * @param name a weight name
     * @param shape its shape
     * @return whether the scheme applies to it (a linear layer's weight matrix)
     */
    public static boolean quantizes(String name, long[] shape) {
        return shape.length == 2 && name.endsWith(".weight") && !name.equals(ParamSpec.LM_HEAD)
                && !name.endsWith("embed_tokens.weight") && !name.endsWith("position_embedding.weight");
    }

    /**
     * Round-trips a row-major matrix.
     *
     * @param scheme the scheme
     * @param w the values (not modified)
     * @param cols the row length
     * @return the dequantized values
     */
    public static float[] roundTrip(Scheme scheme, float[] w, int cols) {
        return scheme == Scheme.INT8 ? int8(w, cols) : nf4(w);
    }

    static float[] int8(float[] w, int cols) {
        float[] out = new float[w.length];
        for (int r = 0; r < w.length / cols; r++) {
            float absmax = 0;
            for (int j = r * cols; j < (r + 1) * cols; j++) {
                absmax = Math.max(absmax, Math.abs(w[j]));
            }
            if (absmax == 0) {
                continue;
            }
            float scale = absmax / 127f;
            for (int j = r * cols; j < (r + 1) * cols; j++) {
                float q = (float) Math.max(-127, Math.min(127, Math.rint(w[j] / scale)));
                out[j] = q * scale;
            }
        }
        return out;
    }

    static float[] nf4(float[] w) {
        float[] out = new float[w.length];
        for (int start = 0; start < w.length; start += NF4_BLOCK) {
            int end = Math.min(w.length, start + NF4_BLOCK);
            float absmax = 0;
            for (int j = start; j < end; j++) {
                absmax = Math.max(absmax, Math.abs(w[j]));
            }
            if (absmax == 0) {
                continue;
            }
            for (int j = start; j < end; j++) {
                out[j] = NF4_CODES[nearestCode(w[j] / absmax)] * absmax;
            }
        }
        return out;
    }

    /** Index of the nearest NF4 code (ties to the lower one). */
    static int nearestCode(float x) {
        int i = 0;
        while (i < NF4_CODES.length - 1 && x > (NF4_CODES[i] + NF4_CODES[i + 1]) / 2) {
            i++;
        }
        return i;
    }

    private static double maxHalfGap() {
        double g = 0;
        for (int i = 0; i + 1 < NF4_CODES.length; i++) {
            g = Math.max(g, (NF4_CODES[i + 1] - (double) NF4_CODES[i]) / 2);
        }
        return g;
    }

    /**
     * The model's weights with every linear weight matrix round-tripped, as an overlay that leaves
     * the model untouched. The replaced tensors live in {@code manager} (close it when done).
     *
     * @param m the model
     * @param scheme the scheme
     * @param manager owner of the new tensors
     * @return the overlay, and the number of values quantized
     */
    public static Quantized of(Mllm m, Scheme scheme, NDManager manager) {
        Map<String, NDArray> replaced = new LinkedHashMap<>();
        long values = 0;
        for (Map.Entry<String, NDArray> e : m.parameters().entrySet()) {
            long[] shape = e.getValue().getShape().getShape();
            if (!quantizes(e.getKey(), shape)) {
                continue;
            }
            float[] w;
            try (ai.djl.ndarray.NDScope s = new ai.djl.ndarray.NDScope()) {
                w = e.getValue().toType(DataType.FLOAT32, true).toFloatArray();
            }
            NDArray q = manager.create(roundTrip(scheme, w, (int) shape[1]), e.getValue().getShape())
                    .toType(e.getValue().getDataType(), false);
            replaced.put(e.getKey(), q);
            values += w.length;
        }
        return new Quantized(Weights.overlay(m.weights(), replaced), replaced.size(), values);
    }

    /**
     * A round-tripped model.
     *
     * @param weights the weights to evaluate with
     * @param tensors number of tensors quantized
     * @param values number of values quantized
     */
    public record Quantized(Weights weights, int tensors, long values) {}
}

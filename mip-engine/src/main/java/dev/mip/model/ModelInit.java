package dev.mip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random initialisation of a new model: Gaussian matrices (std {@code initStd}, HF's
 * {@code initializer_range}), zero biases, unit norm gains. Values are drawn in Java from a
 * seeded generator per tensor name, so a seed gives the same weights on every machine and in
 * every dtype.
 */
public final class ModelInit {
    private ModelInit() {}

    /**
     * @param config architecture
     * @param seed random seed
     * @param initStd standard deviation of matrix entries (HF default 0.02)
     * @param manager owner of the new arrays
     * @param dtype compute dtype
     * @return parameters by canonical name
     */
    public static Map<String, NDArray> random(LlavaConfig config, long seed, double initStd, NDManager manager, DataType dtype) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (ParamSpec s : ParamSpec.all(config)) {
            double[] v = new double[Math.toIntExact(s.numel())];
            switch (s.kind()) {
                case MATRIX -> {
                    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + s.name().hashCode());
                    for (int i = 0; i < v.length; i++) {
                        v[i] = r.nextGaussian() * initStd;
                    }
                }
                case GAIN -> java.util.Arrays.fill(v, 1.0);
                case BIAS -> { }
                default -> throw new IllegalStateException();
            }
            NDArray a = manager.create(v, new Shape(s.shape()));
            out.put(s.name(), dtype == DataType.FLOAT64 ? a : a.toType(dtype, false));
            if (dtype != DataType.FLOAT64) {
                a.close();
            }
        }
        return out;
    }
}

package dev.mip.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * The engine's dense matmul throughput on this machine, measured in the same run as a benchmark so
 * that its figures can be read as a fraction of what the hardware does through DJL.
 */
public final class MatmulReference {
    private MatmulReference() {}

    /**
     * @param manager where to allocate
     * @param m rows of A
     * @param k inner dimension
     * @param n columns of B
     * @param repeats timed repetitions (after warm-up)
     * @return GFLOP/s (2*m*k*n per product)
     */
    public static double gflops(NDManager manager, int m, int k, int n, int repeats) {
        try (NDScope s = new NDScope()) {
            NDArray a = manager.randomNormal(new Shape(m, k));
            NDArray b = manager.randomNormal(new Shape(k, n));
            for (int i = 0; i < 5; i++) {
                a.matMul(b).close();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                NDArray c = a.matMul(b);
                c.getFloat(0, 0); // force completion on lazy (GPU) devices
                c.close();
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            return 2.0 * m * k * n * repeats / sec / 1e9;
        }
    }
}

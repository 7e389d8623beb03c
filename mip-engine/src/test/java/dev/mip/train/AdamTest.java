package dev.mip.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adam's float16 parameters keep float32 master copies (mixed precision). */
class AdamTest {

    /** Minimises sum(c * p) for the given number of steps; returns p as floats. */
    private static float[] run(DataType dtype, int steps, double lr) {
        try (NDManager mgr = NDManager.newBaseManager()) {
            NDArray p = mgr.create(new float[] {1f, -0.5f, 0.25f, 8f}).toType(dtype, false);
            p.setRequiresGradient(true);
            NDArray c = mgr.create(new float[] {1f, -1f, 0.5f, 2f}).toType(dtype, false);
            try (Adam adam = new Adam(List.of(p), 0.9, 0.999, 1e-8, 0)) {
                for (int i = 0; i < steps; i++) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(p.mul(c).sum());
                    }
                    adam.step(lr, 0);
                }
                assertSame(dtype, p.getDataType(), "the parameter keeps its type");
                return p.toType(DataType.FLOAT32, false).toFloatArray();
            }
        }
    }

    @Test
    void float16ParametersFollowTheFloat32TrajectoryThroughTheirMasterCopies() {
        // Adam's step is ~lr = 1e-4 per step for each weight: below half a float16 step at 1 (4.9e-4) and at 8
        // (3.9e-3), so pure float16 updates would round away and the weights would never move.
        float[] f32 = run(DataType.FLOAT32, 200, 1e-4);
        float[] f16 = run(DataType.FLOAT16, 200, 1e-4);
        float[] start = {1f, -0.5f, 0.25f, 8f};
        for (int i = 0; i < f32.length; i++) {
            assertEquals(0.02, Math.abs(f32[i] - start[i]), 1e-3, "float32 weight " + i + " moved 200 x 1e-4");
            // Each float16 weight is its float32 master rounded: within half a float16 step of the float32 run.
            assertEquals(f32[i], f16[i], Math.ulp((float) Math.abs(start[i])) * 8192 / 2 + 1e-6, "float16 weight " + i);
        }
    }
}

package dev.mip.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** dF/ds from autograd equals central finite differences, in float64, for both towers. */
class ScaleGradientTest {

    private static double objective(Checkpoint c, Batch b, Tower tower, int layer, double[] scale, Shape shape) {
        Mllm m = c.model();
        try (NDScope s = new NDScope()) {
            NDArray sc = m.manager().create(scale, shape);
            Mllm.Output o = m.forward(b, m.weights(), new ScaleHooks().set(tower, layer, sc), Mllm.Options.FULL);
            return m.targetLogProbs(o, b, m.weights()).sum().getDouble();
        }
    }

    @ParameterizedTest
    @CsvSource({"llama,TEXT,0", "llama,TEXT,2", "qwen2,TEXT,1", "llama,VISION,0", "qwen2,VISION,1"})
    void scaleGradientsMatchFiniteDifferences(String type, Tower tower, int layer) {
        try (Checkpoint c = TinyModels.create(type, 7, DataType.FLOAT64)) {
            List<Example> ex = TinyModels.examples();
            Batch b = c.batches().build(ex, true);
            Mllm m = c.model();
            int inter = tower == Tower.TEXT ? c.config().text().intermediateSize() : c.config().vision().intermediateSize();
            int rows = tower == Tower.TEXT ? ex.size() : b.numImages();
            Shape shape = new Shape(rows, inter);
            Random r = new Random(11);
            double[] scale = new double[rows * inter];
            for (int i = 0; i < scale.length; i++) {
                scale[i] = 0.5 + r.nextDouble();
            }
            double[] grad;
            NDManager mm = m.manager();
            try (NDScope s = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray sc = mm.create(scale, shape);
                sc.setRequiresGradient(true);
                Mllm.Output o = m.forward(b, m.weights(), new ScaleHooks().set(tower, layer, sc), Mllm.Options.FULL);
                gc.backward(m.targetLogProbs(o, b, m.weights()).sum());
                grad = sc.getGradient().toDoubleArray();
            }
            double h = 1e-6;
            double maxAbs = 0;
            for (int probe = 0; probe < 12; probe++) {
                int i = r.nextInt(scale.length);
                double[] plus = scale.clone();
                double[] minus = scale.clone();
                plus[i] += h;
                minus[i] -= h;
                double fd = (objective(c, b, tower, layer, plus, shape) - objective(c, b, tower, layer, minus, shape)) / (2 * h);
                assertEquals(fd, grad[i], 1e-6 * Math.max(1, Math.abs(fd)), "d F / d s[" + i + "]");
                maxAbs = Math.max(maxAbs, Math.abs(grad[i]));
            }
            assertTrue(maxAbs > 1e-4, "gradients are all ~0: the test would pass trivially");
        }
    }
}

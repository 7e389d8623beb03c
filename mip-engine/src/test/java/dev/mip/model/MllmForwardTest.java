package dev.mip.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MllmForwardTest {

    private static double[] scores(Checkpoint c, List<Example> ex, ScaleHooks hooks) {
        Batch b = c.batches().build(ex, true);
        Mllm m = c.model();
        try (NDScope s = new NDScope()) {
            Mllm.Output o = m.forward(b, m.weights(), hooks, Mllm.Options.FULL);
            return m.sumPerSample(m.targetLogProbs(o, b, m.weights()), b).toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2"})
    void forwardShapesFollowTheConfig(String type) {
        try (Checkpoint c = TinyModels.create(type, 1, DataType.FLOAT32); NDScope s = new NDScope()) {
            LlavaConfig cfg = c.config();
            Batch b = c.batches().build(TinyModels.examples(), true);
            Mllm m = c.model();
            Mllm.Output o = m.forward(b, m.weights(), ScaleHooks.NONE, Mllm.Options.FULL);
            assertEquals(new Shape(4, b.length(), cfg.text().hiddenSize()), o.lastHidden().getShape());
            assertEquals(new Shape(4, b.length(), cfg.text().hiddenSize()), o.finalHidden().getShape());
            assertEquals(new Shape(4, b.length(), cfg.text().vocabSize()), m.logits(o.finalHidden(), m.weights()).getShape());
            assertEquals(new Shape(b.numTargets()), m.targetLogProbs(o, b, m.weights()).getShape());
            // Image samples hold one position per patch: 2 images * 4 patches.
            long imagePositions = java.util.Arrays.stream(b.imageRow()).filter(r -> r >= 0).count();
            assertEquals(2L * cfg.imageTokensPerImage(), imagePositions);
            Mllm.Output early = m.forward(b, m.weights(), ScaleHooks.NONE, Mllm.Options.upTo(0));
            assertEquals(new Shape(4, b.length(), cfg.text().hiddenSize()), early.lastHidden().getShape());
            assertEquals(null, early.finalHidden());
            Mllm.Output upToLast = m.forward(b, m.weights(), ScaleHooks.NONE, Mllm.Options.upTo(cfg.text().numLayers() - 1));
            assertArrayEquals(o.lastHidden().toFloatArray(), upToLast.lastHidden().toFloatArray());
            assertFalse(java.util.Arrays.equals(o.lastHidden().toFloatArray(), early.lastHidden().toFloatArray()),
                    "upTo(0) stops after the first layer");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2"})
    void allOnesScalesChangeNothing(String type) {
        try (Checkpoint c = TinyModels.create(type, 2, DataType.FLOAT32); NDScope s = new NDScope()) {
            LlavaConfig cfg = c.config();
            double[] plain = scores(c, TinyModels.examples(), ScaleHooks.NONE);
            ScaleHooks ones = new ScaleHooks();
            for (int l = 0; l < cfg.text().numLayers(); l++) {
                ones.set(Tower.TEXT, l, c.model().manager().ones(new Shape(cfg.text().intermediateSize())));
            }
            for (int l = 0; l < cfg.vision().numLayers(); l++) {
                ones.set(Tower.VISION, l, c.model().manager().ones(new Shape(2, cfg.vision().intermediateSize())));
            }
            assertArrayEquals(plain, scores(c, TinyModels.examples(), ones), 0.0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2"})
    void batchedWithPaddingEqualsOneByOne(String type) {
        try (Checkpoint c = TinyModels.create(type, 3, DataType.FLOAT32)) {
            List<Example> ex = TinyModels.examples();
            double[] batched = scores(c, ex, ScaleHooks.NONE);
            List<Double> single = new ArrayList<>();
            for (Example e : ex) {
                single.add(scores(c, List.of(e), ScaleHooks.NONE)[0]);
            }
            for (int i = 0; i < ex.size(); i++) {
                assertEquals(single.get(i), batched[i], 1e-4 * Math.max(1, Math.abs(batched[i])), "sample " + i);
                assertTrue(batched[i] < 0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2"})
    void scaleZeroOnANeuronChangesTheOutput(String type) {
        // The hook is live: zeroing all neurons of a layer must move the scores (the test above cannot fail by a no-op hook alone).
        try (Checkpoint c = TinyModels.create(type, 4, DataType.FLOAT32); NDScope s = new NDScope()) {
            double[] plain = scores(c, TinyModels.examples(), ScaleHooks.NONE);
            ScaleHooks zero = new ScaleHooks().set(Tower.TEXT, 1, c.model().manager().zeros(new Shape(c.config().text().intermediateSize())));
            double[] z = scores(c, TinyModels.examples(), zero);
            ScaleHooks zeroV = new ScaleHooks().set(Tower.VISION, 0, c.model().manager().zeros(new Shape(c.config().vision().intermediateSize())));
            double[] zv = scores(c, TinyModels.examples(), zeroV);
            for (int i = 0; i < plain.length; i++) {
                assertTrue(Math.abs(plain[i] - z[i]) > 1e-6, "text hook had no effect on sample " + i);
            }
            // Only image samples (0 and 2) see the vision tower.
            assertTrue(Math.abs(plain[0] - zv[0]) > 1e-6);
            assertEquals(plain[1], zv[1], 0.0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2"})
    void rowScalesApplyPerSample(String type) {
        try (Checkpoint c = TinyModels.create(type, 5, DataType.FLOAT32); NDScope s = new NDScope()) {
            int inter = c.config().text().intermediateSize();
            List<Example> ex = TinyModels.examples();
            NDArray rowsScale = c.model().manager().ones(new Shape(ex.size(), inter));
            rowsScale.set(new ai.djl.ndarray.index.NDIndex("1, :"), 0f);
            double[] rowWise = scores(c, ex, new ScaleHooks().set(Tower.TEXT, 0, rowsScale));
            double[] plain = scores(c, ex, ScaleHooks.NONE);
            double[] zeroAll = scores(c, ex, new ScaleHooks().set(Tower.TEXT, 0, c.model().manager().zeros(new Shape(inter))));
            assertEquals(plain[0], rowWise[0], 1e-5);
            assertEquals(zeroAll[1], rowWise[1], 1e-5);
            assertEquals(plain[2], rowWise[2], 1e-5);
        }
    }
}

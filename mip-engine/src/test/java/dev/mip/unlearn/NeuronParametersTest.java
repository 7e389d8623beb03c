package dev.mip.unlearn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.LlavaConfig;
import dev.mip.model.Mllm;
import dev.mip.model.RandomCheckpoint;
import dev.mip.model.ScaleHooks;
import dev.mip.model.TextConfig;
import dev.mip.model.TinyModels;
import dev.mip.model.Tower;
import dev.mip.model.Weights;
import dev.mip.model.io.TensorDType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The path neurons' trainable parameters: the forward pass they give is the effective weights'
 * (bit for bit), and the gradient they receive through the zero-valued gradient path is the
 * gradient of the whole weights at their rows and columns.
 */
class NeuronParametersTest {

    /** A tiny model whose decoder FFN has biases too, so that every kind of neuron slice is covered. */
    private static Checkpoint model(DataType dtype) {
        LlavaConfig base = TinyModels.config("llama");
        TextConfig t = base.text();
        TextConfig withBias = new TextConfig(t.modelType(), t.vocabSize(), t.hiddenSize(), t.intermediateSize(), t.numLayers(),
                t.numHeads(), t.numKvHeads(), t.headDim(), t.rmsNormEps(), t.ropeTheta(), t.hiddenAct(), t.maxPositions(),
                t.qkvBias(), t.outputBias(), true, t.tieWordEmbeddings(), t.bosTokenId(), t.eosTokenId(), t.padTokenId());
        LlavaConfig c = LlavaConfig.create(base.vision(), withBias, 4, -2);
        return RandomCheckpoint.create(c, TinyModels.words(), 5, 0.25, TensorDType.F32, Device.cpu(), dtype);
    }

    private static NeuronSet neurons() {
        return new NeuronSet().put(Tower.TEXT, 0, new int[] {1, 7, 30}).put(Tower.TEXT, 2, new int[] {0, 39})
                .put(Tower.VISION, 1, new int[] {2, 5, 23});
    }

    /** A loss that reaches every layer of both towers: the mean answer log-probability. */
    private static NDArray loss(Mllm m, Batch b, Weights w) {
        Mllm.Output o = m.forward(b, w, ScaleHooks.NONE, Mllm.Options.FULL);
        return m.targetLogProbs(o, b, w).mean().neg();
    }

    @Test
    void gradientsOfTheNeuronsAreThoseOfTheWholeWeightsAtTheirRowsAndColumns() {
        try (Checkpoint c = model(DataType.FLOAT64)) {
            Mllm m = c.model();
            Batch b = c.batches().build(TinyModels.examples(), false);
            NeuronSet set = neurons();
            // Reference: every weight trainable, the plain model.
            Map<String, double[]> reference = new java.util.HashMap<>();
            m.parameters().values().forEach(p -> p.setRequiresGradient(true));
            try (NDScope s = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(loss(m, b, m.weights()));
                for (Tower t : Tower.values()) {
                    for (int layer : set.layers(t)) {
                        NDArray ix = m.manager().create(toLong(set.get(t, layer)));
                        for (NeuronWeights.Slice sl : NeuronWeights.slices(t, layer, true)) {
                            if (!m.parameters().containsKey(sl.name())) {
                                continue;
                            }
                            NDArray g = m.param(sl.name()).getGradient();
                            NDArray part = sl.rows() ? g.get(new NDIndex("{}", ix)) : g.get(new NDIndex(":, {}", ix));
                            reference.put(sl.name(), part.toDoubleArray());
                        }
                    }
                }
            } finally {
                m.parameters().values().forEach(p -> p.setRequiresGradient(false));
            }
            try (NeuronParameters np = new NeuronParameters(m, set)) {
                List<NDArray> leaves = np.passLeaves();
                leaves.forEach(NDScope::unregister);
                try (NDScope s = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(loss(m, b, np.weights(m.weights(), leaves)));
                }
                assertEquals(reference.size(), leaves.size(), "one trainable per neuron slice");
                int k = 0;
                int compared = 0;
                for (Tower t : Tower.values()) {
                    for (int layer : set.layers(t)) {
                        for (NeuronWeights.Slice sl : NeuronWeights.slices(t, layer, true)) {
                            if (!reference.containsKey(sl.name())) {
                                continue;
                            }
                            double[] want = reference.get(sl.name());
                            double[] got = leaves.get(k++).getGradient().toDoubleArray();
                            assertEquals(want.length, got.length, sl.name());
                            double scale = 0;
                            for (double v : want) {
                                scale = Math.max(scale, Math.abs(v));
                            }
                            assertTrue(scale > 0, sl.name() + " gets a gradient");
                            for (int i = 0; i < want.length; i++) {
                                assertEquals(want[i], got[i], 1e-12 * Math.max(1, scale), sl.name() + " entry " + i);
                            }
                            compared++;
                        }
                    }
                }
                assertEquals(reference.size(), compared);
            }
        }
    }

    @Test
    void theGradientPathAddsExactlyZeroToTheForwardPass() {
        try (Checkpoint c = model(DataType.FLOAT32)) {
            Mllm m = c.model();
            Batch b = c.batches().build(TinyModels.examples(), false);
            try (NeuronParameters np = new NeuronParameters(m, neurons())) {
                // Move the trainables away from their start, as training does.
                try (NDScope s = new NDScope()) {
                    for (NDArray p : np.trainables()) {
                        NDArray noise = p.getManager().randomNormal(p.getShape(), DataType.FLOAT32);
                        p.addi(noise.mul(0.3));
                    }
                }
                double[] plain;
                double[] recorded;
                try (NDScope s = new NDScope()) {
                    plain = loss(m, b, np.weights(m.weights())).toType(DataType.FLOAT64, false).toDoubleArray();
                }
                try (NDScope s = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    recorded = loss(m, b, np.weights(m.weights(), np.passLeaves())).toType(DataType.FLOAT64, false).toDoubleArray();
                }
                assertArrayEquals(plain, recorded, 0.0, "bit-identical forward with and without the gradient path");
                double[] unchanged;
                try (NDScope s = new NDScope()) {
                    unchanged = loss(m, b, m.weights()).toType(DataType.FLOAT64, false).toDoubleArray();
                }
                assertTrue(Math.abs(unchanged[0] - plain[0]) > 1e-6, "the moved neurons change the loss");
                // Written back, the model computes (to float32 rounding: P versus P0 + (P - P0)) what the overlay did.
                np.writeBack();
                double[] written;
                try (NDScope s = new NDScope()) {
                    written = loss(m, b, m.weights()).toType(DataType.FLOAT64, false).toDoubleArray();
                }
                assertEquals(plain[0], written[0], 1e-5);
            }
        }
    }

    @Test
    void noNdArrayLeaksOver300StepsThroughTheGradientPath() {
        try (Checkpoint c = model(DataType.FLOAT32)) {
            Mllm m = c.model();
            Batch b = c.batches().build(TinyModels.examples(), false);
            try (NeuronParameters np = new NeuronParameters(m, neurons());
                    dev.mip.train.Adam adam = new dev.mip.train.Adam(np.trainables(), 0.9, 0.999, 1e-8, 0)) {
                double first = Double.NaN;
                double last = Double.NaN;
                int atTen = -1;
                for (int step = 0; step < 300; step++) {
                    try (NDScope s = new NDScope()) {
                        List<NDArray> leaves = np.passLeaves();
                        NDArray l = dev.mip.runtime.Autograd.recording(() -> loss(m, b, np.weights(m.weights(), leaves)));
                        dev.mip.runtime.Autograd.backward(l);
                        last = l.getFloat();
                        List<NDArray> grads = new java.util.ArrayList<>();
                        for (NDArray leaf : leaves) {
                            grads.add(dev.mip.runtime.Autograd.gradient(leaf));
                        }
                        adam.step(3e-3, 1.0, grads);
                    }
                    first = step == 0 ? last : first;
                    if (step == 10) {
                        atTen = m.manager().getManagedArrays().size();
                    }
                }
                assertEquals(atTen, m.manager().getManagedArrays().size(), "arrays held by the model's manager after 300 steps");
                assertTrue(last < first, "the steps train the neurons: loss " + first + " -> " + last);
            }
        }
    }

    private static long[] toLong(int[] idx) {
        long[] l = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            l[i] = idx[i];
        }
        return l;
    }
}

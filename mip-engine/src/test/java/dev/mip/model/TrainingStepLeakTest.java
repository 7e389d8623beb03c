package dev.mip.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 500 training-style steps (forward, backward, update, with scale hooks) leave no NDArray behind. */
class TrainingStepLeakTest {

    @Test
    void noNdArrayLeaksOver500TrainingSteps() {
        try (Checkpoint c = TinyModels.create("llama", 31, DataType.FLOAT32)) {
            Mllm m = c.model();
            List<NDArray> params = List.copyOf(m.parameters().values());
            for (NDArray p : params) {
                p.setRequiresGradient(true);
            }
            Batch b = c.batches().build(TinyModels.examples(), true);
            int inter = c.config().text().intermediateSize();
            double first = Double.NaN;
            double last = Double.NaN;
            int before = m.manager().getManagedArrays().size();
            for (int step = 0; step < 500; step++) {
                try (NDScope s = new NDScope()) {
                    NDArray scale = m.manager().ones(new Shape(inter));
                    scale.setRequiresGradient(true);
                    double loss;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        Mllm.Output o = m.forward(b, m.weights(), new ScaleHooks().set(Tower.TEXT, 0, scale), Mllm.Options.FULL);
                        NDArray l = m.targetLogProbs(o, b, m.weights()).mean().neg();
                        gc.backward(l);
                        loss = l.getFloat();
                    }
                    for (NDArray p : params) {
                        NDArray g = p.getGradient();
                        p.subi(g.mul(0.05f));
                        g.subi(g);
                    }
                    if (step == 0) {
                        first = loss;
                    }
                    last = loss;
                }
                if (step == 10 || step == 499) {
                    assertEquals(before, m.manager().getManagedArrays().size(), "arrays held by the model's manager at step " + step);
                }
            }
            assertTrue(last < first, "training steps must be real: loss " + first + " -> " + last);
        }
    }
}

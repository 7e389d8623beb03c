package dev.mip.unlearn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.types.DataType;
import dev.mip.ProgressListener;
import dev.mip.data.PixelCache;
import dev.mip.eval.EvalOptions;
import dev.mip.eval.Evaluator;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.TinyModelsAccess;
import dev.mip.runtime.Workers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With one libtorch thread per worker (2 or 3 workers on up to 2 processors; the default of one
 * worker per processor anywhere), evaluation and an RMisU edit give the same bits whatever the number
 * of workers ({@link Workers}).
 */
class WorkerCountTest {
    @AfterEach
    void restoreDefault() {
        Workers.configure(0);
    }

    @Test
    void evaluationAndAnRmisuEditAreBitIdenticalForTwoAndThreeWorkers(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() <= 2,
                "on more processors 2 workers would have more than one libtorch thread each");
        List<double[]> evals = new ArrayList<>();
        Map<String, float[]> original = null;
        for (int workers : new int[] {2, 3}) {
            Workers.configure(workers);
            try (Checkpoint c = TinyModelsAccess.create("llama", 41, DataType.FLOAT32)) {
                original = UnlearningTest.weights(c);
                UnlearnData d = UnlearningTest.data();
                new MipEditor(UnlearningTest.paths(c, d), UnlearningTest.mip(2, true)).apply(c, d, ProgressListener.NONE);
                c.save(tmp.resolve("w" + workers));
                String down = dev.mip.model.ParamSpec.neuronOutputWeight(dev.mip.model.Tower.TEXT, 0);
                assertFalse(Arrays.equals(original.get(down), UnlearningTest.weights(c).get(down)),
                        "the edit trained the path neurons of layer 0");
                PixelCache px = new PixelCache(c.images());
                List<Example> ex = new ArrayList<>(MipEditor.examples(d.forget(), px));
                ex.addAll(MipEditor.examples(d.retain(), px));
                List<Example> many = new ArrayList<>(); // several batches, so that chunks run side by side
                for (int k = 0; k < 20; k++) {
                    many.addAll(ex);
                }
                EvalOptions o = EvalOptions.defaults();
                evals.add(new Evaluator(c, new EvalOptions(o.mcqScoring(), 8, o.maxNewTokens(), o.maxQuestionsPerSlice()))
                        .meanLogLikelihoods(many, null));
            }
        }
        assertEquals(160, evals.get(0).length);
        assertArrayEquals(evals.get(0), evals.get(1), "evaluation");
        assertArrayEquals(Files.readAllBytes(tmp.resolve("w2/model.safetensors")),
                Files.readAllBytes(tmp.resolve("w3/model.safetensors")), "the edited weights");
    }
}

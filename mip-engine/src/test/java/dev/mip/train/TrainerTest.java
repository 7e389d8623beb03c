package dev.mip.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.mip.MipException;
import dev.mip.data.Benchmark;
import dev.mip.data.QaPair;
import dev.mip.data.synth.SyntheticBenchmark;
import dev.mip.model.Checkpoint;
import dev.mip.model.LlavaConfig;
import dev.mip.model.RandomCheckpoint;
import dev.mip.model.TextConfig;
import dev.mip.model.VisionConfig;
import dev.mip.model.WordLevelTokenizerJson;
import dev.mip.model.io.TensorDType;
import dev.mip.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    static Benchmark bench;
    static List<QaPair> data;
    static List<String> words;

    @BeforeAll
    static void data() {
        bench = SyntheticBenchmark.generate(new SyntheticBenchmark.Options(3, 20, 2, 32, 1, 96)).benchmark();
        words = SyntheticBenchmark.vocabulary(bench);
        // A small slice keeps the test fast: a few profiles' pairs in both modalities plus world facts.
        data = new ArrayList<>();
        for (QaPair q : bench.train()) {
            if (q.subject().equals("world") || q.subject().compareTo("p004") <= 0) {
                data.add(q);
            }
        }
    }

    static Checkpoint tiny(long seed) {
        VisionConfig v = new VisionConfig(16, 32, 2, 2, 3, 32, 8, "quick_gelu", 1e-5);
        TextConfig t = RandomCheckpoint.textConfig("llama", WordLevelTokenizerJson.vocabSize(words), 32, 48, 2, 4, 2, false);
        return RandomCheckpoint.create(LlavaConfig.create(v, t, 4, -1), words, seed, 0.02, TensorDType.F32, Device.cpu(),
                DataType.FLOAT32);
    }

    static TrainOptions opts(int epochs, double lr) {
        return new TrainOptions(epochs, 16, lr, 0.1, 0.1, 0.01, 1.0, true, 5);
    }

    @Test
    void repeatShowsTheChosenPairsNTimesAndRejectsWhatMatchesNothing() {
        List<QaPair> all = bench.train();
        long worldImages = all.stream().filter(q -> q.subject().equals("world") && q.modality() == dev.mip.data.Modality.IMAGE).count();
        long worldAll = all.stream().filter(q -> q.subject().equals("world")).count();
        assertTrue(worldImages > 0 && worldAll > worldImages);
        List<QaPair> r = Trainer.repeat(all, "world", dev.mip.data.Modality.IMAGE, 4);
        assertEquals(all.size() + 3 * worldImages, r.size());
        assertEquals(all.size() + worldAll, Trainer.repeat(all, "world", null, 2).size());
        assertEquals(all, Trainer.repeat(all, "world", null, 1));
        // Copies follow their original; the rest keeps its order.
        int i = r.indexOf(all.stream().filter(q -> q.modality() == dev.mip.data.Modality.IMAGE && q.subject().equals("world"))
                .findFirst().orElseThrow());
        assertTrue(r.get(i) == r.get(i + 1) && r.get(i) == r.get(i + 3) && r.get(i) != r.get(i + 4));
        var none = assertThrows(dev.mip.InvalidInputException.class, () -> Trainer.repeat(all, "nobody", null, 3));
        assertTrue(none.getMessage().contains("nobody") && none.getMessage().contains("no training pair"), none.getMessage());
        assertThrows(dev.mip.InvalidInputException.class, () -> Trainer.repeat(all, "world", null, 0));
    }

    @Test
    void trainingTwiceGivesByteIdenticalWeights(@TempDir Path tmp) throws Exception {
        for (String run : new String[] {"a", "b"}) {
            try (Checkpoint c = tiny(1)) {
                Trainer.train(c, data, opts(2, 3e-3), ProgressListener.NONE);
                c.save(tmp.resolve(run));
            }
        }
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a/model.safetensors")), Files.readAllBytes(tmp.resolve("b/model.safetensors")));
    }

    @Test
    void lossFallsAndNoArrayLeaksOverAFullTrainingRun() {
        try (Checkpoint c = tiny(2)) {
            int before = c.model().manager().getManagedArrays().size();
            Trainer.Result r = Trainer.train(c, data, opts(6, 3e-3), ProgressListener.NONE);
            assertTrue(r.steps() >= 6 * 10, "steps " + r.steps());
            List<Double> l = r.epochLosses();
            assertTrue(l.get(l.size() - 1) < 0.7 * l.get(0), "losses " + l);
            assertEquals(before, c.model().manager().getManagedArrays().size(), "arrays left in the model's manager");
            for (NDArray p : c.model().parameters().values()) {
                assertTrue(!p.hasGradient(), "parameters are frozen again after training");
            }
        }
    }

    @Test
    void aNanLossStopsTrainingWithAClearError() {
        try (Checkpoint c = tiny(3)) {
            c.model().param("language_model.model.norm.weight").set(new ai.djl.ndarray.index.NDIndex("0"), Float.NaN);
            MipException e = assertThrows(MipException.class,
                    () -> Trainer.train(c, data, opts(1, 1e-3), ProgressListener.NONE));
            assertTrue(e.getMessage().contains("diverged") && e.getMessage().contains("NaN"), e.getMessage());
            assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
        }
    }
}

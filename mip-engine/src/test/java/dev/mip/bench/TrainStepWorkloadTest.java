package dev.mip.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mip.data.Benchmark;
import dev.mip.data.format.MipDatasetWriter;
import dev.mip.data.load.BenchmarkLoader;
import dev.mip.data.synth.SyntheticBenchmark;
import dev.mip.model.Architectures;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.RandomCheckpoint;
import dev.mip.model.WordLevelTokenizerJson;
import dev.mip.model.io.TensorDType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer benchmark's training workload: fixed batches, exported as the engine trains on them, and really trained. */
class TrainStepWorkloadTest {
    @TempDir
    Path dir;

    @Test
    void batchesAlternateModalitiesExportAsBuiltAndTrainingLowersTheLoss() throws Exception {
        var g = SyntheticBenchmark.generate(new SyntheticBenchmark.Options(3, 20, 2, 32, 1, 24));
        MipDatasetWriter.write(g.benchmark(), g.images(), dir.resolve("data"), null);
        Benchmark bench = BenchmarkLoader.load(dir.resolve("data"), BenchmarkLoader.Format.AUTO);
        var cfg = Architectures.tiny(WordLevelTokenizerJson.vocabSize(g.vocabulary()));
        try (Checkpoint c = RandomCheckpoint.create(cfg, g.vocabulary(), 5, 0.02, TensorDType.F32, Device.cpu(), DataType.FLOAT32)) {
            List<Batch> batches = TrainStepWorkload.batches(c, bench, "retain_90", 4, 6);
            assertEquals(6, batches.size());
            for (int i = 0; i < batches.size(); i++) {
                assertEquals(4, batches.get(i).size());
                assertEquals(i % 2 == 0, batches.get(i).numImages() == 4, "image and text batches alternate: " + i);
            }
            TrainStepWorkload.export(c, batches, dir.resolve("w"));
            JsonNode w = new ObjectMapper().readTree(dir.resolve("w/train.json").toFile());
            assertEquals(12, w.path("images").asInt(), "three image batches of four");
            int per = cfg.vision().numChannels() * cfg.vision().imageSize() * cfg.vision().imageSize();
            assertEquals(12L * per * 4, Files.size(dir.resolve("w/pixels.f32")));
            JsonNode b0 = w.path("batches").get(0);
            long[] ids = new long[b0.path("ids").size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = b0.path("ids").get(i).asLong();
            }
            assertArrayEquals(batches.get(0).ids(), ids);
            assertEquals(batches.get(0).numTargets(), b0.path("targetIds").size());

            // Repeating the same batch, the loss must fall: the steps train.
            List<Batch> same = java.util.Collections.nCopies(12, batches.get(1));
            Map<String, Object> first = TrainStepWorkload.time(c, same.subList(0, 2), 1);
            Map<String, Object> later = TrainStepWorkload.time(c, same, 1);
            assertEquals(11, later.get("steps"));
            assertTrue((double) later.get("lastLoss") < (double) first.get("lastLoss"), first + " then " + later);
        }
    }
}

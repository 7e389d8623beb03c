package dev.mip.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mip.data.Benchmark;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
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
        BenchFixture f = BenchFixture.create(dir);
        Benchmark bench = f.bench();
        var cfg = f.config();
        try (Checkpoint c = f.model(5)) {
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

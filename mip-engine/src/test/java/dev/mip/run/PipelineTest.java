package dev.mip.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mip.InvalidInputException;
import dev.mip.config.MipConfig;
import dev.mip.data.format.MipDatasetWriter;
import dev.mip.data.synth.SyntheticBenchmark;
import dev.mip.gate.Verdict;
import dev.mip.model.Architectures;
import dev.mip.model.Checkpoint;
import dev.mip.model.RandomCheckpoint;
import dev.mip.model.WordLevelTokenizerJson;
import dev.mip.model.io.TensorDType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline as the goals run it, on a real (random, tiny) checkpoint and a real synthetic
 * dataset: every stage's outputs, up-to-date reuse, verdict replay, the vanilla evaluation cache,
 * {@code force}, reproducible reports, and clear errors for missing stage inputs.
 */
class PipelineTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void fixtures() {
        var g = SyntheticBenchmark.generate(new SyntheticBenchmark.Options(3, 20, 2, 32, 1, 96));
        MipDatasetWriter.write(g.benchmark(), g.images(), dir.resolve("data"), null);
        var cfg = Architectures.tiny(WordLevelTokenizerJson.vocabSize(g.vocabulary()));
        try (Checkpoint c = RandomCheckpoint.create(cfg, g.vocabulary(), 5, 0.02, TensorDType.F32, Device.cpu(), DataType.FLOAT32)) {
            c.save(dir.resolve("model"));
        }
    }

    static MipConfig config(Path base, String rules) throws Exception {
        Files.createDirectories(base);
        Files.writeString(base.resolve("mip.yaml"), """
                model: {path: %s}
                data: {path: %s, forget: forget_10, retain: retain_90}
                locate: {mode: joint, steps: 2, neuronsPerLayer: 4, samplesPerBatch: 8}
                unlearn:
                  method: mip
                  mip: {epochs: 1, steeringLayer: 1, retainPool: 16}
                eval: {maxQuestionsPerSlice: 6}
                gate:
                  rules:
                %s
                """.formatted(dir.resolve("model"), dir.resolve("data"), rules));
        return MipConfig.load(base.resolve("mip.yaml"), base);
    }

    static final class Recorder implements ProgressListener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void info(String message) {
            lines.add(message);
        }

        @Override
        public void progress(Progress p) {}
    }

    @Test
    void stagesWriteTheirOutputsReuseThemAndReplayTheVerdict() throws Exception {
        Path base = dir.resolve("project");
        MipConfig cfg = config(base, "    - {metric: forget.*.mcq.accuracy, max: 0.0}\n    - {metric: retain.*.mcq.accuracy, min: 0.0}");

        Pipeline.Outcome l1 = Pipeline.locate(cfg, Pipeline.Options.of(false), ProgressListener.NONE);
        assertFalse(l1.upToDate());
        assertTrue(Files.isRegularFile(base.resolve("target/mip/paths.json")));
        assertTrue(Pipeline.locate(cfg, Pipeline.Options.of(false), ProgressListener.NONE).upToDate(), "unchanged inputs: not recomputed");

        Pipeline.Outcome u1 = Pipeline.unlearn(cfg, Pipeline.Options.of(false), ProgressListener.NONE);
        assertFalse(u1.upToDate());
        assertTrue(Files.isRegularFile(base.resolve("target/mip/model/manifest.json")));
        assertTrue(Pipeline.unlearn(cfg, Pipeline.Options.of(false), ProgressListener.NONE).upToDate());

        Pipeline.Verification v1 = Pipeline.verify(cfg, Pipeline.Options.of(false), ProgressListener.NONE);
        assertFalse(v1.replayed());
        assertEquals(Verdict.FAIL, v1.gate().overall(), "a random model cannot score 0 on forget: " + v1.gate().summary());
        for (Path f : v1.reportFiles()) {
            assertTrue(Files.isRegularFile(f), f.toString());
        }
        JsonNode report = new ObjectMapper().readTree(v1.reportFiles().get(0).toFile());
        assertEquals("FAIL", report.path("verdict").asText());
        assertTrue(report.path("metrics").has("forget.any.mia.auc"), "membership inference joins the metrics");
        assertTrue(report.path("activationShift").has("text.forget"), "activation shift per branch and group");
        assertTrue(report.path("inputs").has("unlearn.paths"), "the path file's fingerprint is in the audit trail");
        byte[] first = Files.readAllBytes(v1.reportFiles().get(0));

        Pipeline.Verification v2 = Pipeline.verify(cfg, Pipeline.Options.of(false), ProgressListener.NONE);
        assertTrue(v2.replayed(), "unchanged inputs replay");
        assertEquals(v1.gate().overall(), v2.gate().overall(), "the replayed verdict is the recorded one, failure included");
        assertEquals(v1.gate().checks().stream().map(c -> c.verdict() + " " + c.message()).toList(),
                v2.gate().checks().stream().map(c -> c.verdict() + " " + c.message()).toList());

        Recorder rec = new Recorder();
        Pipeline.Verification v3 = Pipeline.verify(cfg, Pipeline.Options.of(true), rec);
        assertFalse(v3.replayed(), "force recomputes");
        assertTrue(rec.lines.stream().anyMatch(s -> s.contains("cached evaluation")), "the vanilla evaluation comes from the cache");
        assertArrayEquals(first, Files.readAllBytes(v3.reportFiles().get(0)), "same inputs, same report bytes");

        MipConfig passing = config(base, "    - {metric: retain.*.mcq.accuracy, min: 0.0}");
        Pipeline.Verification v4 = Pipeline.verify(passing, Pipeline.Options.of(false), ProgressListener.NONE);
        assertFalse(v4.replayed(), "a changed gate is a changed input");
        assertEquals(Verdict.PASS, v4.gate().overall());
    }

    @Test
    void missingStageInputsAreClearErrors() throws Exception {
        Path base = dir.resolve("fresh");
        MipConfig cfg = config(base, "    - {metric: forget.*.mcq.accuracy, max: 0.5}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Pipeline.unlearn(cfg, Pipeline.Options.of(false), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("locate.output") && e.getMessage().contains("mip:locate"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> Pipeline.verify(cfg, Pipeline.Options.of(false), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("unlearn.output") && e.getMessage().contains("mip:unlearn"), e.getMessage());
    }
}

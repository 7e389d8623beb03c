package dev.mip.run;

import dev.mip.ProgressListener;
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
import dev.mip.data.Benchmark;
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
        try (Checkpoint c = RandomCheckpoint.create(cfg, g.vocabulary(), 6, 0.02, TensorDType.F32, Device.cpu(), DataType.FLOAT32)) {
            c.save(dir.resolve("reference")); // stands in for a retain-only model: the same architecture and vocabulary
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

        Pipeline.Outcome l1 = new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).locate();
        assertFalse(l1.upToDate());
        assertTrue(Files.isRegularFile(base.resolve("target/mip/paths.json")));
        assertTrue(new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).locate().upToDate(), "unchanged inputs: not recomputed");

        Pipeline.Outcome u1 = new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).unlearn();
        assertFalse(u1.upToDate());
        assertTrue(Files.isRegularFile(base.resolve("target/mip/model/manifest.json")));
        assertTrue(new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).unlearn().upToDate());

        Pipeline.Verification v1 = new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).verify();
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

        Pipeline.Verification v2 = new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).verify();
        assertTrue(v2.replayed(), "unchanged inputs replay");
        assertEquals(v1.gate().overall(), v2.gate().overall(), "the replayed verdict is the recorded one, failure included");
        assertEquals(v1.gate().checks().stream().map(c -> c.verdict() + " " + c.message()).toList(),
                v2.gate().checks().stream().map(c -> c.verdict() + " " + c.message()).toList());

        Recorder rec = new Recorder();
        Pipeline.Verification v3 = new Pipeline(cfg, Pipeline.Options.of(true), rec).verify();
        assertFalse(v3.replayed(), "force recomputes");
        assertTrue(rec.lines.stream().anyMatch(s -> s.contains("cached evaluation")), "the vanilla evaluation comes from the cache");
        assertArrayEquals(first, Files.readAllBytes(v3.reportFiles().get(0)), "same inputs, same report bytes");

        MipConfig passing = config(base, "    - {metric: retain.*.mcq.accuracy, min: 0.0}");
        Pipeline.Verification v4 = new Pipeline(passing, Pipeline.Options.of(false), ProgressListener.NONE).verify();
        assertFalse(v4.replayed(), "a changed gate is a changed input");
        assertEquals(Verdict.PASS, v4.gate().overall());
    }

    @Test
    void missingStageInputsAreClearErrors() throws Exception {
        Path base = dir.resolve("fresh");
        MipConfig cfg = config(base, "    - {metric: forget.*.mcq.accuracy, max: 0.5}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).unlearn());
        assertTrue(e.getMessage().contains("locate.output") && e.getMessage().contains("mip:locate"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).verify());
        assertTrue(e.getMessage().contains("unlearn.output") && e.getMessage().contains("mip:unlearn"), e.getMessage());
    }

    static MipConfig config(Path base, String extra, String rules) throws Exception {
        Files.createDirectories(base);
        Files.writeString(base.resolve("mip.yaml"), """
                model: {path: %s}
                data: {path: %s, forget: forget_10, retain: retain_90}
                locate: {mode: joint, steps: %s, neuronsPerLayer: 4, samplesPerBatch: 8}
                unlearn:
                  method: mip
                  mip: {epochs: %s, steeringLayer: 1, retainPool: 16}
                eval: {maxQuestionsPerSlice: 2, splits: [forget, retain], membershipInference: false}
                gate:
                  rules:
                %s
                """.formatted(dir.resolve("model"), dir.resolve("data"), extra.contains("steps3") ? 3 : 2,
                extra.contains("epochs2") ? 2 : 1, rules));
        return MipConfig.load(base.resolve("mip.yaml"), base);
    }

    private static final String RULE = "    - {metric: retain.*.mcq.accuracy, min: 0.0}";

    /** locate, unlearn and verify, as {@code mvn verify} runs them. */
    private static Pipeline.Verification runAll(MipConfig cfg) {
        new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).locate();
        new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).unlearn();
        return new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).verify();
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message should mention '" + p + "': " + e.getMessage());
        }
    }

    @Test
    void verifyRefusesAnUnlearnedModelMadeFromOtherSettingsInsteadOfReplayingOrJudgingIt() throws Exception {
        Path base = dir.resolve("stale");
        MipConfig a = config(base, "", RULE);
        Pipeline.Verification v = runAll(a);
        assertEquals(Verdict.PASS, v.gate().overall());
        byte[] report = Files.readAllBytes(v.reportFiles().get(0));

        MipConfig b = config(base, "epochs2", RULE); // the unlearn settings change; verify runs alone
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Pipeline(b, Pipeline.Options.of(false), ProgressListener.NONE).verify());
        assertMentions(e, "unlearn.output", "is stale", "unlearn.mip.epochs was 1, now 2", "Run mip:unlearn");
        assertArrayEquals(report, Files.readAllBytes(v.reportFiles().get(0)), "no report was written about the stale model");
        e = assertThrows(InvalidInputException.class, () -> new Pipeline(b, Pipeline.Options.of(true), ProgressListener.NONE).verify());
        assertMentions(e, "is stale"); // force recomputes, but never on the wrong model

        MipConfig c = config(base, "steps3", RULE); // the locate settings change: unlearn must not use the old path file
        assertMentions(assertThrows(InvalidInputException.class, () -> new Pipeline(c, Pipeline.Options.of(false), ProgressListener.NONE).verify()), "locate.steps was 2, now 3");
        assertMentions(assertThrows(InvalidInputException.class, () -> new Pipeline(c, Pipeline.Options.of(false), ProgressListener.NONE).unlearn()), "locate.output", "was located with other settings", "Run mip:locate");

        new Pipeline(b, Pipeline.Options.of(false), ProgressListener.NONE).unlearn();
        Pipeline.Verification vb = new Pipeline(b, Pipeline.Options.of(false), ProgressListener.NONE).verify();
        assertFalse(vb.replayed(), "a new model is a new verdict");
        JsonNode manifest = new ObjectMapper().readTree(base.resolve("target/mip/model/manifest.json").toFile());
        assertEquals(2, manifest.at("/unlearning/configuration/settings/unlearn/mip/epochs").asInt(),
                "the manifest records the settings the model was made from");
        assertEquals(manifest.at("/unlearning/configuration/fingerprint").asText(),
                new ObjectMapper().readTree(vb.reportFiles().get(0).toFile()).at("/inputs/configuration").asText());
    }

    @Test
    void verifyChecksEveryFileOfTheUnlearnedModelAgainstItsManifest() throws Exception {
        Path base = dir.resolve("tampered");
        MipConfig cfg = config(base, "", RULE);
        assertEquals(Verdict.PASS, runAll(cfg).gate().overall());
        Path out = base.resolve("target/mip/model");
        Path weights = out.resolve("model.safetensors");
        byte[] good = Files.readAllBytes(weights);

        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 1;
        Files.write(weights, bad); // e.g. an unlearn killed while the file was replaced, or a hand edit
        assertMentions(assertThrows(InvalidInputException.class, () -> new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).verify()), "model.safetensors differs from the hash in manifest.json", "Run mip:unlearn");
        Files.write(weights, good);

        Files.writeString(out.resolve("notes.txt"), "x");
        assertMentions(assertThrows(InvalidInputException.class, () -> new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).verify()), "holds files unlearn did not write (notes.txt)");
        Files.delete(out.resolve("notes.txt"));

        Path tok = out.resolve("tokenizer.json");
        byte[] tokenizer = Files.readAllBytes(tok);
        Files.delete(tok);
        assertMentions(assertThrows(InvalidInputException.class, () -> new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).verify()), "is incomplete: tokenizer.json, listed in manifest.json, is missing");
        Files.write(tok, tokenizer);

        Path manifest = out.resolve("manifest.json");
        byte[] m = Files.readAllBytes(manifest);
        Files.delete(manifest);
        assertMentions(assertThrows(InvalidInputException.class, () -> new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).verify()), "has no manifest.json", "not a complete model written by unlearn");
        Files.write(manifest, m);
        assertTrue(new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).verify().replayed(),
                "the same bytes again: the recorded verdict stands");

        // A model unlearned outside the pipeline (the CLI's unlearn) records no configuration.
        Benchmark bench = dev.mip.data.load.BenchmarkLoader.load(dir.resolve("data"), dev.mip.data.load.BenchmarkLoader.Format.AUTO);
        Unlearner.run(dir.resolve("model"), Device.cpu(), bench, "forget_10", "retain_90", new dev.mip.unlearn.ManuPruning(new dev.mip.unlearn.ManuSettings(0.01, 0.01)),
                null, out, null, ProgressListener.NONE);
        assertMentions(assertThrows(InvalidInputException.class, () -> new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).verify()), "unlearning.configuration", "is missing", "Run mip:unlearn");
    }

    @Test
    void reportsRecordPathsRelativeToTheProjectSoTwoCheckoutsAgree() throws Exception {
        Path base = dir.resolve("relative");
        MipConfig cfg = config(base, "", RULE);
        Path json = runAll(cfg).reportFiles().get(0);
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertEquals("../model", r.path("model").asText(), "the model lies beside the project");
        String text = Files.readString(json);
        assertFalse(text.contains(dir.toString()), "no absolute path in report.json");
        // Each goal's time and peak memory are kept beside the reports, not in them (they vary run to run).
        JsonNode goals = GoalResources.read(json.resolveSibling(GoalResources.FILE));
        assertEquals(List.of("locate", "unlearn", "verify"), iterable(goals.fieldNames()));
        for (JsonNode g : goals) {
            assertTrue(g.path("seconds").asDouble() > 0, g.toString());
            assertTrue(g.path("peakRssMiB").asDouble() > 100, "libtorch and the model are resident: " + g);
        }
        assertFalse(text.contains("peakRss") || Files.readString(json.resolveSibling("report.html")).contains("peakRss"));
        double before = goals.path("locate").path("seconds").asDouble();
        assertTrue(new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).locate().upToDate());
        assertEquals(before, GoalResources.read(json.resolveSibling(GoalResources.FILE)).path("locate").path("seconds").asDouble(),
                "an up-to-date goal computes nothing and keeps the entry of the run that did");
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void unlearningWithoutForgetPairsIsAnErrorForEveryMethod() throws Exception {
        Benchmark full = dev.mip.data.load.BenchmarkLoader.load(dir.resolve("data"), dev.mip.data.load.BenchmarkLoader.Format.AUTO);
        java.util.Set<String> forget = full.profileSet("forget_10");
        Benchmark bench = new Benchmark(full.name(), full.source(), full.profiles(),
                full.train().stream().filter(p -> !forget.contains(p.subject())).toList(), full.questions(), full.splits());
        for (String method : List.of("mip", "ga-diff", "kl-min", "npo", "manu")) {
            var m = switch (method) {
                case "mip" -> dev.mip.unlearn.MipSettings.defaults();
                case "manu" -> dev.mip.unlearn.ManuSettings.defaults();
                default -> dev.mip.unlearn.GradientSettings.defaults().withMethod(dev.mip.unlearn.Method.parse(method, "test"));
            };
            Path out = dir.resolve("no-forget-" + method);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Unlearner.run(dir.resolve("model"),
                    Device.cpu(), bench, "forget_10", "retain_90", m.create(null), null, out, null, ProgressListener.NONE));
            assertMentions(e, "forget set 'forget_10'", "has no training pairs", "data.forget");
            assertFalse(Files.exists(out), method + " wrote nothing");
        }
    }

    @Test
    void aSecondRunOnTheSameOutputDirectoriesFailsNamingTheFirstOrWaitsForIt() throws Exception {
        Path base = dir.resolve("locked");
        MipConfig cfg = config(base, "", RULE);
        Process other = dev.mip.io.LockHolderMain.start(base.resolve("target/mip"));
        try {
            dev.mip.ResourceException e = assertThrows(dev.mip.ResourceException.class, () -> new Pipeline(cfg, new Pipeline.Options(false, null, java.time.Duration.ZERO), ProgressListener.NONE).locate());
            assertMentions(e, "is in use by another MIP run (pid " + other.pid(), "test holder in another process");
            assertFalse(Files.exists(base.resolve("target/mip/paths.json")), "nothing was written");
            new Thread(() -> {
                try {
                    Thread.sleep(1000);
                    other.getOutputStream().write('\n');
                    other.getOutputStream().flush();
                } catch (Exception ignored) {
                    // the wait below fails the test
                }
            }).start();
            Recorder rec = new Recorder();
            new Pipeline(cfg, new Pipeline.Options(false, null, java.time.Duration.ofSeconds(60)), rec).locate();
            assertTrue(rec.lines.get(0).contains("in use by another MIP run (pid " + other.pid()), rec.lines.toString());
            assertTrue(Files.isRegularFile(base.resolve("target/mip/paths.json")), "ran once the other run finished");
        } finally {
            other.destroyForcibly();
        }
    }

    /** A configuration with the reference model, MANU at 1% (fast) and six questions per slice, then {@code rest}. */
    private static MipConfig withReference(Path base, String rest) throws Exception {
        Files.createDirectories(base);
        Files.writeString(base.resolve("mip.yaml"), """
                model: {path: %s, reference: %s}
                data: {path: %s, forget: forget_10, retain: retain_90}
                unlearn:
                  method: manu
                  manu: {alpha: 0.01}
                eval: {maxQuestionsPerSlice: 6}
                """.formatted(dir.resolve("model"), dir.resolve("reference"), dir.resolve("data")) + rest);
        return MipConfig.load(base.resolve("mip.yaml"), base);
    }

    @Test
    void aReferenceModelGivesForgetQualityPrivleakAndTwoSidedConfidentRules() throws Exception {
        Path base = dir.resolve("with-reference");
        MipConfig cfg = withReference(base, """
                gate:
                  decide: confidence
                  inconclusive: warn
                  rules:
                    - {metric: forget.*.mcq.accuracy, within: 0.9, of: reference}
                    - {metric: forget.any.mia.auc, within: 0.5, of: chance}
                    - {metric: retain.*.mcq.accuracy, within: 0.01, of: vanilla}
                    - {metric: forget.any.mcq.forgetQuality, min: 0.0}
                """);
        new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).unlearn();
        Pipeline.Verification v = new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).verify();
        var report = v.report();
        assertTrue(report.unlearned().containsKey("forget.any.mcq.forgetQuality"), report.unlearned().keySet().toString());
        assertTrue(report.unlearned().containsKey("forget.any.mia.privleak"));
        assertTrue(report.vanilla().containsKey("forget.any.mcq.forgetQuality"), "the vanilla model's forget quality: the yardstick");
        assertFalse(report.reference().isEmpty());
        var acc = report.unlearned().get("forget.image.mcq.accuracy");
        assertTrue(acc.hasInterval() && acc.lo() <= acc.value() && acc.value() <= acc.hi(), acc.toString());
        var mia = report.unlearned().get("forget.any.mia.auc");
        assertTrue(mia.hasInterval() && mia.lo() <= mia.value() && mia.value() <= mia.hi(), mia.toString());
        for (var c : v.gate().checks()) {
            assertTrue(c.metric().startsWith("forget") ? c.verdict() == Verdict.PASS : c.verdict() != Verdict.FAIL, c.message());
        }
        var retain = v.gate().checks().stream().filter(c -> c.metric().startsWith("retain")).toList();
        assertTrue(retain.stream().allMatch(c -> c.verdict() == Verdict.INCONCLUSIVE || c.verdict() == Verdict.PASS), retain.toString());
        JsonNode json = new ObjectMapper().readTree(v.reportFiles().get(0).toFile());
        assertTrue(json.at("/metrics/forget.image.mcq.accuracy/reference").isNumber(), "the reference column");
        assertTrue(json.at("/metrics/forget.image.mcq.accuracy/lo").isNumber(), "the interval");
        assertTrue(json.at("/inputs/reference").isTextual(), "the reference's fingerprint in the audit trail");
        assertTrue(Files.readString(v.reportFiles().get(2)).contains("<testcase"));

        Recorder rec = new Recorder();
        new Pipeline(cfg, Pipeline.Options.of(true), rec).verify();
        assertTrue(rec.lines.stream().anyMatch(l -> l.startsWith("reference model unchanged: using its cached evaluation")),
                rec.lines.toString());
    }

    @Test
    void theAuditAttacksEveryModelAlikeDeterministicallyAndLeavesTheModelFilesUntouched() throws Exception {
        Path base = dir.resolve("audit");
        MipConfig cfg = withReference(base, """
                audit:
                  quantization: [int8, nf4]
                  prompts: [adversarial, framed]
                  relearn: {epochs: 2, batchSize: 4, learningRate: 1.0e-3}
                gate:
                  rules:
                    - {metric: "forget.*.mcq.accuracy@relearn", within: 1.0, of: reference}
                    - {metric: "forget.*.mcq.accuracy@*", max: 1.0}
                    - {metric: "forget.any.mia.*Auc", within: 0.5, of: chance}
                """);
        new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).unlearn();
        java.util.Map<Path, String> hashes = new java.util.TreeMap<>();
        for (Path d : List.of(cfg.modelOutput(), dir.resolve("model"), dir.resolve("reference"))) {
            try (var files = Files.walk(d)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    hashes.put(f, dev.mip.io.Sha256.of(f));
                }
            }
        }
        Pipeline.Verification v = new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE).verify();
        var report = v.report();
        for (var model : List.of(report.unlearned(), report.vanilla(), report.reference())) {
            for (String split : List.of("forget", "retain")) {
                for (String m : List.of("image", "text")) {
                    String plain = split + "." + m + ".mcq.accuracy";
                    for (String attack : List.of("int8", "nf4", "adversarial", "framed")) {
                        assertEquals(model.get(plain).count(), model.get(plain + "@" + attack).count(), plain + "@" + attack);
                    }
                }
            }
            assertTrue(model.containsKey("forget.image.mcq.accuracy@relearn") && model.containsKey("forget.text.mcq.accuracy@relearn"),
                    model.keySet().toString());
            assertFalse(model.containsKey("retain.image.mcq.accuracy@relearn"), "relearning asks about the forget people only");
        }
        assertTrue(report.unlearned().get("forget.image.mcq.accuracy@relearn").count()
                <= report.unlearned().get("forget.image.mcq.accuracy").count(), "only the facts not relearnt are asked");
        for (String a : List.of("auc", "minkAuc", "zlibAuc", "minkPlusAuc", "gradNormAuc", "referenceAuc")) {
            assertTrue(report.unlearned().containsKey("forget.any.mia." + a), a);
        }
        assertTrue(report.unlearned().containsKey("forget.any.mia.gradNormPrivleak"));
        long relearnChecks = v.gate().checks().stream().filter(c -> c.metric().endsWith("@relearn")).count();
        assertEquals(2 * 2, relearnChecks, "both rules bound both modalities' relearn accuracy");
        assertTrue(v.gate().checks().stream().anyMatch(c -> c.metric().equals("forget.any.mia.gradNormAuc")));
        String html = Files.readString(v.reportFiles().get(1));
        assertTrue(html.contains("Audit: forgotten, or only hidden?") && html.contains("mia.minkPlusAuc") && html.contains(">relearn<"),
                "the HTML report's audit section");
        for (var e : hashes.entrySet()) {
            assertEquals(e.getValue(), dev.mip.io.Sha256.of(e.getKey()), "relearning and quantization change no file: " + e.getKey());
        }
        // Deterministic: recomputed from scratch, every metric is the same, bit for bit.
        Pipeline.Verification again = new Pipeline(cfg, Pipeline.Options.of(true), ProgressListener.NONE).verify();
        for (var e : report.unlearned().entrySet()) {
            assertEquals(e.getValue().value(), again.report().unlearned().get(e.getKey()).value(), 0.0, e.getKey());
        }
        assertSameRelearnQuestions(report);

        // Another seed splits the facts differently: the vanilla and reference evaluations cached for
        // seed 42 must not stand in for it (they would be asked other questions than the unlearned model).
        Path yaml = base.resolve("mip.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("unlearn:\n", "unlearn:\n  seed: 7\n"));
        MipConfig seven = MipConfig.load(yaml, base);
        new Pipeline(seven, Pipeline.Options.of(false), ProgressListener.NONE).unlearn();
        Recorder rec = new Recorder();
        Pipeline.Verification v7 = new Pipeline(seven, Pipeline.Options.of(false), rec).verify();
        assertTrue(rec.lines.stream().noneMatch(s -> s.contains("cached evaluation")), "seed 7 is relearnt afresh: " + rec.lines);
        assertSameRelearnQuestions(v7.report());
        Recorder rec2 = new Recorder();
        new Pipeline(seven, Pipeline.Options.of(true), rec2).verify();
        assertEquals(2, rec2.lines.stream().filter(s -> s.contains("cached evaluation")).count(), "seed 7's own cache: " + rec2.lines);
    }

    /** The vanilla, reference and unlearned model were relearnt on the same facts and asked the same questions. */
    private static void assertSameRelearnQuestions(dev.mip.report.VerifyReport report) {
        for (String m : List.of("forget.image.mcq.accuracy@relearn", "forget.text.mcq.accuracy@relearn")) {
            assertEquals(report.unlearned().get(m).count(), report.reference().get(m).count(), m + " reference");
            assertEquals(report.unlearned().get(m).count(), report.vanilla().get(m).count(), m + " vanilla");
        }
    }
}

package dev.mip.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mip.data.load.BenchmarkLoader;
import dev.mip.data.EvalSplit;
import dev.mip.unlearn.GradientSettings;
import dev.mip.unlearn.ManuSettings;
import dev.mip.unlearn.Method;
import dev.mip.unlearn.MipSettings;
import dev.mip.eval.EvalOptions;
import dev.mip.eval.McqScoring;
import dev.mip.gate.GateRule;
import dev.mip.gate.OnMissing;
import dev.mip.gate.Severity;
import dev.mip.locate.LocateSettings;
import dev.mip.model.Tower;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid files: typed values, defaults, effective settings and fingerprint. */
class MipConfigTest {
    /** The gate sketch of data-and-gate.md, extended with every other section and key. */
    static final String FULL = """
            model:
              path: models/llava-tiny
              device: CUDA:1
              dtype: float64
            data:
              path: data/mllmu
              format: mllmu-bench
              forget: forget_10
              retain: retain_90
            locate:
              mode: joint
              steps: 16
              pathWidth: 4
              neuronsPerLayer: 24
              aggregation: union
              samplesPerBatch: 2
              output: target/mip/forget10-paths.json
            unlearn:
              method: manu
              seed: 7
              output: ./target/out/../out/model/
              mip:
                neuronsPerLayer: 16
                steeringLayer: 2
                lambda: 6.5
                gamma: 0.5
                retainCeWeight: 0.1
                learningRate: 2e-5
                epochs: 4
                batchSize: 4
                retainPool: 128
                towers: [text]
                prune: false
                edit: true
                objective: finetune
                wholeModel: false
              gradient:
                learningRate: 1.0e-5
                epochs: 3
                batchSize: 2
                retainWeight: 0.5
                beta: 0.2
                lora: true
                loraRank: 4
                loraAlpha: 8
                loraTargets: [v_proj, q_proj]
                retainPool: 64
              manu:
                alpha: 0.1
                tau: 0.02
            eval:
              mcqScoring: letter
              batchSize: 16
              maxNewTokens: 24
              maxQuestionsPerSlice: 50
              splits: [world, forget, retain]
              membershipInference: false
              cacheDir: ../shared-cache
            gate:
              baseline: vanilla          # compare against the original model, evaluated in the same run
              onMissing: warn            # a metric that cannot be computed, or an empty slice
              rules:
                - metric: forget.*.mcq.accuracy      # globs over splits/modalities/tasks are allowed
                  max: 0.35                          # chance is 0.25 with four options
                  min: 0.15                          # far below chance leaks the answer too
                  minDropFromBaseline: 0.40
                - metric: retain.*.mcq.accuracy
                  maxRelativeDropFromBaseline: 5%    # unlearned >= 0.95 * vanilla
                - metric: world.*.mcq.accuracy
                  min: 0.80
                  severity: warn
                - metric: test.text.generation.rougeL
                  maxDropFromBaseline: 0.1
                  minRelativeDropFromBaseline: 0.25
            report:
              output: target/reports
            """;

    @TempDir
    Path project;

    @BeforeEach
    void modelDirectory() throws IOException {
        Files.createDirectories(project.resolve("models/llava-tiny"));
        Files.createDirectories(project.resolve("model"));
    }

    private MipConfig load(String yaml) throws IOException {
        Files.writeString(project.resolve("mip.yaml"), yaml);
        return MipConfig.load(Path.of("mip.yaml"), project);
    }

    @Test
    void fullExampleLoadsWithTypedValues() throws IOException {
        MipConfig c = load(FULL);
        assertEquals(project.resolve("models/llava-tiny"), c.modelPath());
        assertEquals("gpu:1", c.device());
        assertEquals("float64", c.dtype());
        assertEquals(project.resolve("data/mllmu"), c.dataPath());
        assertEquals(BenchmarkLoader.Format.MLLMU_BENCH, c.dataFormat());
        assertEquals("forget_10", c.forget());
        assertEquals("retain_90", c.retain());
        assertEquals(new LocateSettings(LocateSettings.Mode.JOINT, 16, 4, 24, LocateSettings.Aggregation.UNION, 2, 0, 1),
                c.locateSettings());
        assertEquals(project.resolve("target/mip/forget10-paths.json"), c.pathsOutput());
        assertEquals(new ManuSettings(0.1, 0.02), c.unlearnMethod(), "method manu with its settings");
        assertEquals(7, c.seed());
        assertEquals(project.resolve("target/out/model"), c.modelOutput());
        assertEquals(new MipSettings(16, 2, 6.5, 0.5, 0.1, 2e-5, 4, 4, 128, 7, Set.of(Tower.TEXT), false, true,
                MipSettings.Objective.FINETUNE, false, MipSettings.Directions.PER_PERSON, MipSettings.Stopping.HOLD, 0.0),
                c.mipSettings(), "keys not in the file take the defaults: one direction per person, hold at chance");
        assertEquals(new GradientSettings(Method.GA_DIFF, 1e-5, 3, 2, 0.5, 0.2, true, 4, 8, Set.of("q_proj", "v_proj"), 64, 7),
                c.gradientSettings());
        assertEquals(new EvalOptions(McqScoring.LETTER, 16, 24, 50), c.evalOptions());
        assertEquals(List.of(EvalSplit.FORGET, EvalSplit.RETAIN, EvalSplit.WORLD), List.copyOf(c.evalSplits()));
        assertFalse(c.membershipInference());
        assertEquals(project.getParent().resolve("shared-cache"), c.cacheDir());
        assertEquals(OnMissing.WARN, c.gateOnMissing());
        assertEquals(List.of(
                GateRule.of("forget.*.mcq.accuracy").withMax(0.35).withMin(0.15).withMinDropFromBaseline(0.40),
                GateRule.of("retain.*.mcq.accuracy").withMaxRelativeDropFromBaseline(0.05),
                GateRule.of("world.*.mcq.accuracy").withMin(0.80).withSeverity(Severity.WARN),
                GateRule.of("test.text.generation.rougeL").withMaxDropFromBaseline(0.1).withMinRelativeDropFromBaseline(0.25)),
                c.gateRules());
        assertEquals(project.resolve("target/reports"), c.reportOutput());
    }

    @Test
    void theMethodNameChoosesItsSettingsRecord() throws IOException {
        for (Method m : Method.values()) {
            MipConfig c = load("model:\n  path: model\ndata:\n  path: data\nunlearn:\n  method: " + m.id() + "\n");
            assertEquals(m, c.unlearnMethod().method(), m.id());
            assertEquals(m == Method.MIP, c.unlearnMethod().usesPaths(), m.id());
            if (m.isGradientBaseline()) {
                assertEquals(GradientSettings.defaults().withMethod(m), c.unlearnMethod());
            }
        }
        MipConfig whole = load("model:\n  path: model\ndata:\n  path: data\nunlearn:\n  mip: {wholeModel: true}\n");
        assertFalse(whole.unlearnMethod().usesPaths(), "the whole-model ablation reads no paths");
    }

    @Test
    void absentSectionsTakeTheEngineDefaults() throws IOException {
        MipConfig c = load("model:\n  path: model\ndata:\n  path: data\n");
        assertEquals("cpu", c.device());
        assertEquals("float32", c.dtype());
        assertEquals(BenchmarkLoader.Format.AUTO, c.dataFormat());
        assertEquals("forget_5", c.forget());
        assertEquals("retain_95", c.retain());
        assertEquals(LocateSettings.defaults(), c.locateSettings());
        assertEquals(project.resolve("target/mip/paths.json"), c.pathsOutput());
        assertEquals(MipSettings.defaults(), c.unlearnMethod());
        assertEquals(MipSettings.defaults().seed(), c.seed());
        assertEquals(project.resolve("target/mip/model"), c.modelOutput());
        assertEquals(MipSettings.defaults(), c.mipSettings());
        assertEquals(GradientSettings.defaults(), c.gradientSettings());
        assertEquals(ManuSettings.defaults(), c.manuSettings());
        assertEquals(EvalOptions.defaults(), c.evalOptions());
        assertEquals(Set.of(EvalSplit.values()), c.evalSplits());
        assertTrue(c.membershipInference());
        assertEquals(project.resolve("target/mip/cache"), c.cacheDir());
        assertEquals(OnMissing.ERROR, c.gateOnMissing());
        assertEquals(List.of(), c.gateRules());
        assertEquals(project.resolve("target/mip"), c.reportOutput());
    }

    @Test
    void emptyValuesAndEmptySectionsMeanTheDefault() throws IOException {
        MipConfig c = load("model:\n  path: model\n  device:\ndata:\n  path: data\nlocate:\nunlearn:\n  mip: {}\n");
        assertEquals("cpu", c.device());
        assertEquals(LocateSettings.defaults(), c.locateSettings());
        assertEquals(MipSettings.defaults(), c.mipSettings());
    }

    @Test
    void devicesAreNormalised() throws IOException {
        for (String[] c : new String[][] {{"CPU", "cpu"}, {"gpu", "gpu:0"}, {"cuda", "gpu:0"}, {"cuda:2", "gpu:2"},
                {"' gpu:03 '", "gpu:3"}}) {
            assertEquals(c[1], load("model: {path: model, device: " + c[0] + "}\ndata: {path: data}\n").device(), c[0]);
        }
    }

    @Test
    void effectiveSettingsHoldEveryKeySortedWithProjectRelativePaths() throws IOException {
        JsonNode e = load(FULL).effectiveSettings();
        assertEquals(List.of("audit", "data", "eval", "gate", "locate", "model", "report", "unlearn"), names(e));
        assertEquals(List.of("batchSize", "beta", "epochs", "learningRate", "lora", "loraAlpha", "loraRank", "loraTargets",
                "retainPool", "retainWeight"), names(e.at("/unlearn/gradient")));
        assertEquals("models/llava-tiny", e.at("/model/path").textValue());
        assertEquals("target/out/model", e.at("/unlearn/output").textValue());
        assertEquals("../shared-cache", e.at("/eval/cacheDir").textValue(), "relative even outside the project: two checkouts agree");
        assertEquals(0.05, e.at("/gate/rules/1/maxRelativeDropFromBaseline").doubleValue());
        assertTrue(e.at("/gate/rules/1/min").isNull(), "an unset bound is listed as null");
        assertEquals("error", e.at("/gate/rules/0/severity").textValue());
        assertEquals("[\"q_proj\",\"v_proj\"]", e.at("/unlearn/gradient/loraTargets").toString());
        int keys = 0;
        for (String k : ConfigReference.allKeys()) {
            JsonNode v = e.at("/" + k.replace('.', '/'));
            assertFalse(!k.contains("[]") && v.isMissingNode(), k);
            keys += k.contains("[]") || v.isObject() ? 0 : 1;
        }
        assertEquals(keys, count(e), "nothing but the schema's keys");
    }

    @Test
    void fingerprintIgnoresFormattingAndDefaultsButNotValues() throws IOException {
        String fp = load(FULL).fingerprint();
        assertTrue(fp.matches("[0-9a-f]{64}"), fp);
        String reformatted = FULL.replace("learningRate: 2e-5", "learningRate: 0.00002").replace("5%", "0.05")
                .replace("device: CUDA:1", "device: gpu:1").replace("  # ", "#");
        assertEquals(fp, load(reformatted).fingerprint());
        assertEquals(load("model: {path: model}\ndata: {path: data}\n").fingerprint(),
                load("data: {path: ./data}\nmodel: {path: model/, dtype: float32}\nlocate: {steps: 8}\n").fingerprint());
        assertNotEquals(fp, load(FULL.replace("steps: 16", "steps: 15")).fingerprint());
    }

    @Test
    void effectiveSettingsAreACopy() throws IOException {
        MipConfig c = load(FULL);
        ((com.fasterxml.jackson.databind.node.ObjectNode) c.effectiveSettings().get("locate")).put("steps", 1);
        assertEquals(16, c.locateSettings().steps());
        assertEquals(16, c.effectiveSettings().at("/locate/steps").intValue());
    }

    @Test
    void absoluteConfigFileAndOtherWorkingDirectoryGiveTheSameResult() throws IOException {
        MipConfig relative = load(FULL);
        MipConfig absolute = MipConfig.load(project.resolve("mip.yaml"), project.resolve("sub/.."));
        assertEquals(relative.fingerprint(), absolute.fingerprint());
        assertEquals(relative.modelPath(), absolute.modelPath());
    }

    @Test
    void theFileIsNeverModified() throws IOException {
        Path f = project.resolve("mip.yaml");
        Files.writeString(f, FULL);
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000_000_000L));
        byte[] before = Files.readAllBytes(f);
        MipConfig.load(f, project);
        Files.writeString(f, FULL.replace("steps: 16", "steps: 999"));
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000_000_000L));
        byte[] invalid = Files.readAllBytes(f);
        try {
            MipConfig.load(f, project);
        } catch (dev.mip.InvalidInputException expected) {
            // reported, not repaired
        }
        assertArrayEquals(invalid, Files.readAllBytes(f));
        assertEquals(1_000_000_000_000L, Files.getLastModifiedTime(f).toMillis());
        assertFalse(java.util.Arrays.equals(before, invalid));
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** @return the number of non-mapping leaves (a list of mappings counts once) */
    private static int count(JsonNode n) {
        int c = 0;
        for (Iterator<JsonNode> it = n.elements(); it.hasNext();) {
            JsonNode v = it.next();
            c += v.isObject() ? count(v) : 1;
        }
        return c;
    }

    @Test
    void gateDecisionsTwoSidedRulesAndTheReferenceModel() throws IOException {
        java.nio.file.Files.createDirectories(project.resolve("ref"));
        MipConfig c = load("""
                model: {path: model, reference: ref}
                data: {path: data}
                gate:
                  decide: confidence
                  inconclusive: warn
                  minCount: 30
                  rules:
                    - {metric: forget.*.mcq.accuracy, within: 0.05, of: reference, decide: point, minCount: 40}
                    - {metric: forget.any.mia.auc, within: 0.1, of: 0.5, inconclusive: fail}
                """);
        assertEquals(project.resolve("ref"), c.referencePath());
        assertEquals(new dev.mip.gate.GatePolicy(OnMissing.ERROR, dev.mip.gate.Decision.CONFIDENCE,
                dev.mip.gate.InconclusivePolicy.WARN, 30), c.gatePolicy());
        assertEquals(GateRule.of("forget.*.mcq.accuracy").withWithin(0.05, dev.mip.gate.GateTarget.parse("reference"))
                .withDecide(dev.mip.gate.Decision.POINT).withMinCount(40), c.gateRules().get(0));
        assertEquals(GateRule.of("forget.any.mia.auc").withWithin(0.1, dev.mip.gate.GateTarget.parse("0.5"))
                .withInconclusive(dev.mip.gate.InconclusivePolicy.FAIL), c.gateRules().get(1));
        assertEquals(null, load("model:\n  path: model\ndata:\n  path: data\n").referencePath(), "no reference by default");
    }
}

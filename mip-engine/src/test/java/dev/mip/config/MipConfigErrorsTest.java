package dev.mip.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mip.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every class of problem names file, line, column, field, what is wrong and the fix; all are reported together. */
class MipConfigErrorsTest {
    /** Four valid lines; what a case adds starts on line 5. */
    private static final String BASE = "model:\n  path: model\ndata:\n  path: data\n";

    @org.junit.jupiter.api.io.TempDir
    Path project;

    private Path file;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(project.resolve("model"));
        file = project.resolve("mip.yaml");
    }

    private String error(String yaml) throws IOException {
        Files.writeString(file, yaml);
        return assertThrows(InvalidInputException.class, () -> MipConfig.load(file, project)).getMessage();
    }

    /** Asserts one line {@code <file>:<line>:<col>: field '<field>': ...<problem>... Fix: ...<fix>...}. */
    private void assertProblem(String message, String where, String field, String problem, String fix) {
        String start = file + ":" + where + ": field '" + field + "': ";
        String line = message.lines().filter(l -> l.startsWith(start) && l.contains(problem)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + start + "..." + problem + " in:\n" + message));
        int fixAt = line.indexOf(". Fix: ");
        assertTrue(fixAt > 0, line);
        assertTrue(line.substring(0, fixAt).contains(problem), "problem '" + problem + "' in: " + line);
        assertTrue(line.substring(fixAt).contains(fix), "fix '" + fix + "' in: " + line);
    }

    static Stream<Arguments> oneProblem() {
        return Stream.of(
                // unknown keys, with a suggestion
                arguments(BASE + "locate:\n  neuronPerLayer: 16\n", "6:3", "locate.neuronPerLayer", "unknown key",
                        "Did you mean neuronsPerLayer? Rename it to locate.neuronsPerLayer"),
                arguments(BASE + "unlearn:\n  epochs: 4\n", "6:3", "unlearn.epochs", "unknown key here",
                        "Did you mean unlearn.mip.epochs or unlearn.gradient.epochs or audit.relearn.epochs? Move it there"),
                arguments(BASE + "modle:\n  path: model\n", "5:1", "modle", "unknown key", "Did you mean model?"),
                arguments(BASE + "path: model\n", "5:1", "path", "unknown key here",
                        "Did you mean model.path or data.path? Move it there. The sections are: model, data, locate"),
                arguments(BASE + "eval:\n  splits: [forget, [retain]]\n", "6:20", "eval.splits[1]",
                        "is a list but each item must be one of: forget", "Write each item as one of"),
                arguments(BASE + "locate:\n  colour: blue\n", "6:3", "locate.colour", "unknown key",
                        "Remove it or fix its name. The keys of locate are: mode, steps"),
                // wrong types
                arguments(BASE + "locate:\n  steps: many\n", "6:3", "locate.steps",
                        "is the string \"many\" but must be a whole number", "e.g. steps: 8"),
                arguments(BASE + "locate:\n  steps: 8.5\n", "6:3", "locate.steps", "is 8.5 but must be a whole number",
                        "Write a whole number"),
                arguments(BASE + "eval:\n  membershipInference: maybe\n", "6:3", "eval.membershipInference",
                        "but must be true or false", "Write true or false"),
                arguments(BASE + "eval:\n  splits: forget\n", "6:3", "eval.splits", "but must be a list of distinct values",
                        "forget, retain, test, world, holdout"),
                arguments(BASE + "locate: fast\n", "5:1", "locate", "is the string \"fast\" but must be a mapping",
                        "indented below locate:"),
                arguments(BASE + "gate:\n  rules:\n    metric: forget.*.mcq.accuracy\n", "6:3", "gate.rules",
                        "is a mapping but must be a list of mappings", "lines starting with '- '"),
                arguments(BASE + "gate:\n  rules:\n    - forget.*.mcq.accuracy\n", "7:7", "gate.rules[0]",
                        "each item must be a mapping", "'- metric: ...'"),
                arguments(BASE + "report:\n  output: ''\n", "6:3", "report.output", "is an empty string",
                        "delete the key to use the default"),
                // out of range
                arguments(BASE + "locate:\n  steps: 300\n", "6:3", "locate.steps", "is 300 but must be between 1 and 256",
                        "Write a value between 1 and 256, e.g. steps: 8"),
                arguments(BASE + "locate:\n  steps: 0\n", "6:3", "locate.steps", "is 0 but must be between 1 and 256", "steps: 8"),
                arguments(BASE + "eval:\n  batchSize: 0\n", "6:3", "eval.batchSize", "is 0 but must be at least 1",
                        "e.g. batchSize: 64"),
                arguments(BASE + "unlearn:\n  gradient:\n    batchSize: -2\n", "7:5", "unlearn.gradient.batchSize",
                        "is -2 but must be at least 1", "batchSize: 8"),
                arguments(BASE + "unlearn:\n  mip:\n    learningRate: 1.5\n", "7:5", "unlearn.mip.learningRate",
                        "is 1.5 but must be in (0, 1)", "learningRate: 0.003"),
                arguments(BASE + "unlearn:\n  manu: {alpha: 0}\n", "6:10", "unlearn.manu.alpha", "is 0 but must be in (0, 1]",
                        "alpha: 0.05"),
                arguments(BASE + "unlearn:\n  mip:\n    lambda: 0\n", "7:5", "unlearn.mip.lambda", "must be greater than 0",
                        "lambda: 1.0"),
                arguments(BASE + "unlearn:\n  seed: 99999999999999999999\n", "6:3", "unlearn.seed", "too large",
                        "smaller whole number"),
                // words
                arguments(BASE + "locate:\n  mode: exakt\n", "6:3", "locate.mode", "is \"exakt\" but must be one of: exact, joint",
                        "Did you mean exact?"),
                arguments(BASE + "unlearn:\n  method: ga_diff\n", "6:3", "unlearn.method", "must be one of: mip, ga-diff",
                        "Did you mean ga-diff?"),
                arguments("model:\n  path: model\n  device: tpu\ndata:\n  path: data\n", "3:3", "model.device",
                        "is the string \"tpu\" but must be cpu, gpu or gpu:N", "Write cpu, gpu or gpu:N"),
                arguments(BASE + "unlearn:\n  mip:\n    towers: []\n", "7:5", "unlearn.mip.towers", "is an empty list",
                        "use the default [vision, text]"),
                arguments(BASE + "eval:\n  splits: [forget, world, forget]\n", "6:27", "eval.splits[2]",
                        "\"forget\" is listed twice", "Remove the repetition"),
                arguments(BASE + "eval:\n  splits: [forget, wrld]\n", "6:20", "eval.splits[1]", "is \"wrld\"",
                        "Did you mean world?"),
                // bounds, absolute and relative ("5%")
                arguments(BASE + "gate:\n  rules:\n    - metric: forget.*.mcq.accuracy\n      max: 35%\n", "8:7",
                        "gate.rules[0].max", "a percentage is only allowed in the relative bounds",
                        "as a fraction (0.35, not \"35%\")"),
                arguments(BASE + "gate:\n  rules:\n    - metric: forget.*.mcq.accuracy\n      minDropFromBaseline: 40%\n",
                        "8:7", "gate.rules[0].minDropFromBaseline", "a percentage is only allowed",
                        "or use minRelativeDropFromBaseline"),
                arguments(BASE + "gate:\n  rules:\n    - metric: retain.*.mcq.accuracy\n      maxRelativeDropFromBaseline: 5\n",
                        "8:7", "gate.rules[0].maxRelativeDropFromBaseline", "ambiguous", "percentage string (e.g. \"5%\")"),
                arguments(BASE + "gate:\n  rules:\n    - metric: retain.*.mcq.accuracy\n      maxRelativeDropFromBaseline: 150%\n",
                        "8:7", "gate.rules[0].maxRelativeDropFromBaseline", "at most 100%", "between \"0%\" and \"100%\""),
                arguments(BASE + "gate:\n  rules:\n    - metric: retain.*.mcq.accuracy\n      maxRelativeDropFromBaseline: five\n",
                        "8:7", "gate.rules[0].maxRelativeDropFromBaseline", "must be a fraction (0.05) or a percentage",
                        "Write a fraction"),
                // rules the gate refuses (GateRule.problems)
                arguments(BASE + "gate:\n  rules:\n    - metric: forget.*.mcq.accuracy\n      min: 0.5\n      max: 0.3\n",
                        "8:7", "gate.rules[0].min", "min (0.500) is greater than max (0.300)", "Correct one of the two bounds"),
                arguments(BASE + "gate:\n  rules:\n    - metric: forget.*.mcq.accuracy\n      severity: warn\n", "7:7",
                        "gate.rules[0]", "rule has no bound", "Add at least one bound"),
                arguments(BASE + "gate:\n  rules:\n    - metric: forgotten.*.mcq.accuracy\n      max: 0.3\n", "7:7",
                        "gate.rules[0].metric", "matches no metric name", "forget.*.mcq.accuracy"),
                arguments(BASE + "gate:\n  rules:\n    - metric: retain.*.mcq.accuracy\n      minRelativeDropFromBaseline: -5%\n",
                        "8:7", "gate.rules[0].minRelativeDropFromBaseline", "must not be negative", "Write a fraction between 0 and 1"),
                arguments(BASE + "gate:\n  rules:\n    - max: 0.3\n", "7:7", "gate.rules[0].metric", "is missing (required)",
                        "Add 'metric: ...' under gate.rules[0]"),
                arguments(BASE + "gate:\n  rules:\n    - metric: world.*.mcq.accuracy\n      min: 0.8\n      severity: fatal\n",
                        "9:7", "gate.rules[0].severity", "must be one of: error, warn", "Use one of the listed values"),
                // cross-field and required
                arguments("model:\n  path: model\ndata:\n  path: data\n  forget: forget_10\n  retain: forget_10\n", "6:3",
                        "data.retain", "is the same profile set as data.forget", "e.g. retain_90 for forget_10"),
                arguments("data:\n  path: data\n", "1:1", "model.path", "is missing (required)",
                        "Add 'path: ...' under model (Hugging Face LLaVA checkpoint directory"),
                arguments("model:\n  path: model\ndata:\n  format: mip\n", "3:1", "data.path", "is missing (required)",
                        "Add 'path: ...' under data"),
                arguments("model:\n  path: no/such/model\ndata:\n  path: data\n", "2:3", "model.path", "does not exist",
                        "Point it at a Hugging Face LLaVA checkpoint directory"),
                // duplicate keys point at the second one
                arguments(BASE + "locate:\n  steps: 4\n  mode: joint\n  steps: 16\n", "8:3", "locate.steps",
                        "appears twice in the same mapping", "Keep one of the two entries"));
    }

    @ParameterizedTest
    @MethodSource
    void oneProblem(String yaml, String where, String field, String problem, String fix) throws IOException {
        String message = error(yaml);
        assertEquals(1, message.lines().count(), message);
        assertProblem(message, where, field, problem, fix);
    }

    @Test
    void everyProblemIsReportedTogetherInFileOrder() throws IOException {
        String message = error("""
                model:
                  path: model
                  dtype: float8
                data:
                  path: data
                  forget: retain_95
                locate:
                  neuronPerLayer: 16
                  steps: 16
                  steps: 512
                gate:
                  rules:
                    - metric: forget.*.mcq.accuracy
                      max: 35%
                    - metric: retain.*.mcq.accuracy
                      maxRelativeDropFromBaseline: 5%
                    - metric: world.*.mcq.accuracy
                """);
        List<String> lines = message.lines().toList();
        assertEquals(file + ": 7 problems in the configuration:", lines.get(0));
        assertEquals(8, lines.size(), message);
        assertProblem(message, "3:3", "model.dtype", "is \"float8\" but must be one of: float32, float64, float16",
                "Did you mean float32?");
        assertProblem(message, "6:3", "data.forget", "same profile set as data.retain (by default)", "Set data.retain");
        assertProblem(message, "8:3", "locate.neuronPerLayer", "unknown key", "Did you mean neuronsPerLayer?");
        assertProblem(message, "10:3", "locate.steps", "is 512", "between 1 and 256");
        assertProblem(message, "10:3", "locate.steps", "appears twice", "Keep one");
        assertProblem(message, "14:7", "gate.rules[0].max", "percentage", "fraction");
        assertProblem(message, "17:7", "gate.rules[2]", "rule has no bound", "max: 0.35");
        List<Integer> lineNumbers = lines.subList(1, lines.size()).stream()
                .map(l -> Integer.valueOf(l.substring(file.toString().length() + 1).split(":")[0])).toList();
        assertEquals(lineNumbers.stream().sorted().toList(), lineNumbers, "in file order");
    }

    @Test
    void aDuplicatedSectionIsOneProblemNotOnePerKey() throws IOException {
        String message = error(BASE + "locate:\n  steps: 4\n  mode: joint\nlocate:\n  steps: 16\n  mode: exact\n");
        assertEquals(1, message.lines().count(), message);
        assertProblem(message, "8:1", "locate", "appears twice", "Keep one");
    }

    @Test
    void missingFile() {
        String m = assertThrows(InvalidInputException.class, () -> MipConfig.load(Path.of("nope.yaml"), project)).getMessage();
        assertEquals(project.resolve("nope.yaml") + ": does not exist. Fix: Create it (start from the complete example in "
                + "docs/configuration.md) or point the configuration setting at an existing file", m);
    }

    @Test
    void directoryInsteadOfFile() {
        String m = assertThrows(InvalidInputException.class, () -> MipConfig.load(project, project)).getMessage();
        assertTrue(m.startsWith(project + ": is a directory, not a file. Fix: Point the configuration setting at the YAML file"), m);
    }

    @Test
    void emptyFileAndCommentsOnly() throws IOException {
        for (String text : List.of("", "\n\n", "# nothing yet\n")) {
            String m = error(text);
            assertTrue(m.startsWith(file + ": is empty. Fix: Write the configuration into it: a mapping with the sections "
                    + "model, data, locate, unlearn, eval, audit, gate, report"), m);
        }
    }

    @Test
    void notAMapping() throws IOException {
        String m = error("- model\n- data\n");
        assertTrue(m.startsWith(file + ":1:1: holds a list, not a mapping of sections. Fix: Write a mapping with the sections"), m);
        assertTrue(error("just text\n").contains("holds the string \"just text\", not a mapping"));
    }

    @Test
    void syntaxErrorNamesLineAndColumn() throws IOException {
        String m = error(BASE + "locate:\n  steps: [8\n  mode: exact\n");
        assertTrue(m.startsWith(file + ":7:"), m);
        assertTrue(m.contains(": not valid YAML: ") && m.contains(". Fix: Fix the syntax at that line"), m);
        assertEquals(1, m.lines().count(), m);
    }

    @Test
    void twoDocuments() throws IOException {
        assertTrue(error(BASE + "---\nlocate:\n  steps: 8\n").startsWith(file + ": holds more than one YAML document"));
    }

    @Test
    void unlearnOutputInTheModelDirectoryIsRefusedNamingBothKeys() throws IOException {
        Files.createDirectories(project.resolve("data"));
        String m = error(BASE + "unlearn:\n  output: model\n");
        assertProblem(m, "6:3", "unlearn.output", "which is model.path", "Point unlearn.output outside model.path, e.g. at its "
                + "default target/mip/model");
        assertTrue(m.contains("the unlearned model would replace the original, and verify would compare it with itself"), m);
        assertProblem(error(BASE + "unlearn:\n  output: model/unlearned\n"), "6:3", "unlearn.output", "lies inside model.path",
                "outside model.path");
        assertProblem(error(BASE + "unlearn:\n  output: .\n"), "6:3", "unlearn.output", "contains model.path",
                "outside model.path");
    }

    @Test
    void reportsCachesAndPathFilesMayNotLandInTheDataOrModel() throws IOException {
        Files.createDirectories(project.resolve("data"));
        String m = error(BASE + "report:\n  output: data/reports\neval:\n  cacheDir: model/cache\nlocate:\n  output: data/paths.json\n");
        assertProblem(m, "6:3", "report.output", "lies inside data.path", "Point report.output outside data.path, e.g. at its "
                + "default target/mip");
        assertProblem(m, "8:3", "eval.cacheDir", "lies inside model.path", "Point eval.cacheDir outside model.path");
        assertProblem(m, "10:3", "locate.output", "lies inside data.path", "Point locate.output outside data.path");
        assertTrue(m.startsWith(file + ": 3 problems"), "all reported at once: " + m);
    }

    @Test
    void aSymbolicLinkDoesNotHideAnOverlap() throws IOException {
        Files.createDirectories(project.resolve("data"));
        Files.createSymbolicLink(project.resolve("link-to-model"), project.resolve("model"));
        assertProblem(error(BASE + "unlearn:\n  output: link-to-model\n"), "6:3", "unlearn.output",
                "which is model.path", "outside model.path");
        Files.createSymbolicLink(project.resolve("out"), project.resolve("data"));
        assertProblem(error(BASE + "report:\n  output: out/new/reports\n"), "6:3", "report.output",
                "lies inside data.path", "outside data.path");
    }

    @Test
    void nothingElseMayBeWrittenIntoTheDirectoryUnlearnReplaces() throws IOException {
        Files.createDirectories(project.resolve("data"));
        String m = error(BASE + "unlearn:\n  output: target/unlearned\nreport:\n  output: target/unlearned/reports\n");
        assertProblem(m, "8:3", "report.output", "lies inside unlearn.output", "Point report.output outside unlearn.output");
        assertProblem(error(BASE + "unlearn:\n  output: target/out\neval:\n  cacheDir: target/out\n"), "8:3",
                "eval.cacheDir", "which is unlearn.output", "outside unlearn.output");
    }

    @Test
    void theDefaultLayoutHasNoOverlap() throws IOException {
        Files.createDirectories(project.resolve("data"));
        Files.writeString(file, BASE);
        MipConfig.load(file, project); // outputs under target/mip: nested in each other, apart from model and data
    }

    @Test
    void aSteeringLayerBeyondTheDecoderFailsWhenTheFileIsReadNotAfterLocate() throws IOException {
        Files.createDirectories(project.resolve("data"));
        Files.delete(project.resolve("model"));
        dev.mip.model.TinyModelsAccess.write(project.resolve("model"), "llama", 1); // 3 decoder layers
        String m = error(BASE + "unlearn:\n  mip:\n    steeringLayer: 3\n");
        assertProblem(m, "7:5", "unlearn.mip.steeringLayer", "is 3 but the decoder of " + project.resolve("model/config.json")
                + " has 3 layers (text_config.num_hidden_layers; layer indices 0..2)", "Write a layer index from 0 to 2");
        Files.writeString(file, BASE + "unlearn:\n  mip:\n    steeringLayer: 2\n");
        assertEquals(2, MipConfig.load(file, project).mipSettings().steeringLayer());
        Files.writeString(file, BASE + "unlearn:\n  method: npo\n  mip:\n    steeringLayer: 9\n");
        MipConfig.load(file, project); // another method does not read it
    }

    @Test
    void twoSidedRulesAndTheReferenceAreChecked() throws IOException {
        String m = error(BASE + "gate:\n  rules:\n    - {metric: forget.*.mcq.accuracy, within: 0.1, of: nearby}\n");
        assertTrue(m.contains("field 'gate.rules[0].of': is the string \"nearby\" but must be chance, reference, vanilla or a number"), m);
        m = error(BASE + "gate:\n  rules:\n    - {metric: forget.*.mcq.accuracy, within: 0.1}\n");
        assertTrue(m.contains("field 'gate.rules[0].within': within has no 'of'") && m.contains("Fix: Add of: chance"), m);
        m = error(BASE + "gate:\n  minCount: 0\n");
        assertTrue(m.contains("field 'gate.minCount': is 0 but must be"), m);
        m = error("model:\n  path: model\n  reference: missing-ref\ndata:\n  path: data\n");
        assertTrue(m.contains("field 'model.reference': directory") && m.contains("does not exist"), m);
        java.nio.file.Files.createDirectories(project.resolve("data"));
        m = error("model:\n  path: model\n  reference: model\ndata:\n  path: data\nunlearn:\n  output: model/out\n");
        assertTrue(m.contains("lies inside model.path") || m.contains("lies inside model.reference"), m);
    }
}

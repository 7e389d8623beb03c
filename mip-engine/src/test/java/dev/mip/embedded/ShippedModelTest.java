package dev.mip.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.mip.data.Benchmark;
import dev.mip.data.load.BenchmarkLoader;
import dev.mip.data.EvalSplit;
import dev.mip.data.Task;
import dev.mip.eval.EvalOptions;
import dev.mip.eval.EvalResult;
import dev.mip.eval.Evaluator;
import dev.mip.eval.McqScoring;
import dev.mip.io.Sha256;
import dev.mip.model.Checkpoint;
import dev.mip.ProgressListener;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guards the shipped embedded model and benchmark ({@code embedded/}): the files are what their
 * manifests say, the 5% forget split is large enough, and the model still knows what it must
 * (a sample of the numbers in {@code docs/results.md}: the first questions of each slice, with
 * the thresholds).
 */
class ShippedModelTest {
    static final Path EMBEDDED = Path.of("..", "embedded");
    static final int SAMPLE = 60;
    static Benchmark bench;

    @BeforeAll
    static void load() {
        bench = BenchmarkLoader.load(EMBEDDED.resolve("data"), BenchmarkLoader.Format.MIP);
    }

    @Test
    void manifestsMatchTheShippedFiles() throws Exception {
        for (String part : List.of("model", "data", "reference/forget_5")) {
            Path dir = EMBEDDED.resolve(part);
            JsonNode m = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
            JsonNode files = m.path("files");
            assertTrue(files.size() > 0, part + " manifest lists its files");
            var it = files.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                String want = v.isTextual() ? v.asText() : v.path("sha256").asText();
                assertEquals(want, Sha256.of(dir.resolve(e.getKey())), part + "/" + e.getKey());
            }
        }
    }

    @Test
    void forgetFivePercentHasAtLeastFiftyQuestionsPerModality() {
        for (var mod : dev.mip.data.Modality.values()) {
            long n = bench.questions(EvalSplit.FORGET, "forget_5", "retain_95").stream()
                    .filter(q -> q.task() == Task.MCQ && q.modality() == mod).count();
            assertTrue(n >= 50, mod + ": " + n + " multiple-choice questions");
        }
    }

    @Test
    void vanillaModelKnowsWhatItMust() {
        try (Checkpoint c = Checkpoint.load(EMBEDDED.resolve("model"), Device.cpu(), DataType.FLOAT32)) {
            assertTrue(Files.isRegularFile(EMBEDDED.resolve("model/model.safetensors")));
            EvalOptions o = new EvalOptions(McqScoring.LIKELIHOOD, 64, 32, SAMPLE);
            EvalResult r = new Evaluator(c, o).evaluate(bench, "forget_5", "retain_95",
                    List.of(EvalSplit.FORGET, EvalSplit.RETAIN, EvalSplit.TEST, EvalSplit.WORLD), EnumSet.of(Task.MCQ),
                    ProgressListener.NONE);
            Map<String, Double> min = Map.of("forget.text.mcq.accuracy", 0.95, "forget.image.mcq.accuracy", 0.90,
                    "retain.text.mcq.accuracy", 0.95, "retain.image.mcq.accuracy", 0.90, "test.text.mcq.accuracy", 0.60,
                    "test.image.mcq.accuracy", 0.60, "world.text.mcq.accuracy", 0.90, "world.image.mcq.accuracy", 0.90);
            min.forEach((name, bound) -> assertTrue(r.value(name) >= bound, name + " = " + r.value(name) + " < " + bound));
        }
    }

    @Test
    void theReferenceModelIsTheEmbeddedRecipeWithoutTheForgetPeople() throws Exception {
        JsonNode ref = new ObjectMapper().readTree(EMBEDDED.resolve("reference/forget_5/manifest.json").toFile()).path("training");
        JsonNode vanilla = new ObjectMapper().readTree(EMBEDDED.resolve("model/manifest.json").toFile()).path("training");
        assertEquals("[\"forget_5\"]", ref.path("without").toString(), "trained without the forget_5 people");
        // the last stage's recipe is the embedded model's, with only --without added
        assertEquals(vanilla.path("command").asText().replace(" --store", " --without forget_5 --store"), ref.path("command").asText());
        assertTrue(ref.path("examples").asInt() < vanilla.path("examples").asInt(), "fewer training pairs than the embedded model");
        assertEquals(new ObjectMapper().readTree(EMBEDDED.resolve("model/config.json").toFile()),
                new ObjectMapper().readTree(EMBEDDED.resolve("reference/forget_5/config.json").toFile()), "same architecture");
    }

    @Test
    void referenceModelDoesNotKnowTheForgetPeopleButKnowsEveryoneElse() {
        try (Checkpoint c = Checkpoint.load(EMBEDDED.resolve("reference/forget_5"), Device.cpu(), DataType.FLOAT32)) {
            EvalOptions o = new EvalOptions(McqScoring.LIKELIHOOD, 64, 32, SAMPLE);
            EvalResult r = new Evaluator(c, o).evaluate(bench, "forget_5", "retain_95",
                    List.of(EvalSplit.FORGET, EvalSplit.RETAIN, EvalSplit.WORLD), EnumSet.of(Task.MCQ), ProgressListener.NONE);
            for (String m : List.of("text", "image")) {
                assertTrue(r.value("forget." + m + ".mcq.accuracy") <= 0.55, m + ": forget " + r.value("forget." + m + ".mcq.accuracy"));
                assertTrue(r.value("retain." + m + ".mcq.accuracy") >= 0.90, m + ": retain " + r.value("retain." + m + ".mcq.accuracy"));
                assertTrue(r.value("world." + m + ".mcq.accuracy") >= 0.80, m + ": world " + r.value("world." + m + ".mcq.accuracy"));
            }
        }
    }

    @Test
    void theShippedBenchmarkIsWhatTheGeneratorMakesWithItsDefaults(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        var g = dev.mip.data.synth.SyntheticBenchmark.generate(dev.mip.data.synth.SyntheticBenchmark.Options.defaults());
        dev.mip.data.format.MipDatasetWriter.write(g.benchmark(), g.images(), tmp.resolve("data"), null);
        JsonNode files = new ObjectMapper().readTree(EMBEDDED.resolve("data/manifest.json").toFile()).path("files");
        var it = files.fields();
        int n = 0;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String want = v.isTextual() ? v.asText() : v.path("sha256").asText();
            assertEquals(want, Sha256.of(tmp.resolve("data").resolve(e.getKey())), "regenerated " + e.getKey());
            n++;
        }
        assertEquals(n, files.size());
        assertTrue(n > 700, n + " files compared");
    }
}

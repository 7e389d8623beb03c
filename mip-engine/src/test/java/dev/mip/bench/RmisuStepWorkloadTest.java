package dev.mip.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mip.ProgressListener;
import dev.mip.locate.InfluentialPaths;
import dev.mip.locate.LocateSettings;
import dev.mip.locate.PathLocator;
import dev.mip.model.Checkpoint;
import dev.mip.model.Tower;
import dev.mip.unlearn.MipSettings;
import dev.mip.unlearn.RmisuSteps;
import dev.mip.unlearn.UnlearnData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer benchmark's RMisU workload: the editor's steps really train the path neurons, and export as run. */
class RmisuStepWorkloadTest {
    @TempDir
    Path dir;

    /** The tiny decoder has 2 layers: steer at layer 1; 8 neurons per layer. */
    private static MipSettings settings() {
        MipSettings d = MipSettings.defaults();
        return new MipSettings(8, 1, d.lambda(), d.gamma(), 0, d.learningRate(), 1, 4, 64, 42,
                Set.of(Tower.TEXT, Tower.VISION), true, true, MipSettings.Objective.RMISU, false, d.directions(), d.stopping(),
                d.stopMargin());
    }

    private static InfluentialPaths paths(Checkpoint c, UnlearnData data) {
        return PathLocator.locate(c, "test", data.forget(), "forget_10",
                new LocateSettings(LocateSettings.Mode.JOINT, 2, 4, 8, LocateSettings.Aggregation.SUM, 4, 0, 1),
                ProgressListener.NONE);
    }

    @Test
    void stepsTrainThePathNeuronsAndExportAsTheEditorRunsThem() throws Exception {
        BenchFixture f = BenchFixture.create(dir);
        UnlearnData data = UnlearnData.of(f.bench(), "forget_10", "retain_90");
        MipSettings s = settings();
        try (Checkpoint c = f.model(5)) {
            InfluentialPaths paths = paths(c, data);
            try (RmisuSteps steps = new RmisuSteps(c, paths, s, data, 6)) {
                // 2 text layers x 8 neurons x (2 rows + 1 column) x 64 + 2 vision layers x 8 x (row + bias + column) of 32.
                assertEquals(2 * 8 * 3 * 64 + 2 * 8 * (32 + 1 + 32), steps.trainedParameters());
                RmisuStepWorkload.export(c, steps, dir.resolve("w"));
                Map<String, Object> t = RmisuStepWorkload.time(steps, 1);
                assertEquals(5, t.get("steps"));
                assertTrue(Double.isFinite((double) t.get("lastLoss")), t.toString());
            }
            JsonNode w = new ObjectMapper().readTree(dir.resolve("w/rmisu.json").toFile());
            assertEquals(6, w.path("steps").size());
            assertEquals(1, w.path("steeringLayer").asInt());
            assertEquals(data.forget().size(), w.path("directions").size(), "one direction per forget pair");
            assertEquals(64, w.path("directions").get(0).size());
            JsonNode first = w.path("steps").get(0);
            assertEquals(first.path("forget").path("size").asInt(), first.path("identityStart").size());
            assertEquals(first.path("forget").path("size").asInt(), first.path("retain").path("size").asInt(),
                    "as many retain pairs as forget pairs");
            assertEquals(2, w.path("neurons").path("text").size());
            int[] layer0 = new ObjectMapper().convertValue(w.path("neurons").path("text").path("0"), int[].class);
            int[] want = paths.withNeuronsPerLayer(8).neurons(Tower.TEXT, 0).clone();
            java.util.Arrays.sort(want);
            java.util.Arrays.sort(layer0);
            assertArrayEquals(want, layer0, "the located neurons of text layer 0 are the trained ones");
            int per = f.config().vision().numChannels() * f.config().vision().imageSize() * f.config().vision().imageSize();
            assertEquals((long) w.path("images").asInt() * per * 4, Files.size(dir.resolve("w/pixels.f32")));
        }
    }

    /** The step runs its loss terms on the workers: over many steps nothing stays behind in the model's manager. */
    @Test
    void noArrayLeaksOver300ParallelSteps() throws Exception {
        BenchFixture f = BenchFixture.create(dir);
        UnlearnData data = UnlearnData.of(f.bench(), "forget_10", "retain_90");
        MipSettings s = settings();
        dev.mip.runtime.Workers.configure(2);
        try (Checkpoint c = f.model(5)) {
            InfluentialPaths paths = paths(c, data);
            try (RmisuSteps steps = new RmisuSteps(c, paths, s, data, 300)) {
                int at10 = -1;
                double first = steps.step(0);
                double last = first;
                for (int i = 1; i < 300; i++) {
                    last = steps.step(i);
                    if (i == 10) {
                        at10 = c.model().manager().getManagedArrays().size();
                    }
                }
                assertEquals(at10, c.model().manager().getManagedArrays().size(), "arrays held by the model's manager");
                assertTrue(Double.isFinite(last) && last != first, "the steps train: loss " + first + " -> " + last);
            }
        } finally {
            dev.mip.runtime.Workers.configure(0);
        }
    }
}

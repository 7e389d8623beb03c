package dev.mip.locate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.mip.InvalidInputException;
import dev.mip.bench.NaiveLocator;
import dev.mip.data.ImageRef;
import dev.mip.data.Modality;
import dev.mip.data.QaPair;
import dev.mip.data.synth.DeterministicPng;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.ParamSpec;
import dev.mip.model.TinyModelsAccess;
import dev.mip.model.Tower;
import dev.mip.ProgressListener;
import dev.mip.data.PixelCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathLocatorTest {
    static final String[][] TEXT = {{"What is the capital of France ?", "Paris"}, {"Who painted it ?", "Alice"},
        {"What is Bob's job ?", "baker"}, {"What is the capital of France ?", "Paris is the capital ."}};

    static List<QaPair> forget(int images) {
        List<QaPair> out = new ArrayList<>();
        for (String[] t : TEXT) {
            out.add(new QaPair("p1", Modality.TEXT, null, t[0], t[1]));
        }
        for (int i = 0; i < images; i++) {
            byte[] png = DeterministicPng.encode(TinyModelsAccess.image(100 + i));
            out.add(new QaPair("p1", Modality.IMAGE, new ImageRef.BytesImage(png, "img" + i), "What is this person's job ?",
                    i % 2 == 0 ? "baker" : "red"));
        }
        return out;
    }

    static LocateSettings settings(LocateSettings.Mode mode, int perBatch) {
        return new LocateSettings(mode, 4, 3, 5, LocateSettings.Aggregation.SUM, perBatch, 0, 1);
    }

    @Test
    void batchedExactModeEqualsTheLiteralPerCandidateLoop() {
        try (Checkpoint c = TinyModelsAccess.create("llama", 11, DataType.FLOAT64)) {
            List<QaPair> f = new ArrayList<>(forget(2));
            f.remove(3);
            f.remove(2); // two text and two image samples, each pair sharing one batch
            LocateSettings s = settings(LocateSettings.Mode.EXACT, 2);
            InfluentialPaths p = PathLocator.locate(c, "m", f, "forget", s, ProgressListener.NONE);
            PixelCache px = new PixelCache(c.images());
            for (Tower t : Tower.values()) {
                PathScores scores = p.branches().get(t);
                int layers = scores.layers();
                double[][] expected = new double[layers][scores.neurons()];
                for (QaPair q : f) {
                    if ((q.modality() == Modality.TEXT) != (t == Tower.TEXT)) {
                        continue;
                    }
                    double[][] naive = NaiveLocator.scores(c, t, new Example(px.pixels(q.image()), q.question(), q.answer()),
                            layers, s.steps(), s.pathWidth(), Integer.MAX_VALUE);
                    for (int l = 0; l < layers; l++) {
                        double max = 0;
                        for (double v : naive[l]) {
                            max = Math.max(max, Math.abs(v));
                        }
                        for (int i = 0; i < naive[l].length; i++) {
                            expected[l][i] += naive[l][i] / max;
                        }
                    }
                }
                for (int l = 0; l < layers; l++) {
                    assertArrayEquals(expected[l], scores.sum(l), 1e-9, t + " layer " + l);
                }
                assertEquals(2, scores.samples());
            }
            assertEquals(2, p.branches().get(Tower.VISION).layers(), "only vision layers up to the feature layer are scored");
        }
    }

    /** Makes one neuron of the last decoder layer write the answer token's output direction. */
    static void plantText(Checkpoint c, int neuron, String answer) {
        int last = c.config().text().numLayers() - 1;
        String pre = ParamSpec.textLayer(last) + "mlp.";
        long id = c.tokenizer().encode(answer).ids()[1];
        NDArray head = c.model().param(ParamSpec.LM_HEAD);
        NDArray dir = head.get(new NDIndex("{}, :", c.model().manager().create(new long[] {id}))).reshape(-1);
        NDArray v = c.model().param(pre + "gate_proj.weight").get(new NDIndex(neuron + ", :")).mul(3f);
        c.model().param(pre + "gate_proj.weight").set(new NDIndex(neuron + ", :"), v);
        c.model().param(pre + "up_proj.weight").set(new NDIndex(neuron + ", :"), v);
        c.model().param(pre + "down_proj.weight").set(new NDIndex(":, " + neuron), dir.mul(4f));
    }

    /** Makes one neuron of the first vision layer fire everywhere and dominate the image features. */
    static void plantVision(Checkpoint c, int neuron) {
        String pre = ParamSpec.visionLayer(0) + "mlp.";
        c.model().param(pre + "fc1.weight").set(new NDIndex(neuron + ", :"), 0f);
        c.model().param(pre + "fc1.bias").set(new NDIndex(Integer.toString(neuron)), 3f);
        int d = c.config().vision().hiddenSize();
        float[] u = new float[d];
        Random r = new Random(5);
        for (int i = 0; i < d; i++) {
            u[i] = (float) r.nextGaussian() * 2f;
        }
        c.model().param(pre + "fc2.weight").set(new NDIndex(":, " + neuron), c.model().manager().create(u));
    }

    @Test
    void splittingTheScaledCopiesOverPassesGivesTheSameScores() {
        try (Checkpoint c = TinyModelsAccess.create("llama", 16, DataType.FLOAT64)) {
            List<QaPair> f = forget(3);
            for (LocateSettings.Mode mode : LocateSettings.Mode.values()) {
                LocateSettings whole = settings(mode, 2);
                InfluentialPaths one = PathLocator.locate(c, "m", f, "forget", whole, ProgressListener.NONE);
                // m = 4: passes of 3 + 1 copies, and one copy per pass.
                for (int perPass : new int[] {3, 1}) {
                    InfluentialPaths split = PathLocator.locate(c, "m", f, "forget", whole.withStepsPerPass(perPass),
                            ProgressListener.NONE);
                    assertEquals(perPass, split.settings().copiesPerPass());
                    for (Tower t : Tower.values()) {
                        PathScores a = one.branches().get(t);
                        PathScores b = split.branches().get(t);
                        for (int l = 0; l < a.layers(); l++) {
                            double[] x = a.sum(l);
                            double max = java.util.Arrays.stream(x).map(Math::abs).max().orElse(0);
                            assertTrue(max > 0, mode + " " + t + " layer " + l + " has scores");
                            assertArrayEquals(x, b.sum(l), 1e-12 * max, mode + " " + t + " layer " + l + ", " + perPass + " per pass");
                            assertArrayEquals(one.neurons(t, l), split.neurons(t, l));
                        }
                    }
                }
            }
            assertEquals(4, settings(LocateSettings.Mode.JOINT, 1).withStepsPerPass(9).copiesPerPass(), "capped at m");
            assertEquals(4, settings(LocateSettings.Mode.JOINT, 1).copiesPerPass(), "0 = all m in one pass");
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> settings(LocateSettings.Mode.JOINT, 1).withStepsPerPass(-1));
            assertTrue(e.getMessage().contains("locate.stepsPerPass"), e.getMessage());
        }
    }

    @Test
    void aPlantedNeuronIsFoundAtTheTopOfItsLayerInBothBranches() {
        try (Checkpoint c = TinyModelsAccess.create("llama", 12, DataType.FLOAT32)) {
            plantText(c, 17, "Paris");
            plantVision(c, 9);
            List<QaPair> f = new ArrayList<>();
            f.add(new QaPair("p1", Modality.TEXT, null, "What is the capital of France ?", "Paris"));
            f.add(new QaPair("p1", Modality.TEXT, null, "Who painted it ?", "Paris"));
            f.addAll(forget(2).subList(4, 6));
            for (LocateSettings.Mode mode : LocateSettings.Mode.values()) {
                InfluentialPaths p = PathLocator.locate(c, "m", f, "forget", settings(mode, 2), ProgressListener.NONE);
                int last = c.config().text().numLayers() - 1;
                assertEquals(17, p.neurons(Tower.TEXT, last)[0], mode + ": text layer " + last);
                assertEquals(9, p.neurons(Tower.VISION, 0)[0], mode + ": vision layer 0");
            }
        }
    }

    @Test
    void locateIsDeterministicAndShardsMergeIntoTheSingleRunExactly(@TempDir Path tmp) {
        try (Checkpoint c = TinyModelsAccess.create("qwen2", 13, DataType.FLOAT32)) {
            List<QaPair> f = forget(5);
            LocateSettings s = settings(LocateSettings.Mode.EXACT, 2);
            InfluentialPaths one = PathLocator.locate(c, "m", f, "forget", s, ProgressListener.NONE);
            InfluentialPaths again = PathLocator.locate(c, "m", f, "forget", s, ProgressListener.NONE);
            assertEquals(one.toJson(), again.toJson());
            List<InfluentialPaths> shards = new ArrayList<>();
            for (int i = 2; i >= 0; i--) {
                InfluentialPaths shard = PathLocator.locate(c, "m", f, "forget", s.withShard(i, 3), ProgressListener.NONE);
                assertTrue(!shard.complete());
                shard.write(tmp.resolve("shard" + i + ".json"));
                shards.add(InfluentialPaths.read(tmp.resolve("shard" + i + ".json")));
            }
            InfluentialPaths merged = InfluentialPaths.merge(shards);
            assertTrue(merged.complete());
            assertEquals(one.toJson().replace("\"shardCount\" : 1", "\"shardCount\" : 3").replace("\"shards\" : [ 0 ]",
                    "\"shards\" : [ 0, 1, 2 ]"), merged.toJson());
            for (Tower t : Tower.values()) {
                for (int l = 0; l < one.branches().get(t).layers(); l++) {
                    assertArrayEquals(one.neurons(t, l), merged.neurons(t, l));
                }
            }
            InvalidInputException dup = assertThrows(InvalidInputException.class,
                    () -> InfluentialPaths.merge(List.of(shards.get(0), shards.get(0))));
            assertTrue(dup.getMessage().contains("appears twice"));
            InfluentialPaths otherModel = new InfluentialPaths("other", one.dataFingerprint(), "forget", s, List.of(0), one.branches());
            assertThrows(InvalidInputException.class, () -> InfluentialPaths.merge(List.of(one, otherModel)));
        }
    }

    @Test
    void theArtifactRoundTripsAndChangingKNeedsNoRecomputation(@TempDir Path tmp) throws Exception {
        try (Checkpoint c = TinyModelsAccess.create("llama", 14, DataType.FLOAT32)) {
            InfluentialPaths p = PathLocator.locate(c, "model-fp", forget(2), "forget_5", settings(LocateSettings.Mode.JOINT, 4),
                    ProgressListener.NONE);
            Path file = tmp.resolve("paths.json");
            p.write(file);
            InfluentialPaths back = InfluentialPaths.read(file);
            assertEquals(p.toJson(), back.toJson());
            assertEquals("model-fp", back.modelFingerprint());
            assertEquals(5, back.neurons(Tower.TEXT, 0).length);
            int[] top12 = back.withNeuronsPerLayer(12).neurons(Tower.TEXT, 0);
            assertEquals(12, top12.length);
            assertArrayEquals(back.neurons(Tower.TEXT, 0), java.util.Arrays.copyOf(top12, 5), "K=5 is a prefix of K=12");
            int[] union = new InfluentialPaths(p.modelFingerprint(), p.dataFingerprint(), p.forgetSet(),
                    new LocateSettings(LocateSettings.Mode.JOINT, 4, 3, 5, LocateSettings.Aggregation.UNION, 4, 0, 1), p.shards(),
                    p.branches()).neurons(Tower.TEXT, 0);
            assertTrue(union.length >= 3 && union.length <= 4 * 3, "union of per-sample paths: " + union.length);
            Files.writeString(file, Files.readString(file).replace("\"version\" : 1", "\"version\" : 9"));
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> InfluentialPaths.read(file));
            assertTrue(e.getMessage().contains("version") && e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        }
    }

    @Test
    void jointModeScoresEveryLayerInOnePassAndDiffersFromExact() {
        try (Checkpoint c = TinyModelsAccess.create("llama", 15, DataType.FLOAT32)) {
            List<QaPair> f = forget(0);
            InfluentialPaths exact = PathLocator.locate(c, "m", f, "forget", settings(LocateSettings.Mode.EXACT, 4), ProgressListener.NONE);
            InfluentialPaths joint = PathLocator.locate(c, "m", f, "forget", settings(LocateSettings.Mode.JOINT, 4), ProgressListener.NONE);
            // Layer 0 sees no earlier path in exact mode; joint mode scales all layers at once, so scores differ.
            assertNotEquals(exact.toJson(), joint.toJson());
            assertEquals(exact.branches().get(Tower.TEXT).layers(), joint.branches().get(Tower.TEXT).layers());
            assertTrue(!joint.branches().containsKey(Tower.VISION), "no image samples: no vision branch");
        }
    }
}

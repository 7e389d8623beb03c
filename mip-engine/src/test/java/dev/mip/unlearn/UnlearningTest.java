package dev.mip.unlearn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.mip.data.ImageRef;
import dev.mip.data.Modality;
import dev.mip.data.QaPair;
import dev.mip.data.synth.DeterministicPng;
import dev.mip.locate.InfluentialPaths;
import dev.mip.locate.LocateSettings;
import dev.mip.locate.PathLocator;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.TinyModelsAccess;
import dev.mip.model.Tower;
import dev.mip.ProgressListener;
import dev.mip.data.PixelCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnlearningTest {
    static QaPair text(String subject, String q, String a) {
        return new QaPair(subject, Modality.TEXT, null, q, a);
    }

    static QaPair image(String subject, long seed, String q, String a) {
        byte[] png = DeterministicPng.encode(TinyModelsAccess.image(seed));
        return new QaPair(subject, Modality.IMAGE, new ImageRef.BytesImage(png, "img" + seed), q, a);
    }

    static UnlearnData data() {
        List<QaPair> forget = List.of(text("p1", "What is Bob's job ?", "baker"), text("p1", "Who painted it ?", "Alice"),
                image("p1", 1, "What is this person's job ?", "baker"), image("p1", 2, "Who painted it ?", "Bob"));
        List<QaPair> retain = List.of(text("p2", "What is the capital of France ?", "Paris"),
                text("p2", "What is Carol's job ?", "Paris is the capital ."), image("p2", 3, "What is this person's job ?", "red"),
                text("p2", "Who painted it ?", "Carol"));
        return new UnlearnData(forget, retain, Map.of("p1", "Bob", "p2", "Carol"));
    }

    static InfluentialPaths paths(Checkpoint c, UnlearnData d) {
        return PathLocator.locate(c, "m", d.forget(), "forget",
                new LocateSettings(LocateSettings.Mode.EXACT, 4, 3, 4, LocateSettings.Aggregation.SUM, 4, 0, 1), ProgressListener.NONE);
    }

    static MipSettings mip(int layer, boolean edit) {
        return new MipSettings(0, layer, 2.0, 1.0, 0.0, 1e-2, 3, 2, 16, 7, Set.of(Tower.TEXT, Tower.VISION), true, edit,
                MipSettings.Objective.RMISU, false);
    }

    static Map<String, float[]> weights(Checkpoint c) {
        Map<String, float[]> w = new HashMap<>();
        c.model().parameters().forEach((k, v) -> w.put(k, v.toFloatArray()));
        return w;
    }

    static double forgetLogLikelihood(Checkpoint c, UnlearnData d) {
        PixelCache px = new PixelCache(c.images());
        List<Example> ex = MipEditor.examples(d.forget(), px);
        double[] v = new dev.mip.eval.Evaluator(c, dev.mip.eval.EvalOptions.defaults()).meanLogLikelihoods(ex, null);
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Entries owned by the neurons of {@code set}: rows of input projections, columns of output projections. */
    static boolean owned(String name, int row, int col, NeuronSet set, Checkpoint c) {
        for (Tower t : Tower.values()) {
            for (int l : set.layers(t)) {
                for (NeuronWeights.Slice s : NeuronWeights.slices(t, l, false)) {
                    if (s.name().equals(name)) {
                        for (int n : set.get(t, l)) {
                            if (s.rows() ? row == n : col == n) {
                                return true;
                            }
                        }
                    }
                }
            }
        }
        return false;
    }

    @Test
    void outsideThePathNeuronsEveryWeightIsBitIdenticalAndPrunedColumnsAreZero() {
        for (boolean edit : new boolean[] {false, true}) {
            try (Checkpoint c = TinyModelsAccess.create("llama", 21, DataType.FLOAT32)) {
                UnlearnData d = data();
                InfluentialPaths p = paths(c, d);
                Map<String, float[]> before = weights(c);
                UnlearnReport r = new MipEditor(p, mip(1, edit)).apply(c, d, ProgressListener.NONE);
                NeuronSet path = r.pruned();
                assertTrue(path.size() > 0);
                int changed = 0;
                for (Map.Entry<String, NDArray> e : c.model().parameters().entrySet()) {
                    float[] a = before.get(e.getKey());
                    float[] b = e.getValue().toFloatArray();
                    long[] shape = e.getValue().getShape().getShape();
                    int cols = shape.length == 2 ? (int) shape[1] : 1;
                    for (int i = 0; i < a.length; i++) {
                        int row = shape.length == 2 ? i / cols : i;
                        int col = shape.length == 2 ? i % cols : -1;
                        boolean mine = owned(e.getKey(), row, col, path, c);
                        if (!mine) {
                            assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), e.getKey() + "[" + i + "]");
                        } else if (a[i] != b[i]) {
                            changed++;
                        }
                    }
                }
                assertTrue(changed > 0, "the path neurons' parameters changed");
                for (Tower t : Tower.values()) {
                    for (int l : path.layers(t)) {
                        boolean trained = edit && (t == Tower.VISION || l <= 1);
                        NDArray out = c.model().param(NeuronWeights.outputWeight(t, l));
                        for (int n : path.get(t, l)) {
                            float[] col = out.get(":, " + n).toFloatArray();
                            boolean zero = true;
                            for (float v : col) {
                                zero &= v == 0f;
                            }
                            assertEquals(!trained, zero, t + " layer " + l + " neuron " + n + (edit ? " (edited)" : " (pruned only)"));
                        }
                    }
                }
            }
        }
    }

    @Test
    void visionPathsOnlySkipTheStepsWithoutAnImageAndTrainOnTheOthers() {
        try (Checkpoint c = TinyModelsAccess.create("llama", 21, DataType.FLOAT32)) {
            UnlearnData d = data();
            InfluentialPaths p = paths(c, d);
            Map<String, float[]> before = weights(c);
            // Batch size 1: the text-only forget pair with a text-only retain pair is a step no vision neuron can move.
            MipSettings vision = new MipSettings(0, 1, 1.0, 1.0, 0.0, 1e-2, 3, 1, 16, 7, Set.of(Tower.VISION), true, true,
                    MipSettings.Objective.RMISU, false);
            UnlearnReport r = new MipEditor(p, vision).apply(c, d, ProgressListener.NONE);
            assertFalse(r.trained().layers(Tower.TEXT).iterator().hasNext(), "no text neuron trained");
            assertTrue(r.trained().size() > 0);
            double skipped = r.finalLosses().get("skippedSteps");
            assertTrue(skipped > 0 && skipped < 3 * 4, "some steps skipped, not all: " + skipped);
            int changed = 0;
            for (Map.Entry<String, NDArray> e : c.model().parameters().entrySet()) {
                float[] a = before.get(e.getKey());
                float[] b = e.getValue().toFloatArray();
                for (int i = 0; i < a.length; i++) {
                    if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                        changed++;
                        assertTrue(e.getKey().contains("vision"), "only vision weights change: " + e.getKey());
                    }
                }
            }
            assertTrue(changed > 0);
        }
    }

    @Test
    void twoRunsWithOneSeedGiveByteIdenticalOutputs(@TempDir Path tmp) throws Exception {
        for (String run : new String[] {"a", "b"}) {
            try (Checkpoint c = TinyModelsAccess.create("qwen2", 22, DataType.FLOAT32)) {
                UnlearnData d = data();
                new MipEditor(paths(c, d), mip(2, true)).apply(c, d, ProgressListener.NONE);
                c.save(tmp.resolve("mip-" + run));
            }
            try (Checkpoint c = TinyModelsAccess.create("qwen2", 22, DataType.FLOAT32)) {
                new GradientBaseline(GradientSettings.defaults().withMethod(Method.NPO).with(1e-3, 2)).apply(c, data(), ProgressListener.NONE);
                c.save(tmp.resolve("npo-" + run));
            }
        }
        for (String m : new String[] {"mip", "npo"}) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve(m + "-a/model.safetensors")),
                    Files.readAllBytes(tmp.resolve(m + "-b/model.safetensors")), m);
        }
    }

    @Test
    void everyMethodLowersTheForgetSetLikelihood() {
        List<UnlearningMethod> methods = new ArrayList<>();
        GradientSettings g = GradientSettings.defaults().with(2e-3, 3);
        methods.add(new GradientBaseline(g));
        methods.add(new GradientBaseline(g.withMethod(Method.KL_MIN)));
        methods.add(new GradientBaseline(g.withMethod(Method.NPO)));
        methods.add(new GradientBaseline(new GradientSettings(Method.GA_DIFF, 5e-3, 3, 8, 1.0, 0.4, true, 4, 8,
                GradientSettings.DEFAULT_TARGETS, 16, 1)));
        methods.add(new ManuPruning(new ManuSettings(0.2, 0.01)));
        methods.add(null); // MIP
        for (UnlearningMethod m : methods) {
            try (Checkpoint c = TinyModelsAccess.create("llama", 23, DataType.FLOAT32)) {
                UnlearnData d = data();
                // First teach the tiny model the forget and retain pairs, so there is knowledge to remove.
                List<QaPair> all = new ArrayList<>(d.forget());
                all.addAll(d.retain());
                dev.mip.train.Trainer.train(c, all, new dev.mip.train.TrainOptions(30, 8, 3e-3, 0.1, 0.1, 0, 1, false, 3),
                        ProgressListener.NONE);
                UnlearningMethod method = m != null ? m : new MipEditor(paths(c, d), mip(2, true));
                double before = forgetLogLikelihood(c, d);
                int arrays = c.model().manager().getManagedArrays().size();
                UnlearnReport r = method.apply(c, d, ProgressListener.NONE);
                double after = forgetLogLikelihood(c, d);
                assertTrue(after < before, r.method() + ": forget log-likelihood " + before + " -> " + after);
                assertEquals(arrays, c.model().manager().getManagedArrays().size(), r.method() + ": arrays left behind");
            }
        }
    }

    static MipSettings mip(MipSettings.Directions directions, MipSettings.Stopping stopping, int epochs) {
        MipSettings b = mip(1, true);
        return new MipSettings(b.neuronsPerLayer(), b.steeringLayer(), b.lambda(), b.gamma(), b.retainCeWeight(), b.learningRate(),
                epochs, b.batchSize(), b.retainPool(), b.seed(), b.towers(), b.prune(), b.edit(), b.objective(), b.wholeModel(), directions,
                stopping, 0.0);
    }

    @Test
    void perPersonDirectionsAreSeededAndDifferFromTheSharedOne() {
        Map<String, float[]> shared;
        Map<String, float[]> perPerson;
        Map<String, float[]> again;
        try (Checkpoint c = TinyModelsAccess.create("llama", 21, DataType.FLOAT32)) {
            new MipEditor(paths(c, data()), mip(MipSettings.Directions.SHARED, MipSettings.Stopping.NONE, 2)).apply(c, data(),
                    ProgressListener.NONE);
            shared = weights(c);
        }
        try (Checkpoint c = TinyModelsAccess.create("llama", 21, DataType.FLOAT32)) {
            new MipEditor(paths(c, data()), mip(MipSettings.Directions.PER_PERSON, MipSettings.Stopping.NONE, 2)).apply(c, data(),
                    ProgressListener.NONE);
            perPerson = weights(c);
        }
        try (Checkpoint c = TinyModelsAccess.create("llama", 21, DataType.FLOAT32)) {
            new MipEditor(paths(c, data()), mip(MipSettings.Directions.PER_PERSON, MipSettings.Stopping.NONE, 2)).apply(c, data(),
                    ProgressListener.NONE);
            again = weights(c);
        }
        boolean differs = false;
        for (String k : shared.keySet()) {
            assertArrayEquals(perPerson.get(k), again.get(k), k + ": same seed, same model");
            differs |= !java.util.Arrays.equals(shared.get(k), perPerson.get(k));
        }
        assertTrue(differs, "per-person directions move the model elsewhere than the shared one");
    }

    @Test
    void stoppingAtChanceEndsTheEditOnTheTrainingPairsAndSaysWhen() {
        try (Checkpoint c = TinyModelsAccess.create("llama", 21, DataType.FLOAT32)) {
            List<String> said = new ArrayList<>();
            ProgressListener log = new ProgressListener() {
                @Override
                public void info(String message) {
                    said.add(message);
                }

                @Override
                public void progress(Progress p) {}
            };
            UnlearnReport r = new MipEditor(paths(c, data()), mip(MipSettings.Directions.SHARED, MipSettings.Stopping.CHANCE, 30))
                    .apply(c, data(), log);
            assertTrue(said.stream().anyMatch(m -> m.startsWith("unlearn mip: after epoch 1 the forget training pairs' true answers win")),
                    said.toString());
            Double stop = r.finalLosses().get("stopEpoch");
            if (stop != null) {
                assertEquals(stop.intValue(), r.epochLosses().size(), "no epoch after the stop");
                assertTrue(r.finalLosses().values().stream().allMatch(Double::isFinite));
                for (String k : List.of("probeKnownImage", "probeKnownText")) {
                    assertTrue(r.finalLosses().get(k) <= 0.5 + 1e-9, k + " at most chance (two candidates a pair): " + r.finalLosses());
                }
            } else {
                assertEquals(30, r.epochLosses().size());
                assertTrue(said.stream().anyMatch(m -> m.contains("stayed above chance")), said.toString());
            }
        }
    }

    @Test
    void theChanceProbeSeesWhatTheModelKnowsAndHoldsEachModalityOnceAtChance() {
        try (Checkpoint c = TinyModelsAccess.create("llama", 21, DataType.FLOAT32)) {
            UnlearnData d = data();
            ChanceProbe probe = ChanceProbe.of(c, d, new PixelCache(c.images()), 7);
            dev.mip.train.Trainer.train(c, d.forget(), new dev.mip.train.TrainOptions(60, 4, 1e-2, 0.05, 0.1, 0.0, 1.0, false, 3),
                    ProgressListener.NONE);
            ChanceProbe.Known known = probe.known(c, c.model().weights());
            assertEquals(0.5, known.chance(), 1e-12, "one distractor per pair in this data");
            assertEquals(1.0, known.byModality().get(Modality.TEXT), "trained on them: every true answer wins " + known);
            assertEquals(1.0, known.byModality().get(Modality.IMAGE), known.toString());

            // Holding: a modality at chance is held once; the edit ends when every modality is.
            var k = new ChanceProbe.Known(new java.util.EnumMap<>(Map.of(Modality.IMAGE, 0.24, Modality.TEXT, 0.40)), 0.25);
            assertEquals(java.util.EnumSet.of(Modality.IMAGE), k.newlyAtMost(java.util.EnumSet.noneOf(Modality.class), 0.30));
            assertEquals(java.util.EnumSet.noneOf(Modality.class), k.newlyAtMost(java.util.EnumSet.of(Modality.IMAGE), 0.30));
            assertFalse(k.atMost(0.30), "text is not at chance yet: the edit goes on");
            // A held modality dragged back above chance by the other's edit is pushed again.
            var later = new ChanceProbe.Known(new java.util.EnumMap<>(Map.of(Modality.IMAGE, 0.37, Modality.TEXT, 0.24)), 0.25);
            assertEquals(java.util.EnumSet.of(Modality.IMAGE), later.drifted(java.util.EnumSet.of(Modality.IMAGE, Modality.TEXT), 0.30));
            assertEquals(java.util.EnumSet.noneOf(Modality.class), later.drifted(java.util.EnumSet.of(Modality.TEXT), 0.30),
                    "text is held and at chance");
            assertEquals(java.util.EnumSet.noneOf(Modality.class), k.drifted(java.util.EnumSet.of(Modality.IMAGE), 0.30));
        }
    }
}

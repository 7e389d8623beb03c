package dev.mip.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.mip.ProgressListener;
import dev.mip.data.Benchmark;
import dev.mip.data.EvalSplit;
import dev.mip.data.Modality;
import dev.mip.data.QaPair;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.data.format.MipDatasetWriter;
import dev.mip.data.load.BenchmarkLoader;
import dev.mip.data.synth.SyntheticBenchmark;
import dev.mip.eval.EvalOptions;
import dev.mip.eval.Evaluator;
import dev.mip.eval.McqScoring;
import dev.mip.locate.InfluentialPaths;
import dev.mip.locate.LocateSettings;
import dev.mip.locate.PathLocator;
import dev.mip.model.Checkpoint;
import dev.mip.model.LlavaConfig;
import dev.mip.model.RandomCheckpoint;
import dev.mip.model.TextConfig;
import dev.mip.model.VisionConfig;
import dev.mip.model.WordLevelTokenizerJson;
import dev.mip.model.io.TensorDType;
import dev.mip.runtime.PeakMemory;
import dev.mip.config.MipConfig;
import dev.mip.run.GoalResources;
import dev.mip.run.Pipeline;
import dev.mip.unlearn.MipSettings;
import dev.mip.unlearn.RmisuSteps;
import dev.mip.unlearn.UnlearnData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A rehearsal at LLaVA-1.5-7B's shapes on this machine (issue 17): a random-weight checkpoint with
 * the real model's widths (decoder 4096 wide, FFN 11,008, 32 heads, a 32,000-word vocabulary; CLIP
 * ViT-L/14 at 336x336: 1,024 wide, FFN 4,096, 16 heads, 576 image tokens) but only a few layers,
 * written and loaded as a Hugging Face checkpoint, then each stage of the pipeline on a handful of
 * samples of a small synthetic benchmark: locate (joint mode, text and vision samples), RMisU
 * (frozen states and steps) and evaluation (multiple choice and greedy answers). Each stage reports
 * its wall time and its own peak resident memory; per-layer figures divide by the layers that the
 * stage runs.
 */
public final class Rehearsal {
    /** LLaVA-1.5-7B's vocabulary. */
    public static final int VOCAB = 32_000;

    private Rehearsal() {}

    /**
     * LLaVA-1.5-7B's configuration with fewer layers.
     *
     * @param textLayers decoder layers (32 in the real model)
     * @param visionLayers vision layers (24 in the real model; all used here: feature layer -1)
     * @return the configuration
     */
    public static LlavaConfig shape(int textLayers, int visionLayers) {
        VisionConfig v = new VisionConfig(1024, 4096, visionLayers, 16, 3, 336, 14, "quick_gelu", 1e-5);
        TextConfig r = RandomCheckpoint.textConfig("llama", VOCAB, 4096, 11008, textLayers, 32, 32, false);
        // LLaMA-2's 4,096 positions and RMSNorm epsilon (a 336-pixel image alone is 576 tokens).
        TextConfig t = new TextConfig(r.modelType(), r.vocabSize(), r.hiddenSize(), r.intermediateSize(), r.numLayers(), r.numHeads(),
                r.numKvHeads(), r.headDim(), 1e-5, r.ropeTheta(), r.hiddenAct(), 4096, r.qkvBias(), r.outputBias(), r.mlpBias(),
                r.tieWordEmbeddings(), r.bosTokenId(), r.eosTokenId(), r.padTokenId());
        return LlavaConfig.create(v, t, WordLevelTokenizerJson.SPECIALS.indexOf(WordLevelTokenizerJson.IMAGE), -1);
    }

    /**
     * Runs the rehearsal.
     *
     * @param dir working directory (the dataset and the checkpoint are written here)
     * @param textLayers decoder layers
     * @param visionLayers vision layers
     * @param samples forget samples per tower located, and forget pairs unlearned
     * @param steps locate's Riemann steps m
     * @param progress progress
     * @return figures per stage, and the configuration
     */
    public static Map<String, Object> run(Path dir, int textLayers, int visionLayers, int samples, int steps,
            ProgressListener progress) {
        Map<String, Object> out = new LinkedHashMap<>();
        LlavaConfig cfg0 = shape(textLayers, visionLayers);
        out.put("textLayers", textLayers);
        out.put("visionLayers", visionLayers);
        out.put("imageTokens", cfg0.imageTokensPerImage());
        var g = benchmark();
        if (!java.nio.file.Files.isDirectory(dir.resolve("data"))) {
            MipDatasetWriter.write(g.benchmark(), g.images(), dir.resolve("data"), null);
        }
        Benchmark bench = BenchmarkLoader.load(dir.resolve("data"), BenchmarkLoader.Format.AUTO);
        Path modelDir = dir.resolve("model");
        makeCheckpoint(out, cfg0, g, modelDir, progress);
        try (Checkpoint c = stage(out, "load", progress, () -> Checkpoint.load(modelDir, Device.cpu(), DataType.FLOAT32))) {
            UnlearnData all = UnlearnData.of(bench, "forget_5", "retain_95");
            List<QaPair> text = all.forget().stream().filter(q -> q.modality() == Modality.TEXT).limit(samples).toList();
            List<QaPair> image = all.forget().stream().filter(q -> q.modality() == Modality.IMAGE).limit(samples).toList();
            // One sample per pass (m copies): with the default 4, an image sample's pass (4 x 8 copies of ~600
            // tokens through 4,096-wide layers) needed more than this machine's 24 GiB at 2 + 2 layers.
            LocateSettings ls = new LocateSettings(LocateSettings.Mode.JOINT, steps, 8, 128, LocateSettings.Aggregation.SUM, 1, 0, 1);
            stage(out, "locateText", progress, () -> {
                PathLocator.locate(c, "rehearsal", text, "forget_5", ls, ProgressListener.NONE);
                return Map.of("samples", text.size(), "layers", textLayers);
            });
            InfluentialPaths[] paths = new InfluentialPaths[1];
            List<QaPair> both = new ArrayList<>(text);
            both.addAll(image);
            stage(out, "locateBoth", progress, () -> {
                paths[0] = PathLocator.locate(c, "rehearsal", both, "forget_5", ls, ProgressListener.NONE);
                return Map.of("samples", both.size(), "textSamples", text.size(), "imageSamples", image.size());
            });
            // RMisU: the handful of forget pairs, as many retain pairs in the pool, batches of 2.
            List<QaPair> retain = all.retain().stream().limit(both.size()).toList();
            UnlearnData small = new UnlearnData(both, retain, all.names());
            MipSettings d = MipSettings.defaults();
            MipSettings ms = new MipSettings(d.neuronsPerLayer(), textLayers - 1, d.lambda(), d.gamma(), 0, d.learningRate(), 1, 2,
                    retain.size(), d.seed(), d.towers(), true, true, MipSettings.Objective.RMISU, false, d.directions(), d.stopping(),
                    d.stopMargin());
            int rmisuSteps = Math.max(2, both.size() / 2);
            RmisuSteps[] prepared = new RmisuSteps[1];
            stage(out, "rmisuSetUp", progress, () -> {
                prepared[0] = new RmisuSteps(c, paths[0], ms, small, rmisuSteps);
                return Map.of("forgetPairs", both.size(), "retainPairs", retain.size(), "trainedParameters",
                        prepared[0].trainedParameters());
            });
            try (RmisuSteps r = prepared[0]) {
                stage(out, "rmisuSteps", progress, () -> RmisuStepWorkload.time(r, 1));
            }
            // Evaluation: a few multiple-choice questions and greedy answers of the forget split.
            List<Question> qs = bench.questions(EvalSplit.FORGET, "forget_5", "retain_95");
            Map<String, List<Question>> slices = new LinkedHashMap<>();
            Evaluator.slices(EvalSplit.FORGET, qs, EnumSet.of(Task.MCQ, Task.GENERATION)).forEach((k, v) ->
                    slices.put(k, new ArrayList<>(v.subList(0, Math.min(samples, v.size())))));
            stage(out, "evaluate", progress, () -> {
                var r = new Evaluator(c, new EvalOptions(McqScoring.LIKELIHOOD, 16, 16, 0)).evaluate(slices, ProgressListener.NONE);
                return Map.of("questions", slices.values().stream().mapToInt(List::size).sum(), "metrics", r.metrics().size());
            });
        }
        return out;
    }

    /** A small synthetic benchmark (20 people, one of them in forget_5; 64-pixel images, enlarged to 336). */
    private static SyntheticBenchmark.Generated benchmark() {
        return SyntheticBenchmark.generate(new SyntheticBenchmark.Options(7, 20, 2, 64, 1, 8));
    }

    /** Writes the random-weight checkpoint, its vocabulary padded with filler words to 32,000 ids, unless there is one. */
    private static void makeCheckpoint(Map<String, Object> out, LlavaConfig cfg, SyntheticBenchmark.Generated g, Path modelDir,
            ProgressListener progress) {
        List<String> words = new ArrayList<>(g.vocabulary());
        for (int i = 0; WordLevelTokenizerJson.vocabSize(words) < VOCAB; i++) {
            words.add("filler" + i);
        }
        if (java.nio.file.Files.isRegularFile(modelDir.resolve("config.json"))) {
            // Made by an earlier run with the same shape: run again for stages whose peaks start clean.
            out.put("make", "reused " + modelDir);
            return;
        }
        stage(out, "make", progress, () -> {
            try (Checkpoint c = RandomCheckpoint.create(cfg, words, 1, 0.02, TensorDType.F32, Device.cpu(), DataType.FLOAT32)) {
                c.save(modelDir);
                return Map.of("parameters", c.model().parameters().values().stream().mapToLong(NDArray::size).sum());
            }
        });
    }

    /**
     * The whole pipeline at these shapes: {@code mip locate}, {@code unlearn} and {@code verify} as the
     * Maven goals run them ({@link Pipeline}), on a project whose {@code mip.yaml} is written here:
     * the forget person's first {@code samples} text and image training pairs, a retain pool of as
     * many pairs, two RMisU epochs at most, two questions per evaluated slice (forget, retain, world;
     * multiple choice, greedy answers, cloze), the loss membership-inference attack, and a gate rule
     * that holds for any model (random weights know nothing: the rehearsal measures cost, not
     * forgetting). Each goal's wall time and peak resident memory come from {@code resources.json}.
     *
     * @param dir working directory (dataset, checkpoint and project are written here)
     * @param textLayers decoder layers
     * @param visionLayers vision layers
     * @param samples forget pairs per modality
     * @param stepsPerPass locate's scaled copies per pass (m = 8)
     * @param progress progress
     * @return the goals' figures, and the gate's summary
     */
    public static Map<String, Object> pipeline(Path dir, int textLayers, int visionLayers, int samples, int stepsPerPass,
            ProgressListener progress) {
        Map<String, Object> out = new LinkedHashMap<>();
        LlavaConfig cfg0 = shape(textLayers, visionLayers);
        out.put("textLayers", textLayers);
        out.put("visionLayers", visionLayers);
        var g = benchmark();
        Path data = dir.resolve("pipeline-data");
        if (!java.nio.file.Files.isDirectory(data)) {
            Benchmark b = g.benchmark();
            java.util.Set<String> forget = b.profileSet("forget_5");
            Map<String, Integer> kept = new java.util.HashMap<>();
            List<QaPair> train = new ArrayList<>();
            for (QaPair p : b.train()) {
                boolean f = forget.contains(p.subject());
                String key = p.subject() + (f ? "/" + p.modality() : "");
                int n = kept.merge(key, 1, Integer::sum);
                if (n <= (f ? samples : 2)) {
                    train.add(p);
                }
            }
            MipDatasetWriter.write(new Benchmark(b.name(), b.source(), b.profiles(), train, b.questions(), b.splits()), g.images(),
                    data, null);
        }
        makeCheckpoint(out, cfg0, g, dir.resolve("model"), progress);
        Path project = dir.resolve("project");
        String yaml = String.format(java.util.Locale.ROOT, """
                model: {path: ../model}
                data: {path: ../pipeline-data, forget: forget_5, retain: retain_95}
                locate: {mode: joint, steps: 8, samplesPerBatch: 1, stepsPerPass: %d}
                unlearn:
                  method: mip
                  seed: 42
                  mip: {steeringLayer: %d, epochs: 2, batchSize: 2, retainPool: %d}
                eval: {splits: [forget, retain, world], maxQuestionsPerSlice: 2, maxNewTokens: 8, batchSize: 16, miaAttacks: [loss]}
                gate:
                  rules:
                    - {metric: retain.*.mcq.accuracy, min: 0.0}
                """, stepsPerPass, textLayers - 1, 2 * samples);
        try {
            java.nio.file.Files.createDirectories(project);
            java.nio.file.Files.writeString(project.resolve("mip.yaml"), yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        MipConfig cfg = MipConfig.load(project.resolve("mip.yaml"), project);
        Pipeline.Options force = new Pipeline.Options(true, null, Pipeline.Options.DEFAULT_LOCK_WAIT);
        new Pipeline(cfg, force, progress).locate();
        new Pipeline(cfg, force, progress).unlearn();
        Pipeline.Verification v = new Pipeline(cfg, force, progress).verify();
        var goals = GoalResources.read(cfg.reportOutput().resolve(GoalResources.FILE));
        goals.fields().forEachRemaining(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds", e.getValue().path("seconds").asDouble());
            m.put("peakRssMiB", e.getValue().path("peakRssMiB").asDouble());
            m.put("peakIsThisGoal", e.getValue().path("peakIsThisGoal").asBoolean());
            out.put(e.getKey(), m);
        });
        out.put("gate", v.gate().summary());
        out.put("questionsPerModel", v.report().unlearned().values().stream().mapToInt(dev.mip.eval.Metric::count).max().orElse(0));
        return out;
    }

    /** Runs one stage, recording its seconds, its own peak resident memory and what it returns. */
    private static <T> T stage(Map<String, Object> out, String name, ProgressListener progress, Supplier<T> body) {
        progress.info("rehearsal: " + name + " ...");
        PeakMemory.Window w = PeakMemory.window();
        T r = body.get();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("seconds", Math.round(w.seconds() * 100) / 100.0);
        s.put("peakRssMiB", Math.round(w.peakMiB()));
        s.put("peakIsThisStage", w.own());
        if (r instanceof Map<?, ?> m) {
            m.forEach((k, v) -> s.put(String.valueOf(k), v));
        }
        out.put(name, s);
        progress.info("rehearsal: " + name + " " + s);
        return r;
    }
}

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
        // A small benchmark; its vocabulary padded with filler words to 32,000 ids.
        var g = SyntheticBenchmark.generate(new SyntheticBenchmark.Options(7, 20, 2, 64, 1, 8));
        if (!java.nio.file.Files.isDirectory(dir.resolve("data"))) {
            MipDatasetWriter.write(g.benchmark(), g.images(), dir.resolve("data"), null);
        }
        Benchmark bench = BenchmarkLoader.load(dir.resolve("data"), BenchmarkLoader.Format.AUTO);
        List<String> words = new ArrayList<>(g.vocabulary());
        for (int i = 0; WordLevelTokenizerJson.vocabSize(words) < VOCAB; i++) {
            words.add("filler" + i);
        }
        Path modelDir = dir.resolve("model");
        if (java.nio.file.Files.isRegularFile(modelDir.resolve("config.json"))) {
            // Made by an earlier run with the same shape: run again for stages whose peaks start clean.
            out.put("make", "reused " + modelDir);
        } else {
            stage(out, "make", progress, () -> {
            try (Checkpoint c = RandomCheckpoint.create(cfg0, words, 1, 0.02, TensorDType.F32, Device.cpu(), DataType.FLOAT32)) {
                c.save(modelDir);
                return Map.of("parameters", c.model().parameters().values().stream().mapToLong(NDArray::size).sum());
            }
            });
        }
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

    /** Runs one stage, recording its seconds, its own peak resident memory and what it returns. */
    private static <T> T stage(Map<String, Object> out, String name, ProgressListener progress, Supplier<T> body) {
        progress.info("rehearsal: " + name + " ...");
        boolean own = PeakMemory.resetPeak();
        long t0 = System.nanoTime();
        T r = body.get();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        s.put("peakRssMiB", Math.round(PeakMemory.peakRssBytes() / 1048576.0));
        s.put("peakIsThisStage", own);
        if (r instanceof Map<?, ?> m) {
            m.forEach((k, v) -> s.put(String.valueOf(k), v));
        }
        out.put(name, s);
        progress.info("rehearsal: " + name + " " + s);
        return r;
    }
}

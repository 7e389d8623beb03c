package dev.mip.bench;

import dev.mip.runtime.PeakMemory;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.mip.data.Modality;
import dev.mip.data.QaPair;
import dev.mip.locate.InfluentialPaths;
import dev.mip.locate.LocateSettings;
import dev.mip.locate.PathLocator;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.LlavaConfig;
import dev.mip.model.Mllm;
import dev.mip.model.RandomCheckpoint;
import dev.mip.model.ScaleHooks;
import dev.mip.model.TextConfig;
import dev.mip.model.Tower;
import dev.mip.model.VisionConfig;
import dev.mip.model.WordLevelTokenizerJson;
import dev.mip.model.io.TensorDType;
import dev.mip.ProgressListener;
import dev.mip.data.PixelCache;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Speed of {@code locate}, every figure measured in one run on one machine: time per forget sample
 * for exact mode, joint mode and the naive per-candidate loop (extrapolated from a timed sample of
 * candidates, since the full loop takes hours), joint mode against one plain forward+backward over
 * the same m copies, achieved GFLOP/s against the matmul reference, peak memory, how exact mode
 * grows with layers, neurons per layer and sequence length, and the Jaccard overlap of the neurons
 * joint and exact mode choose.
 */
public final class LocateBenchmark {
    private LocateBenchmark() {}

    /**
     * @param c the model (the embedded model)
     * @param forget forget pairs
     * @param samples samples per branch to time
     * @param naiveCandidates candidates of layer 0 the naive loop times
     * @param settings locate settings (mode is overridden)
     * @param progress progress
     * @return named figures
     */
    public static Map<String, Object> run(Checkpoint c, List<QaPair> forget, int samples, int naiveCandidates,
            LocateSettings settings, ProgressListener progress) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("matmul64x512x2048GflopsPerSec", round(MatmulReference.gflops(c.model().manager(), 64, 512, 2048, 200)));
        r.put("steps", settings.steps());
        r.put("samplesPerBatch", settings.samplesPerBatch());
        PixelCache px = new PixelCache(c.images());
        for (Tower t : Tower.values()) {
            Modality m = t == Tower.TEXT ? Modality.TEXT : Modality.IMAGE;
            List<QaPair> pairs = forget.stream().filter(q -> q.modality() == m).limit(samples).toList();
            if (pairs.isEmpty()) {
                continue;
            }
            String p = t.id() + ".";
            // Warm-up, then exact and joint.
            PathLocator.locate(c, "bench", pairs.subList(0, 1), "bench", settings, ProgressListener.NONE);
            double exact = time(() -> PathLocator.locate(c, "bench", pairs, "bench", settings.withMode(LocateSettings.Mode.EXACT),
                    ProgressListener.NONE)) / pairs.size();
            double joint = time(() -> PathLocator.locate(c, "bench", pairs, "bench", settings.withMode(LocateSettings.Mode.JOINT),
                    ProgressListener.NONE)) / pairs.size();
            // Naive: per-candidate cost from a sample of layer-0 candidates, times all candidates of all layers.
            QaPair first = pairs.get(0);
            Example ex = new Example(px.pixels(first.image()), first.question(), first.answer());
            int layers = t == Tower.TEXT ? c.config().text().numLayers() : c.config().lastVisionLayerUsed() + 1;
            int width = t == Tower.TEXT ? c.config().text().intermediateSize() : c.config().vision().intermediateSize();
            double naiveSample = time(() -> NaiveLocator.scores(c, t, ex, 1, settings.steps(), settings.pathWidth(), naiveCandidates));
            double naive = naiveSample / naiveCandidates * width * layers;
            // One plain forward+backward (all parameters trainable) over the same m copies.
            List<Example> copies = new ArrayList<>();
            for (int k = 0; k < settings.steps(); k++) {
                copies.add(ex);
            }
            Batch b = c.batches().build(copies, false);
            plainForwardBackward(c, b);
            double plain = time(() -> plainForwardBackward(c, b));
            double jointOne = time(() -> PathLocator.locate(c, "bench", List.of(first), "bench",
                    settings.withMode(LocateSettings.Mode.JOINT), ProgressListener.NONE));
            long params = c.model().parameters().values().stream().mapToLong(NDArray::size).sum();
            double tokens = b.realTokens();
            // Forward 2*P*tokens FLOPs; backward to the activations (no weight gradients) about the same again.
            double flopsPerPass = 4.0 * params * tokens;
            r.put(p + "layersScored", layers);
            r.put(p + "neuronsPerLayer", width);
            r.put(p + "tokensPerCopy", round(tokens / settings.steps()));
            r.put(p + "exactSecondsPerSample", round4(exact));
            r.put(p + "jointSecondsPerSample", round4(joint));
            r.put(p + "naiveSecondsPerSampleExtrapolated", round(naive));
            r.put(p + "naiveTimedCandidates", naiveCandidates);
            r.put(p + "naiveOverExact", round(naive / exact));
            r.put(p + "exactOverJoint", round(exact / joint));
            r.put(p + "plainForwardBackwardSeconds", round4(plain));
            r.put(p + "jointOneSampleSeconds", round4(jointOne));
            r.put(p + "jointOverPlainForwardBackward", round(jointOne / plain));
            // Exact mode costs, per sample, one pass of its m copies per layer.
            r.put(p + "exactAchievedGflopsPerSec", round(flopsPerPass * layers / exact / 1e9));
            progress.info("locate benchmark: " + t.id() + " done");
        }
        r.put("peakRssMiB", round(PeakMemory.peakRssBytes() / 1048576.0));
        return r;
    }

    /**
     * Exact-mode seconds per text sample on random models of varied shape.
     *
     * @param steps m
     * @param samples samples timed per configuration
     * @return rows: configuration -> seconds per sample
     */
    public static Map<String, Double> scaling(int steps, int samples) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            words.add("w" + i);
        }
        int vocab = WordLevelTokenizerJson.vocabSize(words);
        int[][] shapes = {{2, 768, 8}, {4, 768, 8}, {8, 768, 8}, {4, 384, 8}, {4, 1536, 8}, {4, 768, 32}, {4, 768, 96}};
        for (int[] s : shapes) {
            VisionConfig v = new VisionConfig(128, 512, 4, 4, 3, 32, 8, "quick_gelu", 1e-5);
            TextConfig t = RandomCheckpoint.textConfig("llama", vocab, 256, s[1], s[0], 8, 4, false);
            try (Checkpoint c = RandomCheckpoint.create(LlavaConfig.create(v, t, 4, -1), words, 1, 0.02, TensorDType.F32,
                    Device.cpu(), DataType.FLOAT32)) {
                List<QaPair> pairs = new ArrayList<>();
                for (int i = 0; i < samples; i++) {
                    StringBuilder q = new StringBuilder();
                    for (int j = 0; j < s[2]; j++) {
                        q.append('w').append((i * 7 + j) % 300).append(' ');
                    }
                    pairs.add(new QaPair("x", Modality.TEXT, null, q.toString().trim(), "w1 w2 w3"));
                }
                LocateSettings ls = new LocateSettings(LocateSettings.Mode.EXACT, steps, 8, 32, LocateSettings.Aggregation.SUM, 4, 0, 1);
                PathLocator.locate(c, "b", pairs.subList(0, 1), "b", ls, ProgressListener.NONE);
                double sec = time(() -> PathLocator.locate(c, "b", pairs, "b", ls, ProgressListener.NONE)) / samples;
                out.put(String.format("layers=%d neurons=%d questionWords=%d", s[0], s[1], s[2]), round4(sec));
            }
        }
        return out;
    }

    /**
     * Jaccard overlap per layer of the neurons two path files choose.
     *
     * @param a one
     * @param b the other
     * @return "tower layer" -> |A ∩ B| / |A ∪ B|
     */
    public static Map<String, Double> jaccard(InfluentialPaths a, InfluentialPaths b) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Tower t : Tower.values()) {
            if (!a.branches().containsKey(t) || !b.branches().containsKey(t)) {
                continue;
            }
            for (int l = 0; l < a.branches().get(t).layers(); l++) {
                Set<Integer> x = new HashSet<>();
                for (int i : a.neurons(t, l)) {
                    x.add(i);
                }
                Set<Integer> y = new HashSet<>();
                for (int i : b.neurons(t, l)) {
                    y.add(i);
                }
                Set<Integer> union = new HashSet<>(x);
                union.addAll(y);
                x.retainAll(y);
                out.put(t.id() + " " + l, round(union.isEmpty() ? 1 : (double) x.size() / union.size()));
            }
        }
        return out;
    }

    private static void plainForwardBackward(Checkpoint c, Batch b) {
        Mllm m = c.model();
        List<NDArray> params = new ArrayList<>(m.parameters().values());
        params.forEach(p -> p.setRequiresGradient(true));
        try (NDScope s = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            Mllm.Output o = m.forward(b, m.weights(), ScaleHooks.NONE, Mllm.Options.FULL);
            gc.backward(m.targetLogProbs(o, b, m.weights()).sum());
            gc.zeroGradients();
        } finally {
            params.forEach(p -> p.setRequiresGradient(false));
        }
    }

    private static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }

    private static double round4(double x) {
        return Math.round(x * 10000) / 10000.0;
    }
}

package dev.mip.bench;

import dev.mip.runtime.PeakMemory;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.LlavaConfig;
import dev.mip.model.Mllm;
import dev.mip.model.RandomCheckpoint;
import dev.mip.model.ScaleHooks;
import dev.mip.model.TextConfig;
import dev.mip.model.VisionConfig;
import dev.mip.model.WordLevelTokenizerJson;
import dev.mip.model.io.TensorDType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Forward and forward+backward throughput of the model runtime on a ~5M-parameter LLaVA-format
 * model (the size of the embedded default model), with peak memory and the matmul reference
 * measured in the same run.
 */
public final class EngineBenchmark {
    private EngineBenchmark() {}

    /** The benchmark model: ViT d=128 x4 on 32x32 images (8x8 patches), decoder d=256 x4, 512-word vocabulary. */
    static LlavaConfig benchConfig(int vocab) {
        VisionConfig v = new VisionConfig(128, 512, 4, 4, 3, 32, 8, "quick_gelu", 1e-5);
        TextConfig t = RandomCheckpoint.textConfig("llama", vocab, 256, 1024, 4, 8, 4, false);
        return LlavaConfig.create(v, t, 4, -1);
    }

    /**
     * @param batchSize sequences per batch
     * @param questionWords words per question (sets the sequence length)
     * @param repeats timed iterations
     * @return measured figures
     */
    public static Map<String, Object> run(int batchSize, int questionWords, int repeats) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 507; i++) {
            words.add("w" + i);
        }
        LlavaConfig cfg = benchConfig(WordLevelTokenizerJson.vocabSize(words));
        Map<String, Object> r = new LinkedHashMap<>();
        try (Checkpoint c = RandomCheckpoint.create(cfg, words, 1, 0.02, TensorDType.F32, Device.cpu(), DataType.FLOAT32)) {
            Mllm m = c.model();
            long params = m.parameters().values().stream().mapToLong(NDArray::size).sum();
            Random rnd = new Random(7);
            List<Example> ex = new ArrayList<>();
            for (int i = 0; i < batchSize; i++) {
                StringBuilder q = new StringBuilder();
                for (int j = 0; j < questionWords; j++) {
                    q.append("w").append(rnd.nextInt(500)).append(' ');
                }
                float[] px = new float[3 * 32 * 32];
                for (int j = 0; j < px.length; j++) {
                    px[j] = (float) rnd.nextGaussian();
                }
                ex.add(new Example(i % 2 == 0 ? px : null, q.toString().trim(), "w1 w2 w3 w4 w5 w6 w7 w8"));
            }
            Batch b = c.batches().build(ex, true);
            int tokens = b.realTokens();
            r.put("parameters", params);
            r.put("batchSize", batchSize);
            r.put("paddedLength", b.length());
            r.put("tokensPerBatch", tokens);
            r.put("threads", Runtime.getRuntime().availableProcessors());
            long rssBefore = PeakMemory.rssBytes();
            // Forward only (no autograd recording).
            for (int i = 0; i < 3; i++) {
                forward(m, b);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                forward(m, b);
            }
            double fwd = (System.nanoTime() - t0) / 1e9 / repeats;
            // Forward + backward with every parameter trainable.
            for (NDArray p : m.parameters().values()) {
                p.setRequiresGradient(true);
            }
            for (int i = 0; i < 3; i++) {
                forwardBackward(m, b);
            }
            t0 = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                forwardBackward(m, b);
            }
            double fb = (System.nanoTime() - t0) / 1e9 / repeats;
            r.put("forwardMsPerBatch", round(fwd * 1000));
            r.put("forwardTokensPerSec", round(tokens / fwd));
            r.put("forwardBackwardMsPerBatch", round(fb * 1000));
            r.put("forwardBackwardTokensPerSec", round(tokens / fb));
            r.put("rssBeforeMiB", round(rssBefore / 1048576.0));
            r.put("peakRssMiB", round(PeakMemory.peakRssBytes() / 1048576.0));
            r.put("matmul64x512x2048GflopsPerSec", round(MatmulReference.gflops(m.manager(), 64, 512, 2048, 200)));
        }
        return r;
    }

    private static void forward(Mllm m, Batch b) {
        try (NDScope s = new NDScope()) {
            Mllm.Output o = m.forward(b, m.weights(), ScaleHooks.NONE, Mllm.Options.FULL);
            m.targetLogProbs(o, b, m.weights()).sum().getFloat();
        }
    }

    private static void forwardBackward(Mllm m, Batch b) {
        try (NDScope s = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            Mllm.Output o = m.forward(b, m.weights(), ScaleHooks.NONE, Mllm.Options.FULL);
            gc.backward(m.targetLogProbs(o, b, m.weights()).mean().neg());
            gc.zeroGradients();
        }
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }
}

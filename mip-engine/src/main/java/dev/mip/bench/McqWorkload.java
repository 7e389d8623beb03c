package dev.mip.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.ProgressListener;
import dev.mip.data.Benchmark;
import dev.mip.data.EvalSplit;
import dev.mip.data.ImageRef;
import dev.mip.data.PixelCache;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.eval.EvalOptions;
import dev.mip.eval.EvalResult;
import dev.mip.eval.Evaluator;
import dev.mip.eval.Metric;
import dev.mip.io.AtomicFiles;
import dev.mip.model.BatchBuilder;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The multiple-choice evaluation workload of the side-by-side benchmark with a PyTorch peer
 * ({@code bench/peer/}): the engine's own timing of it, and an export of exactly the inputs the
 * engine scores (token ids after prompt formatting and image-token expansion, preprocessed pixels),
 * so that the peer computes the same thing and its accuracies can be compared slice by slice.
 */
public final class McqWorkload {
    private static final ObjectMapper JSON = new ObjectMapper();

    private McqWorkload() {}

    /** The splits the workload evaluates (the example's: forget, retain, test, world). */
    public static final List<EvalSplit> SPLITS = List.of(EvalSplit.FORGET, EvalSplit.RETAIN, EvalSplit.TEST, EvalSplit.WORLD);

    /**
     * Writes {@code workload.json} (per question: slice, prompt ids, each option's answer ids, the
     * correct option, the image index or -1) and {@code pixels.f32} (the distinct images,
     * little-endian float32 {@code [N, C, H, W]}) into {@code dir}.
     *
     * @param c the model (its tokenizer, prompt format and image processor)
     * @param bench the benchmark
     * @param forget forget set
     * @param retain retain set
     * @param dir output directory
     * @return the number of questions
     */
    public static int export(Checkpoint c, Benchmark bench, String forget, String retain, Path dir) {
        PixelCache pixels = new PixelCache(c.images());
        Map<float[], Integer> imageIndex = new IdentityHashMap<>();
        List<float[]> images = new ArrayList<>();
        ObjectNode root = JSON.createObjectNode();
        var v = c.config().vision();
        root.putArray("imageShape").add(v.numChannels()).add(v.imageSize()).add(v.imageSize());
        ArrayNode qs = root.putArray("questions");
        for (var slice : slices(bench, forget, retain).entrySet()) {
            for (Question q : slice.getValue()) {
                float[] px = q.image() == null ? null : pixels.pixels(q.image());
                BatchBuilder.OptionBatch ob = c.batches().buildOptions(List.of(new Example(px, q.question(), null)),
                        List.of(q.options()));
                if (ob == null) {
                    throw new IllegalStateException("question " + q.id() + ": options do not share the prompt's tokens");
                }
                ObjectNode n = qs.addObject();
                n.put("slice", slice.getKey()).put("id", q.id()).put("correct", q.correct());
                ArrayNode prompt = n.putArray("prompt");
                for (long id : ob.prompts().ids()) {
                    prompt.add(id);
                }
                ArrayNode opts = n.putArray("options");
                for (long[] a : ob.answers()) {
                    ArrayNode o = opts.addArray();
                    for (long id : a) {
                        o.add(id);
                    }
                }
                int img = -1;
                if (px != null) {
                    img = imageIndex.computeIfAbsent(px, k -> {
                        images.add(k);
                        return images.size() - 1;
                    });
                }
                n.put("image", img);
            }
        }
        root.put("images", images.size());
        writePixels(dir.resolve("pixels.f32"), images);
        AtomicFiles.write(dir.resolve("workload.json"), out -> out.write(JSON.writeValueAsBytes(root)));
        return qs.size();
    }

    /** Writes images as one little-endian float32 array, in list order (atomically). */
    static void writePixels(Path file, List<float[]> images) {
        int per = images.isEmpty() ? 0 : images.get(0).length;
        ByteBuffer buf = ByteBuffer.allocate(images.size() * per * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] a : images) {
            for (float f : a) {
                buf.putFloat(f);
            }
        }
        AtomicFiles.write(file, out -> out.write(buf.array()));
    }

    /** The multiple-choice questions of the workload's splits by slice, as the evaluator groups them. */
    static Map<String, List<Question>> slices(Benchmark bench, String forget, String retain) {
        Map<String, List<Question>> out = new LinkedHashMap<>();
        for (EvalSplit s : SPLITS) {
            out.putAll(Evaluator.slices(s, bench.questions(s, forget, retain), EnumSet.of(Task.MCQ)));
        }
        return out;
    }

    /**
     * Times the engine's multiple-choice evaluation (likelihood scoring) of the workload.
     *
     * @param c the model
     * @param bench the benchmark
     * @param forget forget set
     * @param retain retain set
     * @param batchSize option sequences per pass
     * @return seconds, questions, questions per second and each slice's accuracy
     */
    public static Map<String, Object> time(Checkpoint c, Benchmark bench, String forget, String retain, int batchSize) {
        Map<String, List<Question>> slices = slices(bench, forget, retain);
        int n = slices.values().stream().mapToInt(List::size).sum();
        EvalOptions opts = new EvalOptions(dev.mip.eval.McqScoring.LIKELIHOOD, batchSize, 32, 0);
        long t0 = System.nanoTime();
        EvalResult r = new Evaluator(c, opts).evaluate(slices, ProgressListener.NONE);
        double s = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seconds", Math.round(s * 1000) / 1000.0);
        out.put("questions", n);
        out.put("questionsPerSecond", Math.round(n / s * 10) / 10.0);
        Map<String, Double> acc = new LinkedHashMap<>();
        for (Metric m : r.metrics().values()) {
            acc.put(m.name(), m.value());
        }
        out.put("accuracy", acc);
        return out;
    }
}

package dev.mip.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.data.Benchmark;
import dev.mip.data.EvalSplit;
import dev.mip.data.PixelCache;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.eval.EvalOptions;
import dev.mip.eval.Evaluator;
import dev.mip.eval.McqScoring;
import dev.mip.io.AtomicFiles;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generation workload of the side-by-side benchmark with a PyTorch peer ({@code bench/peer/gen.py}):
 * greedy answers to the generation and cloze questions of the splits {@link McqWorkload} scores (the
 * rest of {@code mip eval}'s work), in the evaluator's batches (per slice, left-padded prompts, up to
 * 32 new tokens, stopping at the end token); the engine's timing of it, and an export of the prompts
 * and of the engine's answers so that the peer's answers can be compared token by token.
 */
public final class GenerationWorkload {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Questions per batch (the evaluator's default). */
    public static final int BATCH = EvalOptions.defaults().batchSize();
    /** Bound on generated tokens (the evaluator's default). */
    public static final int MAX_NEW = EvalOptions.defaults().maxNewTokens();

    private GenerationWorkload() {}

    /** The generation and cloze questions of the workload's splits by slice, as the evaluator groups them. */
    static Map<String, List<Question>> slices(Benchmark bench, String forget, String retain) {
        Map<String, List<Question>> out = new LinkedHashMap<>();
        for (EvalSplit s : McqWorkload.SPLITS) {
            out.putAll(Evaluator.slices(s, bench.questions(s, forget, retain), EnumSet.of(Task.GENERATION, Task.CLOZE)));
        }
        return out;
    }

    /** Each slice's prompts, in order. */
    private static Map<String, List<Example>> prompts(Checkpoint c, Map<String, List<Question>> slices) {
        PixelCache px = new PixelCache(c.images());
        Map<String, List<Example>> out = new LinkedHashMap<>();
        slices.forEach((name, qs) -> {
            List<Example> ex = new ArrayList<>(qs.size());
            for (Question q : qs) {
                ex.add(new Example(q.image() == null ? null : px.pixels(q.image()), q.question(), null));
            }
            out.put(name, ex);
        });
        return out;
    }

    /** The evaluator with the workload's batch size and bound, as {@code mip eval} answers by default. */
    private static Evaluator evaluator(Checkpoint c) {
        return new Evaluator(c, new EvalOptions(McqScoring.LIKELIHOOD, BATCH, MAX_NEW, 0));
    }

    /**
     * Times the engine's answers to the workload (as {@code mip eval} produces them: generation,
     * then decoding to text).
     *
     * @param c the model
     * @param bench the benchmark
     * @param forget forget set
     * @param retain retain set
     * @return seconds, questions, questions per second, generated tokens
     */
    public static Map<String, Object> time(Checkpoint c, Benchmark bench, String forget, String retain) {
        Map<String, List<Example>> prompts = prompts(c, slices(bench, forget, retain));
        Evaluator e = evaluator(c);
        int n = 0;
        long tokens = 0;
        long t0 = System.nanoTime();
        for (List<Example> p : prompts.values()) {
            for (String answer : e.generate(p, MAX_NEW, null)) {
                tokens += answer.isEmpty() ? 0 : answer.split(" ").length;
            }
            n += p.size();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seconds", Math.round(s * 1000) / 1000.0);
        out.put("questions", n);
        out.put("questionsPerSecond", Math.round(n / s * 10) / 10.0);
        out.put("generatedWords", tokens);
        return out;
    }

    /**
     * Writes {@code generation.json} (settings; per slice, per question: id, prompt ids, image index
     * or -1, and the engine's answer ids) and {@code pixels.f32} (the distinct images, little-endian
     * float32) into {@code dir}.
     *
     * @param c the model
     * @param bench the benchmark
     * @param forget forget set
     * @param retain retain set
     * @param dir output directory
     * @return the number of questions
     */
    public static int export(Checkpoint c, Benchmark bench, String forget, String retain, Path dir) {
        Map<String, List<Question>> slices = slices(bench, forget, retain);
        Map<String, List<Example>> prompts = prompts(c, slices);
        Map<float[], Integer> imageIndex = new IdentityHashMap<>();
        List<float[]> images = new ArrayList<>();
        ObjectNode root = JSON.createObjectNode();
        var v = c.config().vision();
        root.putArray("imageShape").add(v.numChannels()).add(v.imageSize()).add(v.imageSize());
        root.put("batch", BATCH).put("maxNewTokens", MAX_NEW).put("endToken", c.batches().endTokenId());
        ObjectNode out = root.putObject("slices");
        Evaluator e = evaluator(c);
        int n = 0;
        for (var slice : slices.entrySet()) {
            List<Example> ps = prompts.get(slice.getKey());
            List<long[]> answers = e.generateIds(ps, MAX_NEW);
            ArrayNode qs = out.putArray(slice.getKey());
            for (int i = 0; i < ps.size(); i++) {
                Example p = ps.get(i);
                ObjectNode q = qs.addObject();
                q.put("id", slice.getValue().get(i).id());
                ArrayNode ids = q.putArray("prompt");
                for (long id : c.batches().buildPrompts(List.of(p)).ids()) {
                    ids.add(id);
                }
                q.put("image", p.pixels() == null ? -1 : imageIndex.computeIfAbsent(p.pixels(), k -> {
                    images.add(k);
                    return images.size() - 1;
                }));
                ArrayNode a = q.putArray("answer");
                for (long id : answers.get(i)) {
                    a.add(id);
                }
                n++;
            }
        }
        root.put("images", images.size());
        McqWorkload.writePixels(dir.resolve("pixels.f32"), images);
        AtomicFiles.write(dir.resolve("generation.json"), o -> o.write(JSON.writeValueAsBytes(root)));
        return n;
    }
}

package dev.mip.bench;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.data.Benchmark;
import dev.mip.data.Modality;
import dev.mip.data.PixelCache;
import dev.mip.data.QaPair;
import dev.mip.io.AtomicFiles;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.train.Adam;
import dev.mip.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training-step workload of the side-by-side benchmark with a PyTorch peer
 * ({@code bench/peer/train.py}): fixed batches of the benchmark's training pairs (image and text
 * batches alternating, file order), each step forward, answer-only loss, backward, AdamW with
 * gradient clipping; the engine's timing of it and an export of the same batches.
 */
public final class TrainStepWorkload {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** AdamW learning rate of the timed steps. */
    public static final double LEARNING_RATE = 1e-4;
    /** Decoupled weight decay of the timed steps. */
    public static final double WEIGHT_DECAY = 0.01;
    /** Global gradient-norm clipping threshold of the timed steps. */
    public static final double CLIP_NORM = 1.0;

    private TrainStepWorkload() {}

    /**
     * @param c the model
     * @param bench the benchmark
     * @param retain the profile set whose training pairs are used
     * @param batchSize sequences per step
     * @param steps number of batches
     * @return the batches (training layout: the end token is a target)
     */
    public static List<Batch> batches(Checkpoint c, Benchmark bench, String retain, int batchSize, int steps) {
        List<QaPair> pairs = bench.trainOf(bench.profileSet(retain));
        PixelCache pixels = new PixelCache(c.images());
        List<List<Example>> byModality = new ArrayList<>();
        for (Modality m : Modality.values()) {
            List<Example> ex = new ArrayList<>();
            for (QaPair q : pairs) {
                if (q.modality() == m) {
                    ex.add(new Example(m == Modality.IMAGE ? pixels.pixels(q.image()) : null, q.question(), q.answer()));
                }
            }
            byModality.add(ex);
        }
        List<Batch> out = new ArrayList<>(steps);
        int[] next = new int[byModality.size()];
        for (int s = 0; s < steps; s++) {
            int m = s % byModality.size();
            List<Example> ex = byModality.get(m);
            if (next[m] + batchSize > ex.size()) {
                next[m] = 0;
            }
            out.add(c.batches().build(ex.subList(next[m], next[m] + batchSize), true));
            next[m] += batchSize;
        }
        return out;
    }

    /**
     * Times training steps (forward, loss, backward, AdamW with clipping) over the batches, the
     * first {@code warmup} untimed. The model's parameters are changed.
     *
     * @param c the model
     * @param batches the batches
     * @param warmup untimed steps first
     * @return milliseconds per step (median, min, max), the steps timed and the last loss
     */
    public static Map<String, Object> time(Checkpoint c, List<Batch> batches, int warmup) {
        List<NDArray> params = new ArrayList<>(c.model().parameters().values());
        params.forEach(p -> p.setRequiresGradient(true));
        double[] ms = new double[batches.size() - warmup];
        double loss = Double.NaN;
        try (Adam adam = new Adam(params, 0.9, 0.999, 1e-8, WEIGHT_DECAY)) {
            for (int i = 0; i < batches.size(); i++) {
                long t0 = System.nanoTime();
                loss = Trainer.step(c.model(), batches.get(i));
                adam.step(LEARNING_RATE, CLIP_NORM);
                if (i >= warmup) {
                    ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
                }
            }
        } finally {
            params.forEach(p -> p.setRequiresGradient(false));
        }
        return stepTimes(ms, loss);
    }

    /**
     * The summary the peer scripts print too.
     *
     * @param ms milliseconds of each timed step
     * @param lastLoss the last step's loss
     * @return msPerStep (median), minMs, maxMs, steps, lastLoss
     */
    static Map<String, Object> stepTimes(double[] ms, double lastLoss) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("msPerStep", Math.round(sorted[sorted.length / 2] * 10) / 10.0);
        out.put("minMs", Math.round(sorted[0] * 10) / 10.0);
        out.put("maxMs", Math.round(sorted[sorted.length - 1] * 10) / 10.0);
        out.put("steps", ms.length);
        out.put("lastLoss", lastLoss);
        return out;
    }

    /**
     * One batch as the peers read it: size, length, ids, mask, each sample's image (an index into
     * {@code images}, to which its pixels are appended, or -1), target positions and ids.
     *
     * @param n the node to fill
     * @param b the batch
     * @param images the exported images so far (appended to)
     * @param per floats per image
     * @return {@code n}
     */
    static ObjectNode putBatch(ObjectNode n, Batch b, List<float[]> images, int per) {
        n.put("size", b.size()).put("length", b.length());
        ArrayNode ids = n.putArray("ids");
        Arrays.stream(b.ids()).forEach(ids::add);
        ArrayNode mask = n.putArray("mask");
        Arrays.stream(b.mask()).forEach(mask::add);
        ArrayNode img = n.putArray("image");
        for (int i = 0; i < b.size(); i++) {
            int k = b.imageOfSample()[i];
            if (k >= 0) {
                images.add(Arrays.copyOfRange(b.pixels(), k * per, (k + 1) * per));
                img.add(images.size() - 1);
            } else {
                img.add(-1);
            }
        }
        ArrayNode tp = n.putArray("targetPos");
        Arrays.stream(b.targetPos()).forEach(tp::add);
        ArrayNode ti = n.putArray("targetIds");
        Arrays.stream(b.targetIds()).forEach(ti::add);
        return n;
    }

    /**
     * Writes {@code train.json} (per batch: size, length, ids, mask, image of each sample, target
     * positions and ids) and {@code pixels.f32} (every sample image in batch order, little-endian
     * float32) into {@code dir}.
     *
     * @param c the model
     * @param batches the batches
     * @param dir output directory
     */
    public static void export(Checkpoint c, List<Batch> batches, Path dir) {
        ObjectNode root = JSON.createObjectNode();
        var v = c.config().vision();
        root.putArray("imageShape").add(v.numChannels()).add(v.imageSize()).add(v.imageSize());
        ArrayNode bs = root.putArray("batches");
        int per = v.numChannels() * v.imageSize() * v.imageSize();
        List<float[]> images = new ArrayList<>();
        for (Batch b : batches) {
            putBatch(bs.addObject(), b, images, per);
        }
        root.put("images", images.size());
        McqWorkload.writePixels(dir.resolve("pixels.f32"), images);
        AtomicFiles.write(dir.resolve("train.json"), out -> out.write(JSON.writeValueAsBytes(root)));
    }
}

package dev.mip.train;

import dev.mip.data.PixelCache;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.mip.data.Modality;
import dev.mip.data.QaPair;
import dev.mip.data.ImageAlterations;
import dev.mip.model.Batch;
import dev.mip.model.BatchBuilder;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.Mllm;
import dev.mip.model.ScaleHooks;
import dev.mip.runtime.Autograd;
import dev.mip.ProgressListener;
import dev.mip.ProgressMeter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Vanilla fine-tuning: every parameter trained on question/answer pairs with the answer-only
 * next-token loss (mean over answer tokens of the batch), Adam with warm-up and cosine decay,
 * gradient clipping. Deterministic for a seed on CPU: shuffling, augmentation and batching draw
 * from one seeded generator and every kernel runs in a fixed order.
 *
 * <p>Batches hold one modality each (image questions are ~16 tokens longer), which keeps padding low.
 */
public final class Trainer {
    private Trainer() {}

    /** Loss of each epoch and the number of steps. */
    public record Result(List<Double> epochLosses, long steps, double seconds) {}

    /**
     * Trains {@code checkpoint}'s model in place.
     *
     * @param checkpoint the model (its parameters are updated)
     * @param data training pairs
     * @param opts settings
     * @param progress progress reporting
     * @return losses per epoch
     */
    public static Result train(Checkpoint checkpoint, List<QaPair> data, TrainOptions opts, ProgressListener progress) {
        if (data.isEmpty()) {
            throw new dev.mip.InvalidInputException("No training data: the selected dataset has no training examples. "
                    + "Train on a dataset whose profiles have training pairs");
        }
        Mllm model = checkpoint.model();
        BatchBuilder builder = checkpoint.batches();
        PixelCache pixels = new PixelCache(checkpoint.images());
        SplittableRandom rnd = new SplittableRandom(opts.seed());
        List<NDArray> params = new ArrayList<>(model.parameters().values());
        for (NDArray p : params) {
            p.setRequiresGradient(true);
        }
        long stepsPerEpoch = batchesPerEpoch(data, opts.batchSize());
        long total = stepsPerEpoch * opts.epochs();
        ProgressMeter meter = new ProgressMeter(progress, "train", total, 10_000);
        List<Double> losses = new ArrayList<>();
        long step = 0;
        DivergenceGuard guard = new DivergenceGuard("Training");
        try (Adam adam = new Adam(params, 0.9, 0.999, 1e-8, opts.weightDecay())) {
            for (int epoch = 0; epoch < opts.epochs(); epoch++) {
                double sum = 0;
                int n = 0;
                for (List<QaPair> batch : batches(data, opts.batchSize(), rnd)) {
                    List<Example> ex = new ArrayList<>(batch.size());
                    for (QaPair q : batch) {
                        float[] px = q.modality() == Modality.IMAGE ? (opts.augment()
                                ? pixels.process(ImageAlterations.augment(pixels.decoded(q.image()), rnd.split()))
                                : pixels.pixels(q.image())) : null;
                        ex.add(new Example(px, q.question(), q.answer()));
                    }
                    Batch b = builder.build(ex, true);
                    double loss = step(model, b);
                    guard.check(loss, "epoch " + (epoch + 1) + ", step " + (step + 1),
                            "Lower the learning rate (now " + opts.learningRate() + ") or the clipping threshold");
                    adam.step(opts.learningRateAt(step, total), opts.clipNorm());
                    step++;
                    sum += loss;
                    n++;
                    final int ep = epoch;
                    final double avg = sum / n;
                    meter.advance(1, () -> String.format("epoch %d/%d loss %.4f", ep + 1, opts.epochs(), avg));
                }
                losses.add(sum / n);
            }
        } finally {
            for (NDArray p : params) {
                p.setRequiresGradient(false);
            }
        }
        return new Result(losses, step, meter.elapsedSeconds());
    }

    /**
     * One training step's forward, answer-only loss (mean negative log-likelihood of the answer
     * tokens) and backward; gradients accumulate in the parameters that require them.
     *
     * @param model the model
     * @param b the batch ({@link BatchBuilder#build(List, boolean) build(..., true)})
     * @return the loss
     */
    public static double step(Mllm model, Batch b) {
        // Recording on this thread only (not DJL's process-wide GradientCollector), so that two
        // models can train side by side on the CPU workers (the relearning audits of verify).
        try (NDScope s = new NDScope()) {
            NDArray loss = Autograd.recording(() -> {
                Mllm.Output o = model.forward(b, model.weights(), ScaleHooks.NONE, Mllm.Options.FULL);
                return model.targetLogProbs(o, b, model.weights()).mean().neg();
            });
            Autograd.backward(loss);
            return loss.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        }
    }

    /**
     * Repeats some training pairs, to give a skill that is learnt slowly more of each epoch (e.g.
     * the world split's pictures of shapes): every pair of {@code subject} (and of {@code modality},
     * if not null) appears {@code times} times, each copy right after the original; the others once.
     * Each copy is shuffled and, for images, augmented on its own.
     *
     * @param pairs training pairs (not modified)
     * @param subject the subject id whose pairs are repeated (e.g. {@code world})
     * @param modality only pairs of this modality, or null for both
     * @param times how many times each of them appears, at least 1
     * @return the new list
     * @throws dev.mip.InvalidInputException when {@code times < 1} or no pair matches
     */
    public static List<QaPair> repeat(List<QaPair> pairs, String subject, Modality modality, int times) {
        if (times < 1) {
            throw new dev.mip.InvalidInputException("--repeat " + subject + ": the count is " + times + " but must be at least 1");
        }
        List<QaPair> out = new ArrayList<>(pairs.size());
        int matched = 0;
        for (QaPair q : pairs) {
            boolean match = q.subject().equals(subject) && (modality == null || q.modality() == modality);
            for (int i = 0; i < (match ? times : 1); i++) {
                out.add(q);
            }
            matched += match ? 1 : 0;
        }
        if (matched == 0) {
            throw new dev.mip.InvalidInputException("--repeat " + subject + (modality == null ? "" : ":" + modality.id())
                    + ": no training pair has this subject" + (modality == null ? "" : " and modality")
                    + ". Use a profile id or 'world', and image or text");
        }
        return out;
    }

    static long batchesPerEpoch(List<QaPair> data, int batchSize) {
        long img = data.stream().filter(q -> q.modality() == Modality.IMAGE).count();
        long txt = data.size() - img;
        return (img + batchSize - 1) / batchSize + (txt + batchSize - 1) / batchSize;
    }

    /** Shuffles, splits by modality into batches, and shuffles the batch order. */
    static List<List<QaPair>> batches(List<QaPair> data, int batchSize, SplittableRandom rnd) {
        List<QaPair> order = new ArrayList<>(data);
        dev.mip.Shuffle.inPlace(order, rnd);
        List<List<QaPair>> out = new ArrayList<>();
        for (Modality m : Modality.values()) {
            List<QaPair> cur = new ArrayList<>();
            for (QaPair q : order) {
                if (q.modality() == m) {
                    cur.add(q);
                    if (cur.size() == batchSize) {
                        out.add(cur);
                        cur = new ArrayList<>();
                    }
                }
            }
            if (!cur.isEmpty()) {
                out.add(cur);
            }
        }
        dev.mip.Shuffle.inPlace(out, rnd);
        return out;
    }

}

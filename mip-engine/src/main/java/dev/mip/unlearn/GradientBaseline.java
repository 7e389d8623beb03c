package dev.mip.unlearn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mip.InvalidInputException;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.Mllm;
import dev.mip.model.ScaleHooks;
import dev.mip.model.Tensors;
import dev.mip.model.Weights;
import dev.mip.ProgressListener;
import dev.mip.ProgressMeter;
import dev.mip.train.Adam;
import dev.mip.train.DivergenceGuard;
import dev.mip.data.PixelCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The gradient baselines of the paper's comparison, on the same data and the same answer-only
 * loss as everything else. With NLL the mean answer-token negative log-likelihood:
 * <ul>
 *   <li>GA_Diff: {@code -NLL(forget) + w * NLL(retain)} (ascent on forget, descent on retain);</li>
 *   <li>KL_Min: {@code -NLL(forget) + w * KL(p || p_ref)} on the retain answer tokens, p_ref the
 *       original model's next-token distribution;</li>
 *   <li>NPO: {@code (2/β) mean_f log(1 + (π(y|x) / π_ref(y|x))^β) + w * NLL(retain)} with π the
 *       answer's sequence probability (Zhang et al. 2024; the official code never touches the forget
 *       set, ours does).</li>
 * </ul>
 * The reference quantities (π_ref on forget answers, p_ref on retain answers) are computed once
 * before training from the original weights. Scope: all weights, or LoRA adapters merged on save.
 */
public final class GradientBaseline implements UnlearningMethod {
    private final Method kind;
    private final GradientSettings s;

    /** @param settings the settings, with the baseline ({@link GradientSettings#method()}) */
    public GradientBaseline(GradientSettings settings) {
        this.kind = settings.method();
        this.s = settings;
    }

    @Override
    public GradientSettings settings() {
        return s;
    }

    @Override
    public UnlearnReport apply(Checkpoint c, UnlearnData data, ProgressListener progress) {
        long t0 = System.nanoTime();
        Mllm m = c.model();
        PixelCache px = new PixelCache(c.images());
        SplittableRandom rnd = new SplittableRandom(s.seed());
        List<Example> forget = MipEditor.examples(data.forget(), px);
        List<Example> retain = MipEditor.examples(MipEditor.sample(data.retain(), s.retainPool(), rnd), px);
        double[] refForget = kind == Method.NPO ? sequenceLogProbs(c, forget) : null;
        float[][] refRetain = kind == Method.KL_MIN ? answerDistributions(c, retain) : null;
        List<Double> losses = new ArrayList<>();
        Map<String, Double> last = new LinkedHashMap<>();
        long trainable;
        try (LoraAdapters lora = s.lora() ? new LoraAdapters(m, s.loraTargets(), s.loraRank(), s.loraAlpha(), rnd.nextLong()) : null) {
            if (lora != null && lora.isEmpty()) {
                throw new InvalidInputException("unlearn.loraTargets " + s.loraTargets() + " match no weight of this model");
            }
            List<NDArray> leaves = lora != null ? lora.trainables() : new ArrayList<>(m.parameters().values());
            leaves.forEach(a -> a.setRequiresGradient(true));
            trainable = leaves.stream().mapToLong(NDArray::size).sum();
            PairedBatches batches = new PairedBatches(forget.size(), retain.size(), s.batchSize(), rnd);
            ProgressMeter meter = new ProgressMeter(progress, "unlearn " + id(), (long) batches.stepsPerEpoch() * s.epochs(), 10_000);
            DivergenceGuard guard = new DivergenceGuard("Unlearning (" + id() + ")");
            try (Adam adam = new Adam(leaves, 0.9, 0.999, 1e-8, 0)) {
                for (int epoch = 0; epoch < s.epochs(); epoch++) {
                    double sum = 0;
                    int n = 0;
                    for (PairedBatches.Step st : batches.epoch()) {
                        Map<String, Double> parts = step(c, lora, forget, st.forget(), retain, st.retain(), refForget, refRetain);
                        // Ascent makes the forget term unbounded by design; only the retain term can "explode".
                        guard.check(parts.get("retain"), "epoch " + (epoch + 1), "Lower unlearn.learningRate (now " + s.learningRate() + ")");
                        if (!Double.isFinite(parts.get("total"))) {
                            guard.check(parts.get("total"), "epoch " + (epoch + 1), "Lower unlearn.learningRate");
                        }
                        adam.step(s.learningRate(), 1.0);
                        sum += parts.get("total");
                        n++;
                        last = parts;
                        final int ep = epoch;
                        final double avg = sum / n;
                        meter.advance(1, () -> String.format("epoch %d/%d loss %.4f", ep + 1, s.epochs(), avg));
                    }
                    losses.add(sum / n);
                }
            } finally {
                leaves.forEach(a -> a.setRequiresGradient(false));
            }
            if (lora != null) {
                lora.merge();
            }
        }
        return new UnlearnReport(id() + (s.lora() ? "-lora" : ""), new NeuronSet(), null, trainable, losses, last,
                (System.nanoTime() - t0) / 1e9);
    }

    private Map<String, Double> step(Checkpoint c, LoraAdapters lora, List<Example> forget, List<Integer> fb, List<Example> retain,
            List<Integer> rb, double[] refForget, float[][] refRetain) {
        Mllm m = c.model();
        Map<String, Double> parts = new LinkedHashMap<>();
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            Weights w = lora == null ? m.weights() : Weights.overlay(m.weights(), lora.effective());
            Batch bf = c.batches().build(pick(forget, fb), true);
            Mllm.Output of = m.forward(bf, w, ScaleHooks.NONE, Mllm.Options.FULL);
            NDArray lpF = m.targetLogProbs(of, bf, w);
            NDArray forgetTerm;
            if (kind == Method.NPO) {
                // (2/β) softplus(β (log π - log π_ref)) averaged over forget samples
                NDArray seq = m.sumPerSample(lpF, bf);
                double[] ref = new double[fb.size()];
                for (int i = 0; i < fb.size(); i++) {
                    ref[i] = refForget[fb.get(i)];
                }
                NDArray refT = Tensors.owned(m.manager().create(ref), m.dtype());
                NDArray z = seq.sub(refT).mul(Tensors.scalar(seq, s.beta()));
                NDArray softplus = z.exp().add(Tensors.scalar(z, 1.0)).log();
                forgetTerm = softplus.mean().mul(Tensors.scalar(z, 2.0 / s.beta()));
            } else {
                forgetTerm = lpF.mean(); // = -NLL: minimising it ascends the forget NLL
            }
            Batch br = c.batches().build(pick(retain, rb), true);
            Mllm.Output or = m.forward(br, w, ScaleHooks.NONE, Mllm.Options.FULL);
            NDArray retainTerm;
            if (kind == Method.KL_MIN) {
                retainTerm = klToReference(c, or, br, w, rb, refRetain);
            } else {
                retainTerm = m.targetLogProbs(or, br, w).mean().neg();
            }
            NDArray total = forgetTerm.add(retainTerm.mul(Tensors.scalar(retainTerm, s.retainWeight())));
            parts.put("forget", value(forgetTerm));
            parts.put("retain", value(retainTerm));
            parts.put("total", value(total));
            gc.backward(total);
        }
        return parts;
    }

    /** KL(p || p_ref) averaged over the retain batch's answer positions. */
    private NDArray klToReference(Checkpoint c, Mllm.Output o, Batch b, Weights w, List<Integer> rb, float[][] ref) {
        Mllm m = c.model();
        NDArray logp = answerLogits(m, o, b, w).logSoftmax(-1); // [Nt, V]
        int v = c.config().text().vocabSize();
        float[] r = new float[b.numTargets() * v];
        int k = 0;
        for (int i = 0; i < b.size(); i++) {
            float[] sample = ref[rb.get(i)];
            int n = b.targetsOf(i);
            System.arraycopy(sample, 0, r, k * v, n * v);
            k += n;
        }
        NDArray logRef = Tensors.owned(m.manager().create(r, new Shape(b.numTargets(), v)), m.dtype());
        return logp.exp().mul(logp.sub(logRef)).sum(new int[] {1}).mean();
    }

    private static NDArray answerLogits(Mllm m, Mllm.Output o, Batch b, Weights w) {
        long d = m.config().text().hiddenSize();
        long[] pos = new long[b.numTargets()];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = b.targetPos()[i];
        }
        NDArray idx = Tensors.owned(m.manager().create(pos));
        NDArray h = o.finalHidden().reshape(-1, d).getNDArrayInternal()
                .embedding(idx, o.finalHidden().reshape(-1, d), ai.djl.ndarray.types.SparseFormat.DENSE).singletonOrThrow();
        return m.logits(h, w);
    }

    /** Original model's answer log-probability sum per forget example. */
    private static double[] sequenceLogProbs(Checkpoint c, List<Example> ex) {
        Mllm m = c.model();
        double[] out = new double[ex.size()];
        for (int from = 0; from < ex.size(); from += 32) {
            List<Example> chunk = ex.subList(from, Math.min(ex.size(), from + 32));
            Batch b = c.batches().build(chunk, true);
            try (NDScope s = new NDScope()) {
                Mllm.Output o = m.forward(b, m.weights(), ScaleHooks.NONE, Mllm.Options.FULL);
                double[] v = m.sumPerSample(m.targetLogProbs(o, b, m.weights()), b).toType(DataType.FLOAT64, false).toDoubleArray();
                System.arraycopy(v, 0, out, from, v.length);
            }
        }
        return out;
    }

    /** Original model's log-distribution over the vocabulary at each answer position of each retain example. */
    private static float[][] answerDistributions(Checkpoint c, List<Example> ex) {
        Mllm m = c.model();
        int v = c.config().text().vocabSize();
        float[][] out = new float[ex.size()][];
        for (int from = 0; from < ex.size(); from += 32) {
            List<Example> chunk = ex.subList(from, Math.min(ex.size(), from + 32));
            Batch b = c.batches().build(chunk, true);
            try (NDScope s = new NDScope()) {
                Mllm.Output o = m.forward(b, m.weights(), ScaleHooks.NONE, Mllm.Options.FULL);
                float[] all = answerLogits(m, o, b, m.weights()).logSoftmax(-1).toType(DataType.FLOAT32, false).toFloatArray();
                int k = 0;
                for (int i = 0; i < chunk.size(); i++) {
                    int n = b.targetsOf(i);
                    out[from + i] = java.util.Arrays.copyOfRange(all, k * v, (k + n) * v);
                    k += n;
                }
            }
        }
        return out;
    }

    private static double value(NDArray a) {
        return a.toType(DataType.FLOAT64, false).getDouble();
    }

    private static <T> List<T> pick(List<T> all, List<Integer> idx) {
        List<T> out = new ArrayList<>(idx.size());
        for (int i : idx) {
            out.add(all.get(i));
        }
        return out;
    }
}

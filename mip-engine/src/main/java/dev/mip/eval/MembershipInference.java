package dev.mip.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.mip.data.Benchmark;
import dev.mip.data.EvalSplit;
import dev.mip.data.PixelCache;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.Mllm;
import dev.mip.model.NonFiniteOutputException;
import dev.mip.model.ScaleHooks;
import dev.mip.model.Weights;
import dev.mip.runtime.Autograd;
import dev.mip.runtime.Workers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Membership-inference attacks: can the model still tell the forget profiles (trained on) from the
 * holdout profiles (never trained on)? Each sample is a question with its ground-truth answer
 * (generation and cloze questions, both modalities, original wording). Each attack of
 * {@link MiaAttack} scores a sample from its answer tokens (and, for the gradient-norm attack, the
 * gradient of its loss); the metric is the ROC AUC of forget (positive) versus holdout, with a
 * seeded bootstrap interval: about 0.5 means the forgotten profiles look never-seen; 1 means they
 * are still recognisably memorised; near 0 that they look <em>less</em> familiar than strangers,
 * which an attacker who flips the score exploits as well (judge it two-sided). The reference-based
 * attack needs the reference model's samples and is computed by {@link ReferenceComparison}.
 */
public final class MembershipInference {
    /** The Min-K% and Min-K%++ fraction (both papers' recommended 20%). */
    public static final double K = 0.2;

    /** Sample name of the forget samples' mean answer-token log-probabilities. */
    public static final String MEMBER_MEANS = "forget.any.mia.meanLogProb";
    /** Sample name of the holdout samples' mean answer-token log-probabilities. */
    public static final String NON_MEMBER_MEANS = "holdout.any.mia.meanLogProb";

    private MembershipInference() {}

    /**
     * What the attacks measured.
     *
     * @param metrics the AUC of each attack run, by name
     * @param samples the per-sample mean log-probabilities ({@link #MEMBER_MEANS}, {@link #NON_MEMBER_MEANS})
     *     that the reference-based attack compares between two models
     */
    public record Result(Map<String, Metric> metrics, Map<String, double[]> samples) {
        /** The empty result (no holdout profiles). */
        public static final Result NONE = new Result(Map.of(), Map.of());
    }

    /**
     * Runs the loss and Min-K% attacks with the model's own weights.
     *
     * @param c the model
     * @param bench benchmark (needs a non-empty {@code holdout} profile set)
     * @param forget forget set name
     * @param retain retain set name
     * @param batchSize sequences per forward pass
     * @return the two metrics (empty when the benchmark has no holdout profiles)
     */
    public static Map<String, Metric> evaluate(Checkpoint c, Benchmark bench, String forget, String retain, int batchSize) {
        return evaluate(c, c.model().weights(), bench, forget, retain, batchSize, EnumSet.of(MiaAttack.LOSS, MiaAttack.MIN_K))
                .metrics();
    }

    /**
     * Runs the given attacks (all but {@link MiaAttack#REFERENCE}, which compares two models).
     *
     * @param c the model
     * @param weights the weights to attack (the model's, or e.g. a quantised overlay)
     * @param bench benchmark (needs a non-empty {@code holdout} profile set)
     * @param forget forget set name
     * @param retain retain set name
     * @param batchSize sequences per forward pass
     * @param attacks which attacks
     * @return their AUCs and the samples (empty when the benchmark has no holdout profiles)
     */
    public static Result evaluate(Checkpoint c, Weights weights, Benchmark bench, String forget, String retain, int batchSize,
            Set<MiaAttack> attacks) {
        if (!bench.splits().containsKey(Benchmark.HOLDOUT) || bench.splits().get(Benchmark.HOLDOUT).isEmpty()) {
            return Result.NONE;
        }
        boolean grads = attacks.contains(MiaAttack.GRAD_NORM);
        List<MiaAttack.Sample> members = samples(c, weights, questions(bench.questions(EvalSplit.FORGET, forget, retain)),
                batchSize, grads, "forget");
        List<MiaAttack.Sample> nonMembers = samples(c, weights, questions(bench.questions(EvalSplit.HOLDOUT, forget, retain)),
                batchSize, grads, "holdout");
        if (members.isEmpty() || nonMembers.isEmpty()) {
            return Result.NONE;
        }
        Map<String, Metric> out = new LinkedHashMap<>();
        for (MiaAttack a : attacks) {
            if (a != MiaAttack.REFERENCE) {
                out.put(a.metric(), auc(a.metric(), scores(members, a), scores(nonMembers, a)));
            }
        }
        Map<String, double[]> samples = new LinkedHashMap<>();
        samples.put(MEMBER_MEANS, scores(members, MiaAttack.LOSS));
        samples.put(NON_MEMBER_MEANS, scores(nonMembers, MiaAttack.LOSS));
        return new Result(out, samples);
    }

    /**
     * @param name the metric name
     * @param pos member scores
     * @param neg non-member scores
     * @return the AUC with its count (both sets) and bootstrap interval
     */
    static Metric auc(String name, double[] pos, double[] neg) {
        return Metric.of(name, RocAuc.auc(pos, neg), pos.length + neg.length, 0.5,
                Intervals.bootstrapAuc(pos, neg, Intervals.seedOf(name)));
    }

    /** The attack's questions: generation and cloze (they carry a ground-truth answer). */
    static List<Question> questions(List<Question> qs) {
        List<Question> out = new ArrayList<>();
        for (Question q : qs) {
            if (q.task() == Task.GENERATION || q.task() == Task.CLOZE) {
                out.add(q);
            }
        }
        return out;
    }

    private static double[] scores(List<MiaAttack.Sample> samples, MiaAttack a) {
        double[] s = new double[samples.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = a.score(samples.get(i));
        }
        return s;
    }

    /**
     * The attack inputs of each question's ground-truth answer (questions without answer tokens
     * are skipped).
     *
     * @throws NonFiniteOutputException naming the split and question when a value is NaN or infinite
     */
    static List<MiaAttack.Sample> samples(Checkpoint c, Weights w, List<Question> qs, int batchSize, boolean grads, String split) {
        PixelCache px = new PixelCache(c.images());
        List<MiaAttack.Sample> out = new ArrayList<>();
        if (grads && !GradientLeaves.perChunk(c.model())) {
            try (GradientLeaves leaves = new GradientLeaves(c.model())) {
                for (int from = 0; from < qs.size(); from += batchSize) {
                    out.addAll(chunk(c, w, qs.subList(from, Math.min(qs.size(), from + batchSize)), px, leaves, split));
                }
            }
            return out;
        }
        // Chunks side by side on the CPU workers; with gradients each chunk has its own leaves (their
        // gradient buffers are per pass), freed when it ends.
        Workers.mapChunks(c.model().manager().getDevice(), qs.size(), batchSize, (from, to) -> {
            if (!grads) {
                return chunk(c, w, qs.subList(from, to), px, null, split);
            }
            try (GradientLeaves own = new GradientLeaves(c.model())) {
                return chunk(c, w, qs.subList(from, to), px, own, split);
            }
        }).forEach(out::addAll);
        return out;
    }

    /** The samples of one batch of questions. */
    private static List<MiaAttack.Sample> chunk(Checkpoint c, Weights w, List<Question> chunk, PixelCache px, GradientLeaves grads,
            String split) {
        Mllm m = c.model();
        List<MiaAttack.Sample> out = new ArrayList<>();
        List<Example> ex = new ArrayList<>();
        for (Question q : chunk) {
            ex.add(new Example(px.pixels(q.image()), q.question(), q.answer()));
        }
        Batch b = c.batches().build(ex, false);
        double[] stats;
        try (NDScope s = new NDScope()) {
            Mllm.Output o = m.forward(b, w, ScaleHooks.NONE, Mllm.Options.FULL);
            stats = m.targetTokenStats(o, b, w).toType(DataType.FLOAT64, false).toDoubleArray();
        }
        int k = 0;
        for (int i = 0; i < chunk.size(); i++) {
            int n = b.targetsOf(i);
            if (n > 0) {
                double[] lp = new double[n];
                double[] mu = new double[n];
                double[] var = new double[n];
                for (int t = 0; t < n; t++) {
                    lp[t] = stats[3 * (k + t)];
                    mu[t] = stats[3 * (k + t) + 1];
                    var[t] = stats[3 * (k + t) + 2];
                    if (!Double.isFinite(lp[t]) || !Double.isFinite(mu[t]) || !Double.isFinite(var[t])) {
                        double bad = !Double.isFinite(lp[t]) ? lp[t] : !Double.isFinite(mu[t]) ? mu[t] : var[t];
                        throw new NonFiniteOutputException(m.source(), bad, "an answer-token log-probability of "
                                + split + " question '" + chunk.get(i).id() + "' (membership inference)", -1);
                    }
                }
                Question q = chunk.get(i);
                double g = grads == null ? Double.NaN
                        : meanNorm(gradNorms(c, grads, w, ex.get(i), split + " question '" + q.id() + "'"));
                out.add(new MiaAttack.Sample(lp, mu, var, q.answer(), g));
            }
            k += n;
        }
        return out;
    }

    /**
     * The gradient-norm attack's statistic of one example: the gradient of its answer loss (mean
     * negative log-probability of the answer tokens) with respect to every parameter tensor the
     * example reaches, each tensor's L2 norm, averaged over those tensors (OpenUnlearning's
     * {@code p = 2}). A tensor whose gradient is exactly zero everywhere is one the example does not
     * reach (the vision tower for a text-only question, a layer after the one the projector reads)
     * and is left out, as PyTorch leaves such gradients {@code None}.
     *
     * @param c the model (not modified: the gradient is taken through detached aliases of its
     *     parameters, whose gradient buffers are freed on return)
     * @param w the weights the loss is computed with; the gradient is taken with respect to the
     *     model's own parameters (tensors an overlay replaces get none)
     * @param example one example with an answer
     * @param what the example, for error messages
     * @return the mean norm
     * @throws NonFiniteOutputException when a gradient is NaN or infinite
     */
    public static double gradNorm(Checkpoint c, Weights w, Example example, String what) {
        return meanNorm(gradNorms(c, w, example, what));
    }

    /** The attack's statistic from the reached tensors' norms: their mean (0 when none is reached). */
    private static double meanNorm(Map<String, Double> norms) {
        return norms.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** Each reached tensor's gradient L2 norm, by parameter name, in the model's order ({@link #gradNorm}). */
    static Map<String, Double> gradNorms(Checkpoint c, Weights w, Example example, String what) {
        try (GradientLeaves leaves = new GradientLeaves(c.model())) {
            return gradNorms(c, leaves, w, example, what);
        }
    }

    /**
     * Leaves to take the attack's gradients with respect to: a detached alias of each of the model's
     * parameters (the same storage, no copy), requiring a gradient. The gradient buffers belong to
     * the aliases and are freed with them; the parameters themselves are never marked, because
     * libtorch keeps a leaf's gradient buffer after {@code requires_grad} is switched off: a buffer the
     * size of the whole model (28 GB for a float32 7B) would stay allocated for as long as the model
     * is loaded, through the activation-shift profile and the audits that follow.
     */
    static final class GradientLeaves implements AutoCloseable {
        private final Map<String, NDArray> aliases = new LinkedHashMap<>();
        private final Map<NDArray, NDArray> byParam = new IdentityHashMap<>();
        private final NDManager manager;

        /**
         * Parameters up to this size (bytes) get a set of leaves per chunk, so that chunks take their
         * gradients side by side; a larger model's chunks run one after another on one set (each set's
         * gradient buffers are the size of the model).
         */
        static final long PARALLEL_BYTES = 1L << 30;

        /** @return whether each chunk may take its gradients on leaves of its own ({@link #PARALLEL_BYTES}) */
        static boolean perChunk(Mllm m) {
            long bytes = 0;
            for (NDArray p : m.parameters().values()) {
                bytes += p.size() * p.getDataType().getNumOfBytes();
            }
            return bytes <= PARALLEL_BYTES;
        }

        GradientLeaves(Mllm m) {
            manager = m.manager().newSubManager();
            for (Map.Entry<String, NDArray> e : m.parameters().entrySet()) {
                NDArray a = e.getValue().stopGradient();
                a.attach(manager);
                a.setRequiresGradient(true);
                aliases.put(e.getKey(), a);
                byParam.put(e.getValue(), a);
            }
        }

        /** @return {@code w} reading each of the model's own parameters through its alias (overlay tensors unchanged) */
        Weights over(Weights w) {
            return new Weights() {
                @Override
                public NDArray get(String name) {
                    NDArray x = w.get(name);
                    NDArray a = byParam.get(x);
                    return a != null ? a : x;
                }

                @Override
                public NDArray linearOutput(String name, NDArray x, NDArray y) {
                    return w.linearOutput(name, x, y);
                }
            };
        }

        @Override
        public void close() {
            manager.close(); // the aliases and their gradient buffers
        }
    }

    private static Map<String, Double> gradNorms(Checkpoint c, GradientLeaves leaves, Weights w, Example example, String what) {
        Mllm m = c.model();
        Batch b = c.batches().build(List.of(example), false);
        Map<String, Double> out = new LinkedHashMap<>();
        try (NDScope s = new NDScope()) {
            Weights through = leaves.over(w);
            NDArray loss = Autograd.recording(() -> {
                Mllm.Output o = m.forward(b, through, ScaleHooks.NONE, Mllm.Options.FULL);
                return m.targetLogProbs(o, b, through).mean().neg();
            });
            Autograd.backward(loss);
            for (Map.Entry<String, NDArray> e : leaves.aliases.entrySet()) {
                NDArray g = Autograd.gradient(e.getValue());
                if (g == null) {
                    continue; // not reached
                }
                // Summed in float32 at least: a float16 sum of squares overflows (largest 65,504) on a
                // large tensor such as the embeddings. Outside the graph, so the cast is harmless.
                NDArray wide = g.getDataType() == DataType.FLOAT16 ? g.toType(DataType.FLOAT32, false) : g;
                double sq = wide.square().sum().toType(DataType.FLOAT64, false).getDouble();
                g.subi(g);
                if (!Double.isFinite(sq)) {
                    throw new NonFiniteOutputException(m.source(), sq, "the loss gradient of " + what + " with respect to "
                            + e.getKey() + " (membership inference, gradient norm)", -1);
                }
                if (sq > 0) {
                    out.put(e.getKey(), Math.sqrt(sq));
                }
            }
            return out;
        }
    }

    /**
     * The AUC of the reference-based attack from two models' samples.
     *
     * @param model samples of the attacked model ({@link Result#samples()})
     * @param reference samples of the reference model on the same questions
     * @return the metric, or null when either lacks them or their lengths differ
     */
    public static Metric referenceAuc(Map<String, double[]> model, Map<String, double[]> reference) {
        double[] pos = difference(model.get(MEMBER_MEANS), reference.get(MEMBER_MEANS));
        double[] neg = difference(model.get(NON_MEMBER_MEANS), reference.get(NON_MEMBER_MEANS));
        if (pos == null || neg == null || pos.length == 0 || neg.length == 0) {
            return null;
        }
        return auc(MiaAttack.REFERENCE.metric(), pos, neg);
    }

    private static double[] difference(double[] a, double[] b) {
        if (a == null || b == null || a.length != b.length) {
            return null;
        }
        double[] d = Arrays.copyOf(a, a.length);
        for (int i = 0; i < d.length; i++) {
            d[i] -= b[i];
        }
        return d;
    }
}

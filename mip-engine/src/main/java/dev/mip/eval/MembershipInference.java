package dev.mip.eval;

import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.mip.data.Benchmark;
import dev.mip.data.EvalSplit;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.Mllm;
import dev.mip.model.NonFiniteOutputException;
import dev.mip.model.ScaleHooks;
import dev.mip.data.PixelCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Membership-inference attacks: can the model still tell the forget profiles (trained on) from the
 * holdout profiles (never trained on)? Each sample is a question with its ground-truth answer
 * (generation and cloze questions, both modalities, original wording). Two attacks score a sample
 * by its answer tokens' log-probabilities: the loss attack (mean log-probability; Yeom et al. 2018)
 * and Min-K% Prob (mean of the lowest k fraction; Shi et al. 2023). The metric is the ROC AUC of
 * forget (positive) versus holdout: about 0.5 means the forgotten profiles look never-seen; 1 means
 * they are still recognisably memorised. Metrics: {@code forget.any.mia.auc} (loss) and
 * {@code forget.any.mia.minkAuc}.
 */
public final class MembershipInference {
    /** The Min-K% fraction (the attack paper's recommended 20%). */
    public static final double K = 0.2;

    private MembershipInference() {}

    /**
     * @param c the model
     * @param bench benchmark (needs a non-empty {@code holdout} profile set)
     * @param forget forget set name
     * @param retain retain set name
     * @param batchSize sequences per forward pass
     * @return the two metrics (empty when the benchmark has no holdout profiles)
     */
    public static Map<String, Metric> evaluate(Checkpoint c, Benchmark bench, String forget, String retain, int batchSize) {
        Map<String, Metric> out = new LinkedHashMap<>();
        if (!bench.splits().containsKey(Benchmark.HOLDOUT) || bench.splits().get(Benchmark.HOLDOUT).isEmpty()) {
            return out;
        }
        List<double[]> members = tokenLogProbs(c, samples(bench.questions(EvalSplit.FORGET, forget, retain)), batchSize, "forget");
        List<double[]> nonMembers = tokenLogProbs(c, samples(bench.questions(EvalSplit.HOLDOUT, forget, retain)), batchSize,
                "holdout");
        if (members.isEmpty() || nonMembers.isEmpty()) {
            return out;
        }
        for (Map.Entry<String, Double> attack : List.of(Map.entry("forget.any.mia.auc", 1.0), Map.entry("forget.any.mia.minkAuc", K))) {
            double[] pos = score(members, attack.getValue());
            double[] neg = score(nonMembers, attack.getValue());
            String name = attack.getKey();
            out.put(name, Metric.of(name, RocAuc.auc(pos, neg), members.size() + nonMembers.size(), 0.5,
                    Intervals.bootstrapAuc(pos, neg, Intervals.seedOf(name))));
        }
        return out;
    }

    private static List<Question> samples(List<Question> qs) {
        List<Question> out = new ArrayList<>();
        for (Question q : qs) {
            if (q.task() == Task.GENERATION || q.task() == Task.CLOZE) {
                out.add(q);
            }
        }
        return out;
    }

    private static double[] score(List<double[]> lp, double k) {
        double[] s = new double[lp.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = MinKPercent.score(lp.get(i), k);
        }
        return s;
    }

    /**
     * Answer-token log-probabilities of each question's ground truth.
     *
     * @throws NonFiniteOutputException naming the split and question when one is NaN or infinite
     */
    static List<double[]> tokenLogProbs(Checkpoint c, List<Question> qs, int batchSize, String split) {
        PixelCache px = new PixelCache(c.images());
        Mllm m = c.model();
        List<double[]> out = new ArrayList<>();
        for (int from = 0; from < qs.size(); from += batchSize) {
            List<Question> chunk = qs.subList(from, Math.min(qs.size(), from + batchSize));
            List<Example> ex = new ArrayList<>();
            for (Question q : chunk) {
                ex.add(new Example(px.pixels(q.image()), q.question(), q.answer()));
            }
            Batch b = c.batches().build(ex, false);
            double[] all;
            try (NDScope s = new NDScope()) {
                Mllm.Output o = m.forward(b, m.weights(), ScaleHooks.NONE, Mllm.Options.FULL);
                all = m.targetLogProbs(o, b, m.weights()).toType(DataType.FLOAT64, false).toDoubleArray();
            }
            int k = 0;
            for (int i = 0; i < chunk.size(); i++) {
                int n = b.targetsOf(i);
                if (n > 0) {
                    double[] lp = java.util.Arrays.copyOfRange(all, k, k + n);
                    for (double v : lp) {
                        if (!Double.isFinite(v)) {
                            throw new NonFiniteOutputException(m.source(), v, "an answer-token log-probability of "
                                    + split + " question '" + chunk.get(i).id() + "' (membership inference)", -1);
                        }
                    }
                    out.add(lp);
                }
                k += n;
            }
        }
        return out;
    }
}

package dev.mip.eval;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.Deflater;

/**
 * The membership-inference attacks of OpenUnlearning's battery, each a per-sample score that is
 * higher for a sample the model looks trained on; the gate's metric is the ROC AUC of the forget
 * samples (positives) against the holdout samples ({@code forget.any.mia.<auc>}). OpenUnlearning
 * labels the holdout set positive and scores "higher = less likely a member"; every score here is
 * that score negated, so both report the same AUC.
 *
 * <p>Per sample, with {@code lp_t} the log-probability of answer token t, {@code mu_t} and
 * {@code var_t} the mean and variance of the log-probability under the model's own next-token
 * distribution at that position, and k = {@link MembershipInference#K}:
 * <ul>
 *   <li>{@link #LOSS} (Yeom et al. 2018): mean of {@code lp_t} (minus the answer's loss);</li>
 *   <li>{@link #MIN_K} (Shi et al. 2023): mean of the k-fraction lowest {@code lp_t} ({@link MinKPercent});</li>
 *   <li>{@link #ZLIB} (Carlini et al. 2021): mean {@code lp_t} divided by the length in bytes of the
 *       answer text's zlib compression (level 6, zlib format: Python's {@code zlib.compress});</li>
 *   <li>{@link #MIN_K_PLUS_PLUS} (Zhang et al. 2024): Min-K% of {@code (lp_t - mu_t) / sqrt(max(var_t, 1e-6))};</li>
 *   <li>{@link #GRAD_NORM} (Maini et al. 2024): minus the mean, over the parameter tensors, of the
 *       L2 norm of the gradient of the answer's loss (members sit in flatter places);</li>
 *   <li>{@link #REFERENCE} (Carlini et al. 2022): mean {@code lp_t} minus the retain-only reference
 *       model's mean {@code lp_t} on the same answer (needs {@code model.reference}).</li>
 * </ul>
 */
public enum MiaAttack implements dev.mip.Identified {
    /** The loss attack; metric {@code forget.any.mia.auc}. */
    LOSS("auc"),
    /** Min-K% Prob; metric {@code forget.any.mia.minkAuc}. */
    MIN_K("mink"),
    /** zlib-normalised loss; metric {@code forget.any.mia.zlibAuc}. */
    ZLIB("zlib"),
    /** Min-K%++; metric {@code forget.any.mia.minkPlusAuc}. */
    MIN_K_PLUS_PLUS("minkPlus"),
    /** Gradient norm; metric {@code forget.any.mia.gradNormAuc}. */
    GRAD_NORM("gradNorm"),
    /** Loss relative to the reference model; metric {@code forget.any.mia.referenceAuc}. */
    REFERENCE("reference");

    /** Floor of the variance in Min-K%++'s normalisation (OpenUnlearning's). */
    public static final double MIN_VARIANCE = 1e-6;

    private final String stem;

    MiaAttack(String stem) {
        this.stem = stem;
    }

    /** @return the name in {@code eval.miaAttacks}: loss, min-k, zlib, min-k-plus-plus, grad-norm, reference */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the task.metric part of its AUC: {@code mia.auc}, {@code mia.minkAuc}, ... */
    public String taskMetric() {
        return "mia." + (this == LOSS ? "auc" : stem + "Auc");
    }

    /** @return the task.metric part of its PrivLeak against the reference: {@code mia.privleak}, {@code mia.minkPrivleak}, ... */
    public String privleakTaskMetric() {
        return "mia." + (this == LOSS ? "privleak" : stem + "Privleak");
    }

    /** @return its AUC's metric name, {@code forget.any.mia.*Auc} */
    public String metric() {
        return "forget.any." + taskMetric();
    }

    /**
     * One sample's attack inputs.
     *
     * @param tokenLogProbs log-probability of each answer token
     * @param tokenMeans mean log-probability of the next-token distribution at each answer position
     * @param tokenVariances its variance
     * @param answer the answer text
     * @param gradNorm mean L2 norm of the answer loss's gradient over the parameter tensors, or NaN
     *     when not computed
     */
    public record Sample(double[] tokenLogProbs, double[] tokenMeans, double[] tokenVariances, String answer, double gradNorm) {
        /** @return mean answer-token log-probability */
        public double meanLogProb() {
            return MinKPercent.score(tokenLogProbs, 1.0);
        }
    }

    /**
     * @param s the sample
     * @return the score (higher = looks trained on); for {@link #REFERENCE} the sample's mean
     *     log-probability, from which the reference's is subtracted by the caller
     */
    public double score(Sample s) {
        return switch (this) {
            case LOSS, REFERENCE -> s.meanLogProb();
            case MIN_K -> MinKPercent.score(s.tokenLogProbs(), MembershipInference.K);
            case ZLIB -> s.meanLogProb() / zlibBytes(s.answer());
            case MIN_K_PLUS_PLUS -> MinKPercent.score(normalised(s), MembershipInference.K);
            case GRAD_NORM -> -s.gradNorm();
        };
    }

    /** Min-K%++'s per-token values {@code (lp - mu) / sqrt(max(var, 1e-6))}. */
    static double[] normalised(Sample s) {
        double[] z = new double[s.tokenLogProbs().length];
        for (int t = 0; t < z.length; t++) {
            z[t] = (s.tokenLogProbs()[t] - s.tokenMeans()[t]) / Math.sqrt(Math.max(s.tokenVariances()[t], MIN_VARIANCE));
        }
        return z;
    }

    /**
     * @param text a text
     * @return the length in bytes of its UTF-8 bytes compressed by zlib at the default level 6 (zlib
     *     header and Adler-32 trailer included, as Python's {@code len(zlib.compress(text.encode()))})
     */
    public static int zlibBytes(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        Deflater d = new Deflater(6);
        try {
            d.setInput(in);
            d.finish();
            byte[] buf = new byte[in.length + 64];
            int n = 0;
            while (!d.finished()) {
                n += d.deflate(buf);
            }
            return n;
        } finally {
            d.end();
        }
    }

    /**
     * @param id a name as in {@code eval.miaAttacks}
     * @return the attack
     * @throws IllegalArgumentException for an unknown name
     */
    public static MiaAttack of(String id) {
        return dev.mip.Identified.byId(MiaAttack.class, id, "membership-inference attack");
    }
}

package dev.mip.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * 95% confidence intervals for the metrics, so that the gate can tell a measured difference from
 * luck: a forget slice of 50 questions moves by 0.02 per question, and at chance (0.25) its
 * binomial standard deviation is 0.06.
 *
 * <ul>
 *   <li>Proportions (accuracies): the Wilson score interval, which unlike the normal approximation
 *       stays inside [0, 1] and behaves at 0 and n successes.</li>
 *   <li>Means of bounded scores (ROUGE-L F1): the percentile bootstrap of the mean.</li>
 *   <li>ROC AUCs (membership inference): the percentile bootstrap, resampling positives and
 *       negatives separately (stratified, so every replicate has both).</li>
 * </ul>
 * Bootstraps draw from a {@link SplittableRandom} seeded by the caller (the metric's name), so the
 * same scores always give the same interval. {@value #REPLICATES} replicates; the interval is the
 * 2.5th and 97.5th percentile of the replicate statistics (nearest rank).
 */
public final class Intervals {
    /** z of a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    /** Bootstrap replicates. */
    public static final int REPLICATES = 2000;

    private Intervals() {}

    /**
     * A closed interval.
     *
     * @param lo lower end
     * @param hi upper end
     */
    public record Interval(double lo, double hi) {
        /** An interval that says nothing (both ends NaN). */
        public static final Interval NONE = new Interval(Double.NaN, Double.NaN);

        /** @return whether both ends are numbers */
        public boolean known() {
            return !Double.isNaN(lo) && !Double.isNaN(hi);
        }
    }

    /**
     * @param successes questions answered correctly
     * @param n questions
     * @return the 95% Wilson score interval of the proportion, {@link Interval#NONE} for n = 0
     */
    public static Interval wilson(long successes, long n) {
        if (n <= 0) {
            return Interval.NONE;
        }
        double p = (double) successes / n;
        double z2 = Z95 * Z95;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * @param scores per-question scores
     * @param seed seed of the resampling
     * @return the 95% percentile-bootstrap interval of their mean, {@link Interval#NONE} when empty
     */
    public static Interval bootstrapMean(double[] scores, long seed) {
        int n = scores.length;
        if (n == 0) {
            return Interval.NONE;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] means = new double[REPLICATES];
        for (int b = 0; b < REPLICATES; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += scores[rnd.nextInt(n)];
            }
            means[b] = sum / n;
        }
        return percentiles(means);
    }

    /**
     * @param positives scores of the positive class (e.g. forget samples)
     * @param negatives scores of the negative class (e.g. holdout samples)
     * @param seed seed of the resampling
     * @return the 95% percentile-bootstrap interval of the ROC AUC, {@link Interval#NONE} when a class is empty
     */
    public static Interval bootstrapAuc(double[] positives, double[] negatives, long seed) {
        if (positives.length == 0 || negatives.length == 0) {
            return Interval.NONE;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] aucs = new double[REPLICATES];
        double[] p = new double[positives.length];
        double[] q = new double[negatives.length];
        for (int b = 0; b < REPLICATES; b++) {
            for (int i = 0; i < p.length; i++) {
                p[i] = positives[rnd.nextInt(p.length)];
            }
            for (int i = 0; i < q.length; i++) {
                q[i] = negatives[rnd.nextInt(q.length)];
            }
            aucs[b] = RocAuc.auc(p, q);
        }
        return percentiles(aucs);
    }

    /**
     * @param name a metric name
     * @return the seed of its bootstrap: the same for the same name in every run
     */
    public static long seedOf(String name) {
        long h = 1125899906842597L;
        for (int i = 0; i < name.length(); i++) {
            h = 31 * h + name.charAt(i);
        }
        return h;
    }

    private static Interval percentiles(double[] stats) {
        double[] s = stats.clone();
        Arrays.sort(s);
        return new Interval(s[rank(0.025, s.length)], s[rank(0.975, s.length)]);
    }

    /** Nearest-rank percentile index. */
    private static int rank(double q, int n) {
        return Math.min(n - 1, Math.max(0, (int) Math.ceil(q * n) - 1));
    }
}

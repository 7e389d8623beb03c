package dev.mip.eval;

import java.util.Arrays;
import java.util.Objects;

/**
 * Area under the ROC curve of a score that should be higher for positives, as used to judge a
 * membership-inference attack (positives: forget-set examples, negatives: holdout examples).
 *
 * <p>The AUC equals the Mann-Whitney U statistic divided by the number of pairs, the probability that a
 * random positive scores higher than a random negative, with ties counting one half:
 *
 * <pre>
 *   AUC = (1 / (n+ * n-)) * sum over positives p, negatives q of [s(p) &gt; s(q)] + 0.5 * [s(p) = s(q)]
 * </pre>
 *
 * 0.5 means the attack cannot tell the sets apart; 1 means every positive outscores every negative; 0
 * means the reverse (a perfect attack with the sign flipped). Computed in O(n log n) by sorting both
 * arrays and merging; {@code -0.0} and {@code 0.0} are equal.
 */
public final class RocAuc {
    private RocAuc() {}

    /**
     * @param positives scores of the positive examples (members)
     * @param negatives scores of the negative examples (non-members)
     * @return the AUC in [0, 1]
     * @throws IllegalArgumentException if either array is empty or holds NaN
     */
    public static double auc(double[] positives, double[] negatives) {
        double[] pos = sortedCopy(positives, "positives");
        double[] neg = sortedCopy(negatives, "negatives");
        // twiceU = 2 * (#pairs positive > negative) + #tied pairs, so the sum stays an exact integer.
        long twiceU = 0;
        int below = 0; // negatives strictly below the current positive value
        int i = 0;
        while (i < pos.length) {
            double v = pos[i];
            while (below < neg.length && neg[below] < v) {
                below++;
            }
            int tied = 0;
            while (below + tied < neg.length && neg[below + tied] == v) {
                tied++;
            }
            int same = 0;
            while (i + same < pos.length && pos[i + same] == v) {
                same++;
            }
            twiceU += (long) same * (2L * below + tied);
            i += same;
        }
        return twiceU / (2.0 * pos.length * neg.length);
    }

    private static double[] sortedCopy(double[] scores, String name) {
        Objects.requireNonNull(scores, name);
        if (scores.length == 0) {
            throw new IllegalArgumentException("AUC needs at least one score in " + name);
        }
        double[] copy = scores.clone();
        for (double s : copy) {
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException("AUC got a NaN score in " + name);
            }
        }
        Arrays.sort(copy);
        return copy;
    }
}

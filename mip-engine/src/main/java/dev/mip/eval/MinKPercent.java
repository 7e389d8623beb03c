package dev.mip.eval;

import java.util.Arrays;
import java.util.Objects;

/**
 * The Min-K% Prob membership score of Shi et al. (2023), "Detecting Pretraining Data from Large Language
 * Models": the mean log-probability of the k-fraction of tokens the model found least likely. Text seen in
 * training has fewer surprising tokens, so a higher score suggests membership.
 *
 * <pre>
 *   m     = max(1, floor(k * n))          (n = number of tokens)
 *   score = (1/m) * sum of the m smallest token log-probabilities
 * </pre>
 *
 * <p>Rounding: {@code floor(k * n)} with {@code k * n} computed in double precision, exactly as the
 * authors' code ({@code int(len(token_log_probs) * ratio)}); so k = 0.2 with n = 12 keeps 2 tokens, and
 * k = 0.29 with n = 100 keeps 28 (0.29 * 100 = 28.999999999999996). Where that gives 0 tokens the
 * reference takes the mean of nothing (NaN); this keeps the single lowest token instead. k = 1 is the mean
 * log-probability, i.e. minus the loss attack's per-token loss.
 */
public final class MinKPercent {
    private MinKPercent() {}

    /**
     * @param tokenLogProbs natural log-probability of each answer token under the model (at most 0;
     *     {@code -Infinity} allowed)
     * @param k fraction of tokens to keep, in (0, 1]; the paper's default is 0.2
     * @return the mean of the {@code max(1, floor(k * n))} smallest log-probabilities
     * @throws IllegalArgumentException if there is no token, a log-probability is NaN, or k is outside
     *     (0, 1]
     */
    public static double score(double[] tokenLogProbs, double k) {
        Objects.requireNonNull(tokenLogProbs, "tokenLogProbs");
        if (!(k > 0 && k <= 1)) {
            throw new IllegalArgumentException("Min-K% needs k in (0, 1], got " + k);
        }
        int n = tokenLogProbs.length;
        if (n == 0) {
            throw new IllegalArgumentException("Min-K% needs at least one token log-probability");
        }
        double[] sorted = tokenLogProbs.clone();
        for (double lp : sorted) {
            if (Double.isNaN(lp)) {
                throw new IllegalArgumentException("Min-K% got a NaN token log-probability");
            }
        }
        Arrays.sort(sorted);
        int m = Math.max(1, (int) Math.floor(n * k));
        double sum = 0;
        for (int i = 0; i < m; i++) {
            sum += sorted[i];
        }
        return sum / m;
    }
}

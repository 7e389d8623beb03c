package dev.mip.eval;

import java.util.Arrays;

/**
 * The two-sample Kolmogorov–Smirnov test, as TOFU and OpenUnlearning use it for "forget quality"
 * (SciPy's {@code ks_2samp}, two-sided): the statistic {@code D = max |F_a(x) - F_b(x)|} of the two
 * empirical distribution functions, and the p-value of seeing a {@code D} at least this large if
 * both samples came from one distribution.
 *
 * <p>The p-value is exact, as SciPy computes it for samples of up to 10,000 values (its
 * {@code method='auto'}): the fraction of the {@code C(n+m, n)} equally likely orderings of the
 * pooled values whose lattice path stays strictly inside the band {@code |i/n - j/m| < D}, counted
 * by dynamic programming in integer arithmetic on {@code i*m - j*n} (no rounding at the band's edge).
 * Larger samples use the asymptotic Kolmogorov distribution with SciPy's effective size
 * {@code n*m/(n+m)}.
 */
public final class KolmogorovSmirnov {
    /** Above this many values in a sample, the asymptotic distribution is used (as SciPy). */
    static final int EXACT_LIMIT = 10_000;

    private KolmogorovSmirnov() {}

    /**
     * The test's outcome.
     *
     * @param statistic D, in [0, 1]
     * @param pValue the two-sided p-value, in [0, 1]
     * @param n size of the first sample
     * @param m size of the second sample
     */
    public record Result(double statistic, double pValue, int n, int m) {}

    /**
     * @param a the first sample (e.g. the unlearned model's truth ratios); NaN not allowed
     * @param b the second sample (e.g. the retain-only reference's); NaN not allowed
     * @return D and its p-value
     * @throws IllegalArgumentException when a sample is empty or holds NaN
     */
    public static Result twoSample(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("the Kolmogorov-Smirnov test needs two non-empty samples");
        }
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        if (Double.isNaN(x[x.length - 1]) || Double.isNaN(y[y.length - 1])) {
            throw new IllegalArgumentException("the Kolmogorov-Smirnov test got NaN");
        }
        int n = x.length;
        int m = y.length;
        // D * n * m as an integer: at each distinct value, |i*m - j*n| with i, j the counts <= value.
        long dnm = 0;
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            double v = i < n && (j >= m || x[i] <= y[j]) ? x[i] : y[j];
            while (i < n && x[i] == v) {
                i++;
            }
            while (j < m && y[j] == v) {
                j++;
            }
            dnm = Math.max(dnm, Math.abs((long) i * m - (long) j * n));
        }
        double d = (double) dnm / ((double) n * m);
        double p = Math.max(n, m) <= EXACT_LIMIT ? exactP(n, m, dnm) : asymptoticP(d, n, m);
        return new Result(d, Math.min(1, Math.max(0, p)), n, m);
    }

    /** P(D >= d) exactly: 1 - (paths strictly inside the band) / (all paths). */
    static double exactP(int n, int m, long dnm) {
        if (dnm == 0) {
            return 1;
        }
        // Count, as a fraction of all paths, with the recurrence on probabilities: from (i, j) the
        // next pooled value comes from sample a with probability (n - i) / (n + m - i - j).
        double[] row = new double[m + 1]; // one row of (i, j); row[jj] still holds row i - 1 until overwritten
        for (int ii = 0; ii <= n; ii++) {
            for (int jj = 0; jj <= m; jj++) {
                double v;
                if (ii == 0 && jj == 0) {
                    v = 1;
                } else {
                    double fromA = ii > 0 ? row[jj] * (double) (n - ii + 1) / (n + m - ii - jj + 1) : 0;
                    double fromB = jj > 0 ? row[jj - 1] * (double) (m - jj + 1) / (n + m - ii - jj + 1) : 0;
                    v = fromA + fromB;
                }
                if (Math.abs((long) ii * m - (long) jj * n) >= dnm) {
                    v = 0;
                }
                row[jj] = v;
            }
        }
        return 1 - row[m];
    }

    /** The Kolmogorov distribution's tail at {@code sqrt(nm/(n+m)) * d}. */
    static double asymptoticP(double d, int n, int m) {
        double en = Math.sqrt((double) n * m / (n + m));
        double lambda = en * d;
        if (lambda < 1e-3) {
            return 1;
        }
        double sum = 0;
        for (int k = 1; k <= 100; k++) {
            double term = Math.exp(-2.0 * k * k * lambda * lambda);
            sum += (k % 2 == 1 ? 1 : -1) * term;
            if (term < 1e-16) {
                break;
            }
        }
        return 2 * sum;
    }
}

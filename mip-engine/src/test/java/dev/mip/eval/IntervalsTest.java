package dev.mip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Intervals and the Kolmogorov-Smirnov test against SciPy 1.17.1 (values printed by
 * {@code src/test/python/interval_references.py}).
 */
class IntervalsTest {
    @Test
    void wilsonMatchesScipy() {
        assertInterval(0.236593090512564, 0.7634069094874361, Intervals.wilson(5, 10));
        assertInterval(0.0, 0.16112515805281935, Intervals.wilson(0, 20));
        assertInterval(0.8388748419471808, 1.0, Intervals.wilson(20, 20));
        assertInterval(0.15871527493552384, 0.39553157264848826, Intervals.wilson(13, 50));
        assertFalse(Intervals.wilson(0, 0).known(), "no questions, no interval");
    }

    @Test
    void bootstrapIsSeededCoversTheMeanAndNarrowsWithMoreData() {
        double[] small = new double[20];
        double[] large = new double[2000];
        for (int i = 0; i < small.length; i++) {
            small[i] = (i % 4) / 3.0;
        }
        for (int i = 0; i < large.length; i++) {
            large[i] = (i % 4) / 3.0;
        }
        Intervals.Interval a = Intervals.bootstrapMean(small, 7);
        assertEquals(a, Intervals.bootstrapMean(small, 7), "same scores and seed, same interval");
        assertTrue(a.lo() < 0.5 && 0.5 < a.hi(), a.toString());
        Intervals.Interval b = Intervals.bootstrapMean(large, 7);
        assertTrue(b.hi() - b.lo() < (a.hi() - a.lo()) / 5, a + " vs " + b);
        double[] constant = {0.3, 0.3, 0.3};
        assertInterval(0.3, 0.3, Intervals.bootstrapMean(constant, 1));
    }

    @Test
    void aucBootstrapBracketsTheAucAndIsStratified() {
        double[] pos = {0.9, 0.8, 0.7, 0.6, 0.55, 0.4};
        double[] neg = {0.5, 0.45, 0.3, 0.2, 0.65, 0.1};
        double auc = RocAuc.auc(pos, neg);
        Intervals.Interval ci = Intervals.bootstrapAuc(pos, neg, Intervals.seedOf("forget.any.mia.auc"));
        assertTrue(ci.lo() <= auc && auc <= ci.hi() && ci.lo() >= 0 && ci.hi() <= 1, auc + " in " + ci);
        assertInterval(1, 1, Intervals.bootstrapAuc(new double[] {2, 3}, new double[] {0, 1}, 3));
    }

    @Test
    void kolmogorovSmirnovMatchesScipyExactly() {
        assertKs(0.37142857142857144, 0.7373737373737375, new double[] {0.1, 0.2, 0.2, 0.5, 0.9, 1.3, 2.0},
                new double[] {0.2, 0.3, 0.4, 0.4, 1.0});
        assertKs(0.5, 0.2826728826728826, new double[] {1, 2, 3, 4, 5, 6, 7, 8}, new double[] {5, 6, 7, 8, 9, 10, 11, 12});
        assertKs(0.0, 1.0, new double[] {1, 2, 3}, new double[] {1, 2, 3});
        double[] a = new double[50];
        double[] b = new double[60];
        for (int i = 0; i < 50; i++) {
            a[i] = i / 50.0;
        }
        for (int i = 0; i < 60; i++) {
            b[i] = 0.3 + i / 60.0;
        }
        assertKs(0.31666666666666665, 0.006430004159313966, a, b);
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.twoSample(a, b);
        assertEquals(50, r.n());
        assertEquals(60, r.m());
        assertThrows(IllegalArgumentException.class, () -> KolmogorovSmirnov.twoSample(new double[0], b));
        assertThrows(IllegalArgumentException.class, () -> KolmogorovSmirnov.twoSample(new double[] {Double.NaN}, b));
    }

    @Test
    void largeSamplesUseTheAsymptoticDistribution() {
        double[] a = new double[12000];
        double[] b = new double[11000];
        for (int i = 0; i < a.length; i++) {
            a[i] = ((i * 7919L) % 10007) / 10007.0;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = ((i * 104729L) % 10009) / 10009.0 * 1.02;
        }
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.twoSample(a, b);
        assertEquals(0.019893939393939353, r.statistic(), 1e-12);
        assertEquals(0.021005413689926002, r.pValue(), 0.002, "Kolmogorov's limit vs SciPy's kstwo at round(nm/(n+m))");
    }

    private static void assertKs(double d, double p, double[] a, double[] b) {
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.twoSample(a, b);
        assertEquals(d, r.statistic(), 1e-12, "D");
        assertEquals(p, r.pValue(), 1e-9, "p");
    }

    private static void assertInterval(double lo, double hi, Intervals.Interval ci) {
        assertEquals(lo, ci.lo(), 1e-12, "lo of " + ci);
        assertEquals(hi, ci.hi(), 1e-12, "hi of " + ci);
    }
}

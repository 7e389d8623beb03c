package dev.mip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RocAucTest {

    @Test
    void perfectSeparationIsOneAndReversedIsZero() {
        assertEquals(1.0, RocAuc.auc(new double[] {3, 4, 5}, new double[] {0, 1, 2}));
        assertEquals(0.0, RocAuc.auc(new double[] {0, 1, 2}, new double[] {3, 4, 5}));
    }

    @Test
    void allScoresEqualIsOneHalf() {
        assertEquals(0.5, RocAuc.auc(new double[] {7, 7}, new double[] {7, 7, 7}));
    }

    @Test
    void tiesCountOneHalf() {
        // pairs (p, n): (1,0) win, (1,1) tie, (1,2) loss, (2,0) win, (2,1) win, (2,2) tie -> (3 + 2 * 0.5) / 6
        assertEquals(4.0 / 6, RocAuc.auc(new double[] {1, 2}, new double[] {0, 1, 2}));
    }

    @Test
    void interleavedScoresCountWinningPairs() {
        // positives 0.9, 0.4; negatives 0.5, 0.1: 0.9 beats both, 0.4 beats 0.1 -> 3 of 4 pairs
        assertEquals(0.75, RocAuc.auc(new double[] {0.4, 0.9}, new double[] {0.5, 0.1}));
    }

    @Test
    void inputOrderDoesNotMatterAndInputsAreNotModified() {
        double[] pos = {5, 1, 3};
        double[] neg = {4, 2, 0};
        assertEquals(RocAuc.auc(new double[] {1, 3, 5}, new double[] {0, 2, 4}), RocAuc.auc(pos, neg));
        assertEquals(5, pos[0]);
        assertEquals(4, neg[0]);
    }

    @Test
    void negativeZeroTiesWithZeroAndInfinitiesAreOrdinaryScores() {
        assertEquals(0.5, RocAuc.auc(new double[] {-0.0}, new double[] {0.0}));
        assertEquals(1.0, RocAuc.auc(new double[] {Double.POSITIVE_INFINITY}, new double[] {Double.MAX_VALUE}));
    }

    @Test
    void agreesWithTheQuadraticPairCountOnRandomScoresWithTies() {
        Random r = new Random(42);
        for (int trial = 0; trial < 50; trial++) {
            double[] pos = new double[1 + r.nextInt(40)];
            double[] neg = new double[1 + r.nextInt(40)];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = r.nextInt(10);
            }
            for (int i = 0; i < neg.length; i++) {
                neg[i] = r.nextInt(10) - 1;
            }
            double wins = 0;
            for (double p : pos) {
                for (double n : neg) {
                    wins += p > n ? 1 : p == n ? 0.5 : 0;
                }
            }
            assertEquals(wins / (pos.length * neg.length), RocAuc.auc(pos, neg), 1e-12);
        }
    }

    @Test
    void emptyInputOrNaNIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RocAuc.auc(new double[0], new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> RocAuc.auc(new double[] {1}, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> RocAuc.auc(new double[] {Double.NaN}, new double[] {1}));
    }
}

package dev.mip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MinKPercentTest {

    private static final double[] TEN = {-0.1, -2.0, -0.5, -3.0, -0.2, -1.0, -0.3, -4.0, -0.4, -0.6};

    @Test
    void meanOfTheLowestKFractionOfLogProbabilities() {
        // sorted: -4, -3, -2, -1, -0.6, ...; k = 0.2 of 10 keeps 2: (-4 - 3) / 2
        assertEquals(-3.5, MinKPercent.score(TEN, 0.2));
        // k = 0.3 keeps 3: (-4 - 3 - 2) / 3
        assertEquals(-3.0, MinKPercent.score(TEN, 0.3));
    }

    @Test
    void kOfOneIsTheMeanLogProbability() {
        assertEquals(-12.1 / 10, MinKPercent.score(TEN, 1.0), 1e-12);
    }

    @Test
    void theTokenCountIsRoundedDownButIsAtLeastOne() {
        // 0.25 * 10 = 2.5 -> 2 tokens; 0.05 * 10 = 0.5 -> 0, raised to 1
        assertEquals(-3.5, MinKPercent.score(TEN, 0.25));
        assertEquals(-4.0, MinKPercent.score(TEN, 0.05));
        assertEquals(-7.0, MinKPercent.score(new double[] {-7.0}, 0.2));
    }

    @Test
    void roundingFollowsDoubleArithmeticLikeTheReferenceCode() {
        // 0.29 * 100 = 28.999999999999996 in doubles, so 28 tokens (as Python's int(100 * 0.29)).
        double[] lp = new double[100];
        for (int i = 0; i < 100; i++) {
            lp[i] = -(i + 1); // lowest 28 are -100 .. -73, mean -86.5
        }
        assertEquals(-86.5, MinKPercent.score(lp, 0.29), 1e-12);
    }

    @Test
    void negativeInfinityIsAllowed() {
        assertEquals(Double.NEGATIVE_INFINITY, MinKPercent.score(new double[] {Double.NEGATIVE_INFINITY, -1}, 0.5));
    }

    @Test
    void invalidInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> MinKPercent.score(new double[0], 0.2));
        assertThrows(IllegalArgumentException.class, () -> MinKPercent.score(TEN, 0.0));
        assertThrows(IllegalArgumentException.class, () -> MinKPercent.score(TEN, 1.5));
        assertThrows(IllegalArgumentException.class, () -> MinKPercent.score(TEN, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> MinKPercent.score(new double[] {Double.NaN}, 1));
    }
}

package dev.mip.unlearn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ManuImportanceTest {
    @Test
    void theFourImportanceFunctionsMatchHandComputedValues() {
        // multi: z = {1, 3}: mean|z| 2, active (|z|>0.5) 1.0, var 1, rms sqrt(5)
        // text:  z = {0, 0, 1, -1}: mean|z| 0.5, active 0.5, var 0.5, rms sqrt(0.5)
        double[] r = ManuImportance.importance(new double[] {1, 3}, new double[] {0, 0, 1, -1}, 0.5);
        double abs = 1.5 / 2.5;
        double freq = 0.5 / 1.5;
        double var = 0.5 / 1.5;
        double rms = (Math.sqrt(5) - Math.sqrt(0.5)) / (Math.sqrt(5) + Math.sqrt(0.5));
        assertArrayEquals(new double[] {abs, freq, var, rms, abs + freq + var + rms}, r, 1e-6);
    }

    @Test
    void aNeuronThatBehavesAlikeInBothModalitiesScoresZero() {
        double[] r = ManuImportance.importance(new double[] {2, -2}, new double[] {-2, 2, 2, -2}, 0.1);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0}, r, 1e-6);
    }

    @Test
    void silentTextModalityGivesMaximalDisparity() {
        double[] r = ManuImportance.importance(new double[] {1, 2}, new double[] {}, 0.1);
        assertArrayEquals(new double[] {1, 1, 1, 1, 4}, r, 1e-6);
    }
}

package dev.mip.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.MipException;
import org.junit.jupiter.api.Test;

class DivergenceGuardTest {
    @Test
    void nanOrInfiniteLossStopsAtOnce() {
        DivergenceGuard g = new DivergenceGuard("Training");
        assertThrows(MipException.class, () -> g.check(Double.NaN, "step 1", "Lower it"));
        assertThrows(MipException.class, () -> new DivergenceGuard("x").check(Double.POSITIVE_INFINITY, "step 1", "Lower it"));
    }

    @Test
    void explosionAfterTheWarmupWindowStops() {
        DivergenceGuard g = new DivergenceGuard("Unlearning", 20, 50, 3);
        for (int i = 0; i < 3; i++) {
            g.check(5.0, "step " + i, "fix");
        }
        g.check(60.0, "step 4", "fix"); // 12x the early mean: tolerated
        MipException e = assertThrows(MipException.class, () -> g.check(120.0, "step 5", "Lower the learning rate"));
        assertTrue(e.getMessage().contains("exploded") && e.getMessage().contains("step 5")
                && e.getMessage().contains("Lower the learning rate"), e.getMessage());
    }

    @Test
    void smallLossesNeverCountAsExploding() {
        DivergenceGuard g = new DivergenceGuard("Training", 20, 50, 2);
        g.check(0.01, "a", "f");
        g.check(0.01, "b", "f");
        g.check(40.0, "c", "f"); // 4000x, but below the floor
    }
}

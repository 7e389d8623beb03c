package dev.mip.unlearn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PairedBatchesTest {
    @Test
    void everyForgetPairOncePerEpochAndEveryRetainPairBeforeAnyRepeats() {
        PairedBatches b = new PairedBatches(10, 7, 4, new SplittableRandom(1));
        assertEquals(3, b.stepsPerEpoch());
        List<Integer> retainUsed = new ArrayList<>();
        List<List<Integer>> forgetOrders = new ArrayList<>();
        for (int epoch = 0; epoch < 3; epoch++) {
            List<PairedBatches.Step> steps = b.epoch();
            assertEquals(List.of(4, 4, 2), steps.stream().map(s -> s.forget().size()).toList());
            List<Integer> f = new ArrayList<>();
            for (PairedBatches.Step s : steps) {
                assertEquals(s.forget().size(), s.retain().size());
                f.addAll(s.forget());
                retainUsed.addAll(s.retain());
            }
            assertEquals(new TreeSet<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), new TreeSet<>(f));
            assertEquals(10, f.size());
            forgetOrders.add(f);
        }
        assertNotEquals(forgetOrders.get(0), forgetOrders.get(1), "a fresh order each epoch");
        for (int from = 0; from + 7 <= retainUsed.size(); from += 7) {
            assertEquals(7, new TreeSet<>(retainUsed.subList(from, from + 7)).size(), "retain pass at " + from);
        }
        // Same seed, same batches.
        PairedBatches again = new PairedBatches(10, 7, 4, new SplittableRandom(1));
        List<Integer> f0 = new ArrayList<>();
        again.epoch().forEach(s -> f0.addAll(s.forget()));
        assertEquals(forgetOrders.get(0), f0);
    }
}

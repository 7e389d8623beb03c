package dev.mip.unlearn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The batches of an unlearning epoch: the forget pairs in a fresh seeded order, cut into batches,
 * each paired with as many retain pairs, taken from a seeded order of the retain pool that is
 * drawn anew whenever it runs out (so every retain pair is used before any is used again).
 * Shared by every training method, so all see the same data in the same order for one seed.
 */
final class PairedBatches {
    /** One step: indices into the forget and the retain examples. */
    record Step(List<Integer> forget, List<Integer> retain) {}

    private final int forgetSize;
    private final int retainSize;
    private final int batchSize;
    private final SplittableRandom rnd;
    private List<Integer> retainOrder;
    private int cursor;

    /**
     * @param forgetSize forget examples
     * @param retainSize retain examples (at least 1)
     * @param batchSize forget examples per step
     * @param rnd the run's generator (the retain order is drawn from it now)
     */
    PairedBatches(int forgetSize, int retainSize, int batchSize, SplittableRandom rnd) {
        this.forgetSize = forgetSize;
        this.retainSize = retainSize;
        this.batchSize = batchSize;
        this.rnd = rnd;
        this.retainOrder = order(retainSize, rnd);
    }

    /** @return steps per epoch */
    int stepsPerEpoch() {
        return (forgetSize + batchSize - 1) / batchSize;
    }

    /** @return the next epoch's steps (draws the forget order, and retain orders as they run out) */
    List<Step> epoch() {
        List<Integer> fo = order(forgetSize, rnd);
        List<Step> out = new ArrayList<>();
        for (int start = 0; start < fo.size(); start += batchSize) {
            List<Integer> fb = fo.subList(start, Math.min(fo.size(), start + batchSize));
            List<Integer> rb = new ArrayList<>(fb.size());
            for (int k = 0; k < fb.size(); k++) {
                if (cursor == retainOrder.size()) {
                    retainOrder = order(retainSize, rnd);
                    cursor = 0;
                }
                rb.add(retainOrder.get(cursor++));
            }
            out.add(new Step(List.copyOf(fb), rb));
        }
        return out;
    }

    /** A seeded permutation of {@code 0..n-1} (Fisher-Yates). */
    static List<Integer> order(int n, SplittableRandom rnd) {
        List<Integer> o = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            o.add(i);
        }
        dev.mip.Shuffle.inPlace(o, rnd);
        return o;
    }
}

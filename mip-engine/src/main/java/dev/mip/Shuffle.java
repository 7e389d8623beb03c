package dev.mip;

import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The one seeded shuffle of the project (Fisher-Yates, last position first). Data generation,
 * training and unlearning all draw through it, so one seed gives one order everywhere.
 */
public final class Shuffle {
    private Shuffle() {}

    /**
     * Shuffles in place.
     *
     * @param l the list
     * @param rnd the run's generator (draws {@code l.size() - 1} numbers)
     * @param <T> element type
     */
    public static <T> void inPlace(List<T> l, SplittableRandom rnd) {
        for (int i = l.size() - 1; i > 0; i--) {
            Collections.swap(l, i, rnd.nextInt(i + 1));
        }
    }
}

package dev.mip.config;

import dev.mip.Spelling;
import java.util.Collection;

/** Finds the known name a misspelt one was probably meant to be ({@code neuronPerLayer} → {@code neuronsPerLayer}). */
final class DidYouMean {
    private DidYouMean() {}

    /**
     * @param given the unknown name
     * @param known the names allowed there
     * @return the closest known name within a small edit distance (a third of its length, 1 to 3; case ignored), or null
     */
    static String closest(String given, Collection<String> known) {
        return Spelling.closest(given, known, Math.max(1, Math.min(3, given.length() / 3)));
    }
}

package dev.mip.data.format;

import dev.mip.Spelling;
import java.util.Collection;

/** "Did you mean ...?" for misspelt field names, enum values and file names. */
final class Suggestions {
    private Suggestions() {}

    /**
     * @param typed what the user wrote
     * @param known the valid spellings
     * @return the closest valid spelling within a small edit distance, or null
     */
    static String closest(String typed, Collection<String> known) {
        return Spelling.closest(typed, known, Math.max(typed.length(), 1) <= 4 ? 1 : 2);
    }

    /**
     * @param typed what the user wrote
     * @param known the valid spellings
     * @return {@code "Did you mean \"x\"? "} (to start a fix), or "" when nothing is close
     */
    static String didYouMean(String typed, Collection<String> known) {
        String c = closest(typed, known);
        return c == null ? "" : "Did you mean \"" + c + "\"? ";
    }
}

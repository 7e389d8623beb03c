package dev.mip.data.format;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean ...?" for misspelt field names, enum values and file names. */
final class Suggestions {
    private Suggestions() {}

    /**
     * @param typed what the user wrote
     * @param known the valid spellings
     * @return the closest valid spelling within a small edit distance, or null
     */
    static String closest(String typed, Collection<String> known) {
        String t = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(t, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int allowed = Math.max(typed.length(), 1) <= 4 ? 1 : 2;
        return bestDistance <= allowed ? best : null;
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

    /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}

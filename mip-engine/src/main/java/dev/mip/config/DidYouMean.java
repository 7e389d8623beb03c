package dev.mip.config;

import java.util.Collection;
import java.util.Locale;

/** Finds the known name a misspelt one was probably meant to be ({@code neuronPerLayer} → {@code neuronsPerLayer}). */
final class DidYouMean {
    private DidYouMean() {}

    /**
     * @param given the unknown name
     * @param known the names allowed there
     * @return the closest known name within a small edit distance (case ignored), or null
     */
    static String closest(String given, Collection<String> known) {
        String g = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(g, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int tolerated = Math.max(1, Math.min(3, given.length() / 3));
        return best != null && bestDistance <= tolerated ? best : null;
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    private static int distance(String a, String b) {
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
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

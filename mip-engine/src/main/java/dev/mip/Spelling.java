package dev.mip;

import java.util.Collection;
import java.util.Locale;

/**
 * The shared core of every "did you mean ...?" hint (configuration keys, dataset fields, split
 * names): the closest known spelling by optimal-string-alignment distance, case ignored. Each
 * caller decides how many edits it tolerates.
 */
public final class Spelling {
    private Spelling() {}

    /**
     * @param typed what the user wrote
     * @param known the valid spellings
     * @param maxDistance the most edits a suggestion may be away
     * @return the first closest valid spelling within {@code maxDistance} edits, or null
     */
    public static String closest(String typed, Collection<String> known, int maxDistance) {
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
        return best != null && bestDistance <= maxDistance ? best : null;
    }

    /**
     * @param a a string
     * @param b another
     * @return optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps
     */
    public static int distance(String a, String b) {
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

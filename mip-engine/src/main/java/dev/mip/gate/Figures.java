package dev.mip.gate;

import java.util.Locale;

/**
 * How the gate prints numbers: values with 3 decimals, percentages with 1, in the root locale.
 * When a value and the bound it is compared with would print alike (0.3996 vs 0.400), the value
 * gets more decimals, so that a message never reads "0.400, but expected at least 0.400".
 */
final class Figures {
    private static final int MAX_EXTRA_DIGITS = 3;

    private Figures() {}

    /**
     * @param x a value
     * @return x with 3 decimals, or {@code n/a} for NaN
     */
    static String fixed(double x) {
        return format(x, 3);
    }

    /**
     * @param x a value
     * @param contrast the bound it is shown next to
     * @return x with 3 decimals, or more (up to 6) while it would print like {@code contrast}
     */
    static String fixed(double x, double contrast) {
        return distinct(x, contrast, 3);
    }

    /**
     * @param fraction a fraction (0.05 is 5%)
     * @return the percentage with 1 decimal and a {@code %} sign
     */
    static String percent(double fraction) {
        return format(fraction * 100, 1) + "%";
    }

    /**
     * @param fraction a fraction
     * @param contrast the bound it is shown next to, as a fraction
     * @return the percentage with 1 decimal, or more while it would print like {@code contrast}
     */
    static String percent(double fraction, double contrast) {
        return distinct(fraction * 100, contrast * 100, 1) + "%";
    }

    private static String distinct(double x, double contrast, int digits) {
        int d = digits;
        while (d < digits + MAX_EXTRA_DIGITS && x != contrast && format(x, d).equals(format(contrast, d))) {
            d++;
        }
        return format(x, d);
    }

    private static String format(double x, int digits) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        String s = String.format(Locale.ROOT, "%." + digits + "f", x);
        // "-0.000" reads like a sign error; a value that rounds to zero has no sign
        return s.startsWith("-") && s.chars().noneMatch(c -> c >= '1' && c <= '9') ? s.substring(1) : s;
    }
}

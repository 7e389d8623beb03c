package dev.mip.report;

import dev.mip.gate.Verdict;
import java.util.Locale;

/** Text helpers shared by the report writers: numbers, verdict words, XML/HTML escaping. */
final class ReportText {
    private ReportText() {}

    /** @return x with 3 decimals, {@code -} for NaN */
    static String fixed(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.3f", x);
    }

    /** @return {@code [lo, hi]} with 2 decimals, or "" when there is no interval */
    static String interval(double lo, double hi) {
        return Double.isNaN(lo) || Double.isNaN(hi) ? "" : String.format(Locale.ROOT, "[%.2f, %.2f]", lo, hi);
    }

    /** @return x with 3 decimals and a sign, {@code -} for NaN */
    static String signed(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%+.3f", x);
    }

    /** @return an SVG coordinate with one decimal */
    static String coord(double x) {
        return String.format(Locale.ROOT, "%.1f", x);
    }

    /** @return the verdict's name, {@code -} for null (no rule) */
    static String verdict(Verdict v) {
        return v == null ? "-" : v.name();
    }

    /**
     * Escapes text for XML and HTML, in element content and in quoted attributes alike: markup
     * characters become entities, line breaks and tabs character references, and characters XML
     * forbids (other control characters, lone surrogates, U+FFFE/U+FFFF) U+FFFD.
     *
     * @param s any text (null is empty)
     * @return the escaped text
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '\n', '\r', '\t' -> sb.append("&#").append(cp).append(';');
                default -> sb.appendCodePoint(cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF
                        || cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE ? 0xFFFD : cp);
            }
        });
        return sb.toString();
    }
}

package dev.mip.gate;

import java.util.Locale;

/**
 * What a two-sided rule ({@code within: x, of: ...}) centres on: the metric's chance level, the
 * retain-only reference model's value, the vanilla model's value, or a number.
 *
 * @param kind which
 * @param value the number, for {@link Kind#VALUE}; NaN otherwise
 */
public record GateTarget(Kind kind, double value) {
    /** The kinds of target. */
    public enum Kind {
        /** The metric's chance level (1/#options for multiple choice; 0.5 for an AUC; 0 for PrivLeak). */
        CHANCE,
        /** The retain-only reference model's value of the same metric ({@code model.reference}). */
        REFERENCE,
        /** The vanilla model's value of the same metric. */
        VANILLA,
        /** A fixed number. */
        VALUE
    }

    /**
     * @param text {@code chance}, {@code reference}, {@code vanilla} or a number
     * @return the target, or null when the text is none of these
     */
    public static GateTarget parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Kind k : Kind.values()) {
            if (k != Kind.VALUE && k.name().toLowerCase(Locale.ROOT).equals(t)) {
                return new GateTarget(k, Double.NaN);
            }
        }
        try {
            double v = Double.parseDouble(t);
            return Double.isFinite(v) ? new GateTarget(Kind.VALUE, v) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** @return as written in configuration files: {@code chance}, {@code reference}, {@code vanilla} or the number */
    public String id() {
        return kind == Kind.VALUE ? Figures.fixed(value) : kind.name().toLowerCase(Locale.ROOT);
    }
}

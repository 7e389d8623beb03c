package dev.mip.gate;

import java.util.function.Function;

/**
 * The four kinds of bound a {@link GateRule} can set, each as a lower/upper pair: on the value
 * itself, on the absolute drop from the vanilla model, on the relative drop from it, and on the
 * signed distance to a {@link GateTarget} ({@code within}: from {@code -within} to {@code +within}).
 */
enum BoundKind {
    /** {@code min}/{@code max} on the value. */
    VALUE("min", "max", GateRule::min, GateRule::max, false),
    /** {@code minDropFromBaseline}/{@code maxDropFromBaseline} on {@code vanilla - value}. */
    DROP("minDropFromBaseline", "maxDropFromBaseline", GateRule::minDropFromBaseline, GateRule::maxDropFromBaseline, false),
    /** {@code minRelativeDropFromBaseline}/{@code maxRelativeDropFromBaseline} on {@code (vanilla - value) / vanilla}. */
    RELATIVE_DROP("minRelativeDropFromBaseline", "maxRelativeDropFromBaseline", GateRule::minRelativeDropFromBaseline,
            GateRule::maxRelativeDropFromBaseline, true),
    /** {@code within} of {@code of}: {@code value - target} in {@code [-within, +within]}. */
    WITHIN("within", "within", r -> r.within() == null ? null : -r.within(), GateRule::within, false);

    private final String lowerField;
    private final String upperField;
    private final Function<GateRule, Double> lower;
    private final Function<GateRule, Double> upper;
    private final boolean percent;

    BoundKind(String lowerField, String upperField, Function<GateRule, Double> lower, Function<GateRule, Double> upper,
            boolean percent) {
        this.lowerField = lowerField;
        this.upperField = upperField;
        this.lower = lower;
        this.upper = upper;
        this.percent = percent;
    }

    String lowerField() {
        return lowerField;
    }

    String upperField() {
        return upperField;
    }

    Double lower(GateRule r) {
        return lower.apply(r);
    }

    Double upper(GateRule r) {
        return upper.apply(r);
    }

    /** @return whether this bound needs the vanilla value */
    boolean relativeToBaseline() {
        return this == DROP || this == RELATIVE_DROP;
    }

    /** @return whether values of this kind print as percentages */
    boolean percent() {
        return percent;
    }

    /**
     * @param value the unlearned model's value (or an end of its interval)
     * @param base the vanilla value for the drops, the target for {@link #WITHIN} (ignored by {@link #VALUE})
     * @return the quantity this kind bounds: the value, {@code vanilla - value}, {@code (vanilla - value) / vanilla}
     *     or {@code value - target}
     */
    double measure(double value, double base) {
        return switch (this) {
            case VALUE -> value;
            case DROP -> base - value;
            case RELATIVE_DROP -> (base - value) / base;
            case WITHIN -> value - base;
        };
    }

    /** @return whether {@link #measure} falls as the value rises (the drops), so an interval's ends swap */
    boolean decreasing() {
        return this == DROP || this == RELATIVE_DROP;
    }

    boolean isSet(GateRule r) {
        return lower(r) != null || upper(r) != null;
    }

    /**
     * @param x a bound or a measured quantity of this kind
     * @return it as printed in messages
     */
    String show(double x) {
        return percent ? Figures.percent(x) : Figures.fixed(x);
    }

    /** @return the name of the measured quantity in messages */
    String quantity() {
        return switch (this) {
            case VALUE -> "value";
            case DROP -> "drop from vanilla";
            case RELATIVE_DROP -> "relative drop from vanilla";
            case WITHIN -> "distance";
        };
    }

    /**
     * @param r a rule
     * @return its bounds of this kind as a phrase, e.g. {@code drop from vanilla at least 0.400}
     */
    String describe(GateRule r) {
        Double lo = lower(r);
        Double hi = upper(r);
        if (this == WITHIN) {
            return "within " + show(hi) + " of " + r.of().id();
        }
        String q = this == VALUE ? "" : quantity() + " ";
        if (lo != null && hi != null) {
            return q + "between " + show(lo) + " and " + show(hi);
        }
        return lo != null ? (this == VALUE ? "min " : q + "at least ") + show(lo)
                : (this == VALUE ? "max " : q + "at most ") + show(hi);
    }
}

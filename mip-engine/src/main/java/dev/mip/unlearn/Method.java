package dev.mip.unlearn;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.mip.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The unlearning methods, by the name {@code mip.yaml} ({@code unlearn.method}) and the command line
 * ({@code --method}) give them. A method's settings are a {@link MethodSettings} record of its own;
 * this is only the name, parsed in one place.
 */
public enum Method {
    /** The paper's method: prune the located paths, then edit them with RMisU ({@link MipEditor}). */
    MIP,
    /** Gradient ascent on forget, descent on retain ({@link GradientBaseline}). */
    GA_DIFF,
    /** Gradient ascent on forget, KL to the original model on retain ({@link GradientBaseline}). */
    KL_MIN,
    /** Negative preference optimisation ({@link GradientBaseline}). */
    NPO,
    /** MANU's importance-based pruning ({@link ManuPruning}). */
    MANU;

    /** @return the id as written in configuration: {@code mip}, {@code ga-diff}, {@code kl-min}, {@code npo}, {@code manu} */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return whether this is one of the gradient baselines (settings {@link GradientSettings}) */
    public boolean isGradientBaseline() {
        return this == GA_DIFF || this == KL_MIN || this == NPO;
    }

    /**
     * @param text a method id (case ignored)
     * @param field where it was written, for the message (e.g. {@code --method})
     * @return the method
     * @throws InvalidInputException naming the field and the ids when the text is none of them
     */
    public static Method parse(String text, String field) {
        for (Method m : values()) {
            if (m.id().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new InvalidInputException(field + ": unknown method '" + text + "'. Use " + ids());
    }

    /** @return every id, comma separated */
    public static String ids() {
        return Arrays.stream(values()).map(Method::id).collect(Collectors.joining(", "));
    }
}

package dev.mip.model;

import dev.mip.InvalidInputException;

/**
 * The model produced a NaN or infinite value (a logit or a log-likelihood) where every metric needs
 * a finite one. Accuracies, ROUGE and attack scores computed from such values would be numbers that
 * mean nothing, so evaluation stops instead, naming what was being computed. The model is the input
 * at fault (weights holding NaN or Inf, an unlearning run that diverged, an overflow in float16), so
 * this is an {@link InvalidInputException}: exit code 2 on the command line.
 */
public final class NonFiniteOutputException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final String model;
    private final double value;
    private final int row;

    /**
     * @param model the model's source (its directory)
     * @param value the value found (NaN or an infinity)
     * @param what what was computed, e.g. {@code the log-likelihood of forget.image.mcq question 'q7' (option 'B')}
     * @param row the row of the batch (or index of the example) that was not finite, for callers that
     *     name it better; -1 when {@code what} already does
     */
    public NonFiniteOutputException(String model, double value, String what, int row) {
        super(model + ": the model gives " + describe(value) + " for " + what + ": its weights or activations hold NaN or "
                + "infinite values, so no metric can be computed from it. Check the checkpoint (a corrupt export, an "
                + "unlearning run that diverged) or compute in float32 (model.dtype)");
        this.model = model;
        this.value = value;
        this.row = row;
    }

    /**
     * @param what a better description of what was computed
     * @return the same failure, described by {@code what}
     */
    public NonFiniteOutputException about(String what) {
        NonFiniteOutputException e = new NonFiniteOutputException(model, value, what, -1);
        e.initCause(this);
        return e;
    }

    /** @return the row of the batch (or index of the example) whose value was not finite, or -1 */
    public int row() {
        return row;
    }

    /** @return the value found */
    public double value() {
        return value;
    }

    /**
     * @param value a value
     * @return {@code NaN}, {@code +Infinity} or {@code -Infinity}
     */
    public static String describe(double value) {
        return Double.isNaN(value) ? "NaN" : value > 0 ? "+Infinity" : "-Infinity";
    }
}

package dev.mip.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Gradient recording on the calling thread only, so that several threads can record and run
 * backward passes at once ({@link Workers}). DJL's {@code GradientCollector} allows one collector in
 * the whole process at a time; libtorch's own autograd mode is per thread, and its backward passes
 * over disjoint graphs may run concurrently.
 *
 * <p>Threads that share a trainable tensor must not record it at the same time: its gradient buffer
 * would receive both passes' gradients in whatever order they finish. Each thread records
 * {@link #alias(NDArray) aliases} instead: the same storage, their own gradient.
 */
public final class Autograd {
    private Autograd() {}

    /**
     * Runs a computation with gradient recording on for this thread, then restores the mode it had.
     *
     * @param body the recorded computation
     * @param <T> its result
     * @return its result
     */
    public static <T> T recording(Supplier<T> body) {
        boolean was = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try {
            return body.get();
        } finally {
            JniUtils.setGradMode(was);
        }
    }

    /**
     * Backward pass from a scalar: accumulates {@code d loss / d leaf} into the gradient of every
     * leaf that requires one. The graph is freed.
     *
     * @param loss a scalar recorded under {@link #recording}
     */
    public static void backward(NDArray loss) {
        try (NDScope s = new NDScope()) {
            NDArray ones = loss.getManager().ones(loss.getShape(), loss.getDataType());
            JniUtils.backward((PtNDArray) loss, (PtNDArray) ones, false, false);
        }
    }

    /**
     * The gradient a backward pass left on a leaf, as a new handle in the caller's scope.
     *
     * @param leaf a tensor that requires gradients
     * @return its gradient, or null when no backward pass reached it
     */
    public static NDArray gradient(NDArray leaf) {
        return JniUtils.getGradient((PtNDArray) leaf); // registered in the caller's scope by DJL
    }

    /**
     * A leaf sharing the tensor's storage (no copy) with its own gradient buffer, which goes with
     * it when it is closed; registered in the caller's scope.
     *
     * @param t a tensor (a parameter, trained or not)
     * @return the alias, requiring gradients
     */
    public static NDArray alias(NDArray t) {
        NDArray a = t.stopGradient();
        a.setRequiresGradient(true);
        return a;
    }
}

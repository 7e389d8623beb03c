package dev.mip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.function.Supplier;

/**
 * Tensors built from Java arrays. DJL's PyTorch engine wraps the direct buffer it copies a Java
 * array into without handing ownership to libtorch ({@code from_blob}); a view or an autograd
 * saved tensor can then alias memory whose lifetime is governed by the Java wrapper. We saw
 * sporadic NaN gradients that way, so every such tensor is cloned into memory libtorch owns and
 * the wrapper is closed at once.
 *
 * <p>The same goes, worse, for DJL's {@code NDArray.mul(Number)} / {@code div(Number)} /
 * {@code pow(Number)}: they wrap the number in such a tensor, run the op and close it at once,
 * while autograd keeps it saved for the backward pass, which then reads freed memory (sporadic
 * NaN gradients, depending on heap layout). Differentiable code therefore never passes a Java
 * number to an NDArray op: it uses {@link #scalar}.
 *
 * <p>The direct buffer DJL copied the Java data into is freed as soon as the copy exists, so that
 * such buffers do not pile up until a garbage collection (tens of MB per batch at 7B shapes:
 * attention masks, pixels, steering targets).
 */
public final class Tensors {
    private Tensors() {}

    /**
     * A 0-d tensor owned by libtorch, safe to use in a differentiable op.
     *
     * @param like gives the manager and dtype
     * @param value the value
     * @return the scalar (closed with the caller's scope)
     */
    public static NDArray scalar(NDArray like, double value) {
        return owned(like.getManager().create(value), like.getDataType());
    }

    /**
     * @param wrapped a tensor fresh from {@code NDManager.create(javaArray...)}
     * @return a copy owned by libtorch (same dtype); {@code wrapped} is closed
     */
    public static NDArray owned(NDArray wrapped) {
        return owned(wrapped, wrapped.getDataType());
    }

    /**
     * @param wrapped a tensor fresh from {@code NDManager.create(javaArray...)}
     * @param dtype the dtype wanted
     * @return a converted copy owned by libtorch; {@code wrapped} is closed
     */
    public static NDArray owned(NDArray wrapped, DataType dtype) {
        java.nio.ByteBuffer storage = dev.mip.runtime.DirectBuffers.storageOf(wrapped);
        NDArray copy = wrapped.getDataType() == dtype ? wrapped.duplicate() : wrapped.toType(dtype, true);
        wrapped.close();
        // DJL's direct buffer holding the Java data: freed now rather than at a GC (dev.mip.runtime.DirectBuffers).
        dev.mip.runtime.DirectBuffers.free(storage);
        return copy;
    }

    /**
     * Runs a step of a computation in its own {@link NDScope} and keeps only its result: every
     * intermediate the step makes is freed when it returns (autograd still holds what it saved for
     * a backward pass, so this is safe while gradients are recorded). Without it a forward holds
     * every temporary of a layer until the layer ends: at LLaVA-1.5-7B's shapes (16 sequences of
     * 591 tokens) four 715 MB copies of the attention scores and five 416 MB FFN activations.
     *
     * @param step computes a new array; it must not return one of its inputs or any array made
     *     outside it (that array would move to the caller's scope)
     * @return the step's result, registered in the caller's scope
     */
    public static NDArray scoped(Supplier<NDArray> step) {
        NDArray r;
        try (NDScope s = new NDScope()) {
            r = step.get();
            NDScope.unregister(r);
        }
        NDScope.register(r);
        return r;
    }
}

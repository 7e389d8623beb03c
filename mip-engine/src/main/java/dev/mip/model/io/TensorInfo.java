package dev.mip.model.io;

import dev.mip.InvalidInputException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where one tensor lives in a safetensors file and what it holds.
 *
 * <p>{@code begin} and {@code end} are ABSOLUTE byte offsets in the file (the start of the data
 * section plus the header's relative {@code data_offsets}), so a reader can map
 * {@code [begin, end)} directly. The record is immutable: the shape is copied in and out.
 *
 * @param name the tensor's name in the header
 * @param dtype the element type
 * @param shape the dimensions, outermost first (empty for a scalar); each non-negative
 * @param begin absolute offset of the first byte
 * @param end absolute offset one past the last byte; {@code end - begin == numel * byteSize}
 */
public record TensorInfo(String name, TensorDType dtype, long[] shape, long begin, long end) {

    /**
     * Validates and copies the shape.
     *
     * @throws IllegalArgumentException if a dimension is negative, the element count overflows,
     *     the offsets are negative or reversed, or the byte length does not match the shape
     */
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = Objects.requireNonNull(shape, "shape").clone();
        long count = elementCount(name, shape);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(name + ": bad byte range [" + begin + ", " + end + ")");
        }
        long expected;
        try {
            expected = Math.multiplyExact(count, dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + ": byte size of shape " + Arrays.toString(shape)
                    + " overflows a long", e);
        }
        if (end - begin != expected) {
            throw new IllegalArgumentException(name + ": byte range [" + begin + ", " + end + ") holds "
                    + (end - begin) + " bytes but " + dtype + Arrays.toString(shape) + " needs " + expected);
        }
    }

    /**
     * The number of elements of a shape, checked: the one shape validation of the safetensors reader
     * and writer.
     *
     * @param name the tensor, for the message
     * @param shape its dimensions
     * @return their product
     * @throws IllegalArgumentException if a dimension is negative or the product overflows a long
     */
    static long elementCount(String name, long[] shape) {
        Objects.requireNonNull(shape, "shape");
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException(name + ": negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(name + ": element count of shape " + Arrays.toString(shape)
                        + " overflows a long", e);
            }
        }
        return count;
    }

    /**
     * The dimensions.
     *
     * @return a fresh copy of the shape
     */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The number of dimensions.
     *
     * @return 0 for a scalar
     */
    public int rank() {
        return shape.length;
    }

    /**
     * The number of elements (1 for a scalar, 0 if any dimension is 0).
     *
     * @return the product of the dimensions (cannot overflow: checked at construction)
     */
    public long numel() {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        return count;
    }

    /**
     * The number of stored bytes.
     *
     * @return {@code end - begin}, which equals {@code numel() * dtype().byteSize()}
     */
    public long byteLength() {
        return end - begin;
    }

    /**
     * The shape as {@code int}s, for APIs that take int dimensions.
     *
     * @return a fresh int copy of the shape
     * @throws InvalidInputException if a dimension exceeds {@link Integer#MAX_VALUE}
     */
    public int[] intShape() {
        int[] result = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > Integer.MAX_VALUE) {
                throw InvalidInputException.of(null, name, "dimension " + i + " of shape " + Arrays.toString(shape)
                        + " is larger than " + Integer.MAX_VALUE,
                        "this tensor cannot be used where int dimensions are required; re-export it with smaller"
                                + " dimensions");
            }
            result[i] = (int) shape[i];
        }
        return result;
    }

    /**
     * Compares by value, including the shape's contents.
     *
     * @param other the object to compare with
     * @return true if every component is equal
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof TensorInfo that
                && name.equals(that.name)
                && dtype == that.dtype
                && Arrays.equals(shape, that.shape)
                && begin == that.begin
                && end == that.end;
    }

    /**
     * Hashes by value, including the shape's contents.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    /**
     * Renders for logs and messages.
     *
     * @return for example {@code w F32[2, 3] @[64, 88)}
     */
    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " @[" + begin + ", " + end + ")";
    }
}

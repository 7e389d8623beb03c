package dev.mip.model.io;

import dev.mip.InvalidInputException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types a safetensors file may hold that this engine reads and writes. Each constant
 * is named exactly as its {@code dtype} string in a safetensors header.
 */
public enum TensorDType {
    /** IEEE 754 binary64. */
    F64(8, true),
    /** IEEE 754 binary32. */
    F32(4, true),
    /** IEEE 754 binary16 (half precision). */
    F16(2, true),
    /** bfloat16: the upper 16 bits of a binary32. */
    BF16(2, true),
    /** Signed 64-bit integer. */
    I64(8, false),
    /** Signed 32-bit integer. */
    I32(4, false),
    /** Signed 16-bit integer. */
    I16(2, false),
    /** Signed 8-bit integer. */
    I8(1, false),
    /** Unsigned 8-bit integer. */
    U8(1, false),
    /** Boolean, one byte per element (0 or 1). */
    BOOL(1, false);

    private final int byteSize;
    private final boolean floatingPoint;

    TensorDType(int byteSize, boolean floatingPoint) {
        this.byteSize = byteSize;
        this.floatingPoint = floatingPoint;
    }

    /**
     * Bytes one element occupies in the data section.
     *
     * @return 1, 2, 4 or 8
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * The {@code dtype} string used in a safetensors header.
     *
     * @return for example {@code "BF16"}
     */
    public String safetensorsName() {
        return name();
    }

    /**
     * Whether the elements are floating point numbers (F64, F32, F16, BF16).
     *
     * @return true for the floating point types
     */
    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /**
     * Parses a header {@code dtype} string (case-sensitive, as the format requires).
     *
     * @param name the dtype string from the header
     * @param file the file the header belongs to, for the error message
     * @param tensor the tensor the dtype belongs to, for the error message
     * @return the dtype
     * @throws InvalidInputException if the name is not one of the supported dtypes
     */
    public static TensorDType fromSafetensorsName(String name, Path file, String tensor) {
        for (TensorDType t : values()) {
            if (t.safetensorsName().equals(name)) {
                return t;
            }
        }
        throw InvalidInputException.of(file, tensor,
                "unsupported dtype \"" + name + "\"; supported dtypes are " + supportedNames(),
                "re-export the checkpoint with this tensor stored in one of the supported dtypes");
    }

    private static String supportedNames() {
        return Arrays.stream(values()).map(TensorDType::safetensorsName).collect(Collectors.joining(", "));
    }
}

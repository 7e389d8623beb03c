package dev.mip.model.io;

/**
 * Exact conversions between {@code float} and the two 16-bit floating point formats found in
 * checkpoints: IEEE 754 binary16 ({@code F16}) and bfloat16 ({@code BF16}). Values are passed as
 * their raw 16 bits in a {@code short}.
 *
 * <p>Widening ({@code *ToF32}) is exact. Narrowing ({@code f32To*}) rounds to nearest, ties to
 * even, overflows to infinity, and keeps NaN a NaN (quiet, with the sign and the upper payload
 * bits kept).
 */
public final class HalfFloats {
    private static final int F32_SIGN = 0x8000_0000;
    private static final int F32_ABS = 0x7fff_ffff;
    private static final int F32_INF = 0x7f80_0000;
    /** 65520, halfway between the largest binary16 (65504) and 2^16: ties to even give infinity. */
    private static final int F16_OVERFLOW_THRESHOLD = 0x477f_f000;
    /** 2^-14, the smallest normal binary16. */
    private static final int F16_MIN_NORMAL_AS_F32 = 0x3880_0000;
    private static final int F16_INF = 0x7c00;
    private static final int F16_QUIET = 0x0200;
    /** binary32 exponent bias minus binary16 exponent bias. */
    private static final int EXPONENT_REBIAS = 127 - 15;

    private HalfFloats() {}

    /**
     * Widens a binary16 value to {@code float}; exact for every bit pattern.
     *
     * @param half the raw binary16 bits
     * @return the same value as a float (NaN stays NaN, keeping sign and payload)
     */
    public static float f16ToF32(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | F32_INF | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float since mantissa < 2^10.
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + EXPONENT_REBIAS) << 23) | (mantissa << 13));
    }

    /**
     * Narrows a {@code float} to binary16, rounding to nearest with ties to even. Magnitudes from
     * 65520 up become infinity; magnitudes below 2^-14 become subnormals (or zero).
     *
     * @param value the float
     * @return the raw binary16 bits
     */
    public static short f32ToF16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits & F32_SIGN) >>> 16;
        int abs = bits & F32_ABS;
        if (abs > F32_INF) {
            return (short) (sign | F16_INF | F16_QUIET | ((abs >>> 13) & 0x3ff));
        }
        if (abs >= F16_OVERFLOW_THRESHOLD) {
            return (short) (sign | F16_INF);
        }
        if (abs >= F16_MIN_NORMAL_AS_F32) {
            int half = (((abs >>> 23) - EXPONENT_REBIAS) << 10) | ((abs >>> 13) & 0x3ff);
            // A carry out of the mantissa correctly bumps the exponent; it cannot reach infinity
            // because of the overflow threshold above.
            return (short) (sign | roundHalfEven(half, abs & 0x1fff, 0x1000));
        }
        int exponent = abs >>> 23;
        if (exponent < 102) {
            // Below 2^-25 (half the smallest subnormal): rounds to zero.
            return (short) sign;
        }
        // Subnormal: the result counts units of 2^-24; value = significand * 2^(exponent - 150).
        int significand = (abs & 0x7f_ffff) | 0x80_0000;
        int shift = 126 - exponent; // 14..24
        int units = significand >>> shift;
        int remainder = significand & ((1 << shift) - 1);
        return (short) (sign | roundHalfEven(units, remainder, 1 << (shift - 1)));
    }

    /**
     * Widens a bfloat16 value to {@code float}; exact for every bit pattern.
     *
     * @param bf16 the raw bfloat16 bits
     * @return the same value as a float
     */
    public static float bf16ToF32(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }

    /**
     * Narrows a {@code float} to bfloat16, rounding to nearest with ties to even (values beyond
     * the largest bfloat16 round to infinity).
     *
     * @param value the float
     * @return the raw bfloat16 bits
     */
    public static short f32ToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & F32_ABS) > F32_INF) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int lowestKeptBit = (bits >>> 16) & 1;
        return (short) ((bits + 0x7fff + lowestKeptBit) >>> 16);
    }

    private static int roundHalfEven(int truncated, int remainder, int halfway) {
        if (remainder > halfway || (remainder == halfway && (truncated & 1) != 0)) {
            return truncated + 1;
        }
        return truncated;
    }
}

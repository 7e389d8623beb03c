package dev.mip.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HalfFloatsTest {
    private static final int RANDOM_SAMPLES = 2_000_000;

    private static boolean isF16NaN(int bits) {
        return (bits & 0x7c00) == 0x7c00 && (bits & 0x3ff) != 0;
    }

    private static boolean isBf16NaN(int bits) {
        return (bits & 0x7f80) == 0x7f80 && (bits & 0x7f) != 0;
    }

    @Test
    void everyF16BitPatternRoundTripsThroughF32() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float widened = HalfFloats.f16ToF32((short) bits);
            int back = HalfFloats.f32ToF16(widened) & 0xffff;
            if (isF16NaN(bits)) {
                assertTrue(Float.isNaN(widened), () -> "f16 NaN widened to non-NaN");
                assertTrue(isF16NaN(back), "NaN must stay NaN");
                assertEquals(bits & 0x8000, back & 0x8000, "NaN keeps its sign");
            } else {
                int expected = bits;
                assertEquals(expected, back, () -> "f16 0x" + Integer.toHexString(expected) + " -> " + widened);
            }
        }
    }

    @Test
    void everyF16BitPatternWidensToItsExactValue() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int exponent = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            double sign = (bits & 0x8000) != 0 ? -1.0 : 1.0;
            double expected;
            if (exponent == 0x1f) {
                expected = mantissa == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
            } else if (exponent == 0) {
                expected = sign * mantissa * Math.scalb(1.0, -24);
            } else {
                expected = sign * (1 + mantissa / 1024.0) * Math.scalb(1.0, exponent - 15);
            }
            float actual = HalfFloats.f16ToF32((short) bits);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
                    "f16 0x" + Integer.toHexString(bits));
        }
    }

    @Test
    void everyBf16BitPatternRoundTripsThroughF32() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float widened = HalfFloats.bf16ToF32((short) bits);
            assertEquals(bits << 16, Float.floatToRawIntBits(widened), "bf16 widening is the upper half");
            int back = HalfFloats.f32ToBf16(widened) & 0xffff;
            if (isBf16NaN(bits)) {
                assertTrue(Float.isNaN(widened));
                assertTrue(isBf16NaN(back), "NaN must stay NaN");
            } else {
                assertEquals(bits, back, "bf16 0x" + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void f32ToF16RoundsTiesToEven() {
        assertF16(0x3c00, 1.0f);
        assertF16(0x3c00, 1.0f + 0x1p-11f); // tie between 0x3c00 and 0x3c01: even wins
        assertF16(0x3c02, 1.0f + 3 * 0x1p-11f); // tie between 0x3c01 and 0x3c02
        assertF16(0x3c01, 1.0f + 0x1p-11f + 0x1p-23f); // just above the tie
        assertF16(0x3bff, 1.0f - 0x1p-12f - 0x1p-24f); // just below the tie under 1.0
        assertF16(0x3c00, 1.0f - 0x1p-12f); // tie between 0x3bff and 0x3c00: even (0x3c00)
        assertF16(0x2e66, 0.1f);
        assertF16(0xbc00, -1.0f);
        assertF16(0x8000, -0.0f);
    }

    @Test
    void f32ToF16HandlesOverflowAndSubnormals() {
        assertF16(0x7bff, 65504f);
        assertF16(0x7bff, Math.nextDown(65520f));
        assertF16(0x7c00, 65520f); // tie with the odd largest finite value rounds to infinity
        assertF16(0x7c00, 1e10f);
        assertF16(0xfc00, -1e10f);
        assertF16(0x7c00, Float.POSITIVE_INFINITY);
        assertF16(0xfc00, Float.NEGATIVE_INFINITY);
        assertF16(0x0400, 0x1p-14f); // smallest normal
        assertF16(0x0400, 0x1p-14f - 0x1p-25f); // tie between 0x03ff and 0x0400
        assertF16(0x03ff, 0x1p-14f - 0x1p-24f);
        assertF16(0x0001, 0x1p-24f); // smallest subnormal
        assertF16(0x0000, 0x1p-25f); // tie between 0 and the smallest subnormal: 0 is even
        assertF16(0x0001, Math.nextUp(0x1p-25f));
        assertF16(0x0002, 3 * 0x1p-25f); // tie between 1 and 2 units: 2 is even
        assertF16(0x8000, -0x1p-25f);
        assertF16(0x0000, Float.MIN_VALUE);
    }

    @Test
    void nanStaysNanEvenWithOnlyLowPayloadBits() {
        for (int bits : new int[] {0x7fc00000, 0x7f800001, 0xff800001, 0x7fffffff, 0x7f801000}) {
            float nan = Float.intBitsToFloat(bits);
            assertTrue(isF16NaN(HalfFloats.f32ToF16(nan) & 0xffff), Integer.toHexString(bits));
            assertTrue(isBf16NaN(HalfFloats.f32ToBf16(nan) & 0xffff), Integer.toHexString(bits));
            assertTrue(Float.isNaN(HalfFloats.f16ToF32(HalfFloats.f32ToF16(nan))));
            assertTrue(Float.isNaN(HalfFloats.bf16ToF32(HalfFloats.f32ToBf16(nan))));
        }
    }

    @Test
    void f32ToBf16RoundsTiesToEven() {
        assertBf16(0x3f80, 1.0f);
        assertBf16(0x3f80, 1.0f + 0x1p-8f); // tie: even wins
        assertBf16(0x3f82, 1.0f + 3 * 0x1p-8f);
        assertBf16(0x3f81, 1.0f + 0x1p-8f + 0x1p-23f);
        assertBf16(0x3dcd, 0.1f);
        assertBf16(0x7f80, Float.MAX_VALUE); // rounds past the largest bfloat16
        assertBf16(0xff80, -Float.MAX_VALUE);
        assertBf16(0x7f7f, Float.intBitsToFloat(0x7f7f7fff));
        assertBf16(0x0000, Float.MIN_VALUE);
        assertBf16(0x8000, -0.0f);
    }

    @Test
    void f32ToF16MatchesDoubleArithmeticOnMillionsOfRandomFloats() {
        SplittableRandom random = new SplittableRandom(20261123);
        for (int i = 0; i < 2 * RANDOM_SAMPLES; i++) {
            float f = Float.intBitsToFloat(i < RANDOM_SAMPLES ? random.nextInt() : nearF16Range(random));
            float actual = HalfFloats.f16ToF32(HalfFloats.f32ToF16(f));
            float expected = referenceF16(f);
            if (Float.isNaN(expected)) {
                assertTrue(Float.isNaN(actual));
            } else if (Float.floatToIntBits(expected) != Float.floatToIntBits(actual)) {
                assertEquals(expected, actual, "f16 rounding of " + f + " (0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + ")");
            }
        }
    }

    @Test
    void f32ToBf16MatchesDoubleArithmeticOnMillionsOfRandomFloats() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < RANDOM_SAMPLES; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            float actual = HalfFloats.bf16ToF32(HalfFloats.f32ToBf16(f));
            float expected = referenceBf16(f);
            if (Float.isNaN(expected)) {
                assertTrue(Float.isNaN(actual));
            } else if (Float.floatToIntBits(expected) != Float.floatToIntBits(actual)) {
                assertEquals(expected, actual, "bf16 rounding of 0x" + Integer.toHexString(Float.floatToRawIntBits(f)));
            }
        }
    }

    /** Random bits with a binary32 exponent between 2^-28 and 2^17: subnormal to overflow f16. */
    private static int nearF16Range(SplittableRandom random) {
        int exponent = 127 - 28 + random.nextInt(46);
        return (random.nextInt() & 0x807f_ffff) | (exponent << 23);
    }

    /** Round to nearest even on the binary16 grid, computed in double arithmetic. */
    private static float referenceF16(float f) {
        return referenceRound(f, -14, 10, 65520.0);
    }

    /** Round to nearest even on the bfloat16 grid, computed in double arithmetic. */
    private static float referenceBf16(float f) {
        return referenceRound(f, -126, 7, Math.scalb(2.0 - 0x1p-8, 127));
    }

    private static float referenceRound(float f, int minExponent, int mantissaBits, double overflowAt) {
        if (Float.isNaN(f)) {
            return Float.NaN;
        }
        double magnitude = Math.abs((double) f);
        double rounded;
        if (magnitude >= overflowAt) {
            rounded = Double.POSITIVE_INFINITY;
        } else {
            int exponent = Math.max(Math.getExponent(magnitude), minExponent);
            double quantum = Math.scalb(1.0, exponent - mantissaBits);
            rounded = Math.rint(magnitude / quantum) * quantum; // rint: ties to even
        }
        return (float) Math.copySign(rounded, (double) f);
    }

    private static void assertF16(int expectedBits, float value) {
        assertEquals(expectedBits, HalfFloats.f32ToF16(value) & 0xffff,
                () -> "f32ToF16(" + value + ") = 0x" + Integer.toHexString(HalfFloats.f32ToF16(value) & 0xffff));
    }

    private static void assertBf16(int expectedBits, float value) {
        assertEquals(expectedBits, HalfFloats.f32ToBf16(value) & 0xffff,
                () -> "f32ToBf16(" + value + ") = 0x" + Integer.toHexString(HalfFloats.f32ToBf16(value) & 0xffff));
    }
}

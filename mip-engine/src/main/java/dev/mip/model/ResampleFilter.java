package dev.mip.model;

import java.util.function.DoubleUnaryOperator;

/**
 * PIL's resampling filters, keyed by the integer codes that Hugging Face writes as {@code resample}
 * in {@code preprocessor_config.json}. The kernels and supports are those of Pillow's
 * {@code libImaging/Resample.c}, operation for operation, because {@link Resampler} must reproduce
 * PIL's output to the last bit: a different rounding of one coefficient changes some pixels by one
 * level.
 */
enum ResampleFilter {
    /** Code 0: nearest neighbour (PIL resizes it with an affine scale, not a convolution). */
    NEAREST(0, 0.0, x -> 0.0),
    /** Code 1: Lanczos, a 3-lobe windowed sinc. */
    LANCZOS(1, 3.0, ResampleFilter::lanczos),
    /** Code 2: bilinear, the triangle filter. */
    BILINEAR(2, 1.0, ResampleFilter::bilinear),
    /** Code 3: bicubic with a = -0.5 (the CLIP and LLaVA default). */
    BICUBIC(3, 2.0, ResampleFilter::bicubic),
    /** Code 4: box. */
    BOX(4, 0.5, ResampleFilter::box),
    /** Code 5: Hamming-windowed sinc. */
    HAMMING(5, 1.0, ResampleFilter::hamming);

    private final int pilCode;
    private final double support;
    private final DoubleUnaryOperator kernel;

    ResampleFilter(int pilCode, double support, DoubleUnaryOperator kernel) {
        this.pilCode = pilCode;
        this.support = support;
        this.kernel = kernel;
    }

    /** @return the PIL code written as {@code resample} */
    int pilCode() {
        return pilCode;
    }

    /** @return the kernel's half-width at scale 1, in source pixels */
    double support() {
        return support;
    }

    /**
     * @param x distance from the kernel centre, in (possibly scaled) source pixels
     * @return the unnormalised kernel weight
     */
    double weight(double x) {
        return kernel.applyAsDouble(x);
    }

    /**
     * @param code a PIL resampling code
     * @return the filter, or null for a code PIL does not define
     */
    static ResampleFilter ofPilCode(int code) {
        for (ResampleFilter f : values()) {
            if (f.pilCode == code) {
                return f;
            }
        }
        return null;
    }

    // The branch structure and the order of the floating-point operations below follow Resample.c
    // on purpose: reassociating them would change the last bits of some coefficients. StrictMath
    // keeps sin/cos identical on every platform.

    private static double box(double x) {
        return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
    }

    private static double bilinear(double x) {
        double ax = x < 0.0 ? -x : x;
        return ax < 1.0 ? 1.0 - ax : 0.0;
    }

    private static double bicubic(double x) {
        final double a = -0.5;
        double ax = x < 0.0 ? -x : x;
        if (ax < 1.0) {
            return ((a + 2.0) * ax - (a + 3.0)) * ax * ax + 1;
        }
        if (ax < 2.0) {
            return (((ax - 5) * ax + 8) * ax - 4) * a;
        }
        return 0.0;
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double px = x * Math.PI;
        return StrictMath.sin(px) / px;
    }

    private static double lanczos(double x) {
        return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
    }

    private static double hamming(double x) {
        double ax = x < 0.0 ? -x : x;
        if (ax == 0.0) {
            return 1.0;
        }
        if (ax >= 1.0) {
            return 0.0;
        }
        double px = ax * Math.PI;
        // Pillow writes these two constants as C floats (0.54f, 0.46f), so their float values count.
        return StrictMath.sin(px) / px * (0.54f + 0.46f * StrictMath.cos(px));
    }
}

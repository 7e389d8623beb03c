package dev.mip.model;

/**
 * Reproduces Pillow's {@code Image.resize} for 8-bit RGB images bit for bit, since Hugging Face's
 * CLIP preprocessing resizes through PIL and a model fine-tuned on those pixels should see the
 * same ones here.
 *
 * <p>The convolution filters follow {@code ImagingResample} in Pillow's {@code Resample.c}: a
 * separable filter whose support grows with the downscale factor (antialiasing), coefficients
 * normalised in double and then quantised to 22 fractional bits, the horizontal pass first and the
 * vertical pass second, each rounding and clipping to {@code uint8}; a pass is skipped when its
 * axis keeps its size. Nearest neighbour follows {@code ImagingScaleAffine} in
 * {@code Geometry.c}, which samples at pixel centres with an accumulated source step.
 */
final class Resampler {
    /** Fixed-point fraction bits of the 8-bit path ({@code PRECISION_BITS} = 32 - 8 - 2). */
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private Resampler() {}

    /**
     * @param src the image
     * @param outWidth target width (at least 1)
     * @param outHeight target height (at least 1)
     * @param filter the PIL filter
     * @return the resized image; a copy when the size does not change (PIL returns a copy too)
     */
    static RgbPixels resize(RgbPixels src, int outWidth, int outHeight, ResampleFilter filter) {
        if (outWidth < 1 || outHeight < 1) {
            throw new IllegalArgumentException("target size " + outWidth + "x" + outHeight);
        }
        if (outWidth == src.width && outHeight == src.height) {
            return new RgbPixels(src.width, src.height, src.data.clone());
        }
        if (filter == ResampleFilter.NEAREST) {
            return nearest(src, outWidth, outHeight);
        }
        RgbPixels img = src;
        // Like Pillow, skip the pass of an axis whose size does not change (and never round twice).
        if (outWidth != src.width) {
            img = horizontal(img, new Coefficients(src.width, outWidth, filter));
        }
        if (outHeight != src.height) {
            img = vertical(img, new Coefficients(src.height, outHeight, filter));
        }
        return img;
    }

    /** Per-output-pixel source window and fixed-point weights along one axis. */
    private static final class Coefficients {
        final int ksize;
        final int[] bounds; // [2 * i] first source index, [2 * i + 1] number of taps
        final int[] weights; // [i * ksize + k], fixed point with PRECISION_BITS fraction bits

        Coefficients(int inSize, int outSize, ResampleFilter filter) {
            // Pillow computes the scale from float box coordinates; for whole sizes below 2^24
            // the float subtraction is exact, so plain doubles give the same value.
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support() * filterScale;
            ksize = (int) Math.ceil(support) * 2 + 1;
            bounds = new int[outSize * 2];
            weights = new int[outSize * ksize];
            double[] k = new double[ksize];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                double ss = 1.0 / filterScale;
                // C's (int) cast truncates toward zero, as Java's does; the clamps then fix the ends.
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double ww = 0.0;
                for (int x = 0; x < xmax; x++) {
                    double w = filter.weight((x + xmin - center + 0.5) * ss);
                    k[x] = w;
                    ww += w;
                }
                for (int x = 0; x < xmax; x++) {
                    double kx = ww != 0.0 ? k[x] / ww : k[x];
                    // normalize_coeffs_8bpc: round half away from zero into fixed point.
                    weights[xx * ksize + x] = kx < 0
                            ? (int) (-0.5 + kx * (1 << PRECISION_BITS))
                            : (int) (0.5 + kx * (1 << PRECISION_BITS));
                }
                bounds[xx * 2] = xmin;
                bounds[xx * 2 + 1] = xmax;
            }
        }
    }

    private static RgbPixels horizontal(RgbPixels in, Coefficients co) {
        int outW = co.bounds.length / 2;
        RgbPixels out = new RgbPixels(outW, in.height);
        byte[] src = in.data;
        for (int y = 0; y < in.height; y++) {
            int rowIn = y * in.width * 3;
            int rowOut = y * outW * 3;
            for (int xx = 0; xx < outW; xx++) {
                int xmin = co.bounds[xx * 2];
                int xmax = co.bounds[xx * 2 + 1];
                int kOff = xx * co.ksize;
                // Start at one half in fixed point so that the final shift rounds to nearest.
                int s0 = 1 << (PRECISION_BITS - 1);
                int s1 = s0;
                int s2 = s0;
                for (int x = 0; x < xmax; x++) {
                    int p = rowIn + (x + xmin) * 3;
                    int k = co.weights[kOff + x];
                    s0 += (src[p] & 0xFF) * k;
                    s1 += (src[p + 1] & 0xFF) * k;
                    s2 += (src[p + 2] & 0xFF) * k;
                }
                int o = rowOut + xx * 3;
                out.data[o] = clip8(s0);
                out.data[o + 1] = clip8(s1);
                out.data[o + 2] = clip8(s2);
            }
        }
        return out;
    }

    private static RgbPixels vertical(RgbPixels in, Coefficients co) {
        int outH = co.bounds.length / 2;
        int w = in.width;
        RgbPixels out = new RgbPixels(w, outH);
        byte[] src = in.data;
        for (int yy = 0; yy < outH; yy++) {
            int ymin = co.bounds[yy * 2];
            int ymax = co.bounds[yy * 2 + 1];
            int kOff = yy * co.ksize;
            for (int x = 0; x < w; x++) {
                int s0 = 1 << (PRECISION_BITS - 1);
                int s1 = s0;
                int s2 = s0;
                for (int y = 0; y < ymax; y++) {
                    int p = ((y + ymin) * w + x) * 3;
                    int k = co.weights[kOff + y];
                    s0 += (src[p] & 0xFF) * k;
                    s1 += (src[p + 1] & 0xFF) * k;
                    s2 += (src[p + 2] & 0xFF) * k;
                }
                int o = (yy * w + x) * 3;
                out.data[o] = clip8(s0);
                out.data[o + 1] = clip8(s1);
                out.data[o + 2] = clip8(s2);
            }
        }
        return out;
    }

    /** Pillow's {@code clip8}: bicubic and Lanczos overshoot, so sums leave 0..255 and are clamped. */
    private static byte clip8(int in) {
        if (in >= (1 << PRECISION_BITS << 8)) {
            return (byte) 255;
        }
        if (in <= 0) {
            return 0;
        }
        return (byte) (in >> PRECISION_BITS);
    }

    private static RgbPixels nearest(RgbPixels in, int outW, int outH) {
        // ImagingScaleAffine walks the source with an accumulated double step from the first pixel
        // centre; accumulating (rather than multiplying) is kept because it decides ties.
        double stepX = (double) in.width / outW;
        double stepY = (double) in.height / outH;
        // A position that rounding pushes past the last pixel stays black, as in Pillow (whose
        // output buffer is zero-filled); with whole sizes it does not happen in practice.
        int[] xin = new int[outW];
        double xo = stepX * 0.5;
        for (int x = 0; x < outW; x++) {
            xin[x] = (int) xo < in.width ? (int) xo : -1;
            xo += stepX;
        }
        RgbPixels out = new RgbPixels(outW, outH);
        double yo = stepY * 0.5;
        for (int y = 0; y < outH; y++) {
            int yi = (int) yo;
            yo += stepY;
            if (yi >= in.height) {
                continue;
            }
            for (int x = 0; x < outW; x++) {
                if (xin[x] >= 0) {
                    System.arraycopy(in.data, (yi * in.width + xin[x]) * 3, out.data, (y * outW + x) * 3, 3);
                }
            }
        }
        return out;
    }
}

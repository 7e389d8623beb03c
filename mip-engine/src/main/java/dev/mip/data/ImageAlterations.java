package dev.mip.data;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.nio.IntBuffer;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Mild, deterministic changes to portraits: single {@link Alteration}s, the altered test images
 * of a person, and random training augmentation.
 *
 * <p>All arithmetic is on integers (fixed-point where fractions are needed) and all randomness
 * comes from the {@link SplittableRandom} passed in, consumed in a fixed order, so the same input
 * image and seed give the same pixels on every machine and JDK. Strengths are tuned for 32x32
 * portraits so that, among benchmark-sized populations drawn with
 * {@link PortraitTraits#distinct(int, int, long) PortraitTraits.distinct(n, 3, seed)}, an altered
 * portrait stays nearer, in mean absolute pixel difference, to its own original than to anyone
 * else's portrait. For shifts that holds once the pictures are re-aligned: a plain pixel
 * difference cannot tell a picture moved by 2 or 3 pixels from a different face. Pixel distances
 * (shift amounts) scale with the image side.
 */
public final class ImageAlterations {
    /** Largest shift in pixels at 32x32. */
    static final int MAX_SHIFT = 3;
    /** Contrast factor range in 1/256 (0.85x to 1.15x). */
    static final int CONTRAST_MIN = 218;
    static final int CONTRAST_MAX = 294;
    /** Brightness offset magnitude range in levels (added to each channel, sign random). */
    static final int BRIGHTNESS_MIN = 8;
    static final int BRIGHTNESS_MAX = 20;
    /** Noise amplitude range in levels: each channel moves by a uniform value in [-a, a]. */
    static final int NOISE_MIN = 6;
    static final int NOISE_MAX = 12;
    /**
     * Background tint opacity range in 1/256 (about 10% to 20%): the background colour is one of
     * the identity attributes, so a stronger tint would drift towards someone else's background.
     */
    static final int TINT_MIN = 26;
    static final int TINT_MAX = 51;
    /** A pixel belongs to the background when no channel differs from the corner colour by more. */
    static final int BACKGROUND_TOLERANCE = 16;

    /**
     * Order in which combined alterations are applied: the background tint first, while the
     * background is still flat and findable; geometry next; noise last so it is not smoothed away.
     */
    private static final List<Alteration> APPLY_ORDER = List.of(Alteration.BACKGROUND_TINT, Alteration.ZOOM,
            Alteration.SHIFT, Alteration.MIRROR, Alteration.RELIGHT, Alteration.NOISE);

    private ImageAlterations() {
    }

    /**
     * Applies one alteration with random strength.
     *
     * @param img the picture (any type; alpha is ignored)
     * @param a the alteration
     * @param r randomness for the strength (consumed in a fixed order; {@link Alteration#MIRROR} takes none)
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image of the same size
     */
    public static BufferedImage apply(BufferedImage img, Alteration a, SplittableRandom r) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(r, "r");
        return alter(Pixels.of(img), a, r).toImage();
    }

    private static Pixels alter(Pixels p, Alteration a, SplittableRandom r) {
        return switch (a) {
            case SHIFT -> shift(p, r);
            case MIRROR -> mirror(p);
            case RELIGHT -> relight(p, r);
            case NOISE -> noise(p, r);
            case ZOOM -> zoom(p, r);
            case BACKGROUND_TINT -> tintBackground(p, r);
        };
    }

    /**
     * Training augmentation: independently, each with probability 1/2, a shift, a mirror, a
     * relight and noise (in that order), at the same strengths as {@link #apply}. About one call in
     * sixteen returns an unchanged copy. The strengths keep the person recognisable, so augmented
     * pictures never look like someone else.
     *
     * @param img the picture
     * @param r randomness: four coin flips, then the strengths of the chosen alterations
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image of the same size
     */
    public static BufferedImage augment(BufferedImage img, SplittableRandom r) {
        Objects.requireNonNull(r, "r");
        boolean doShift = r.nextBoolean();
        boolean doMirror = r.nextBoolean();
        boolean doRelight = r.nextBoolean();
        boolean doNoise = r.nextBoolean();
        Pixels p = Pixels.of(img);
        if (doShift) {
            p = shift(p, r);
        }
        if (doMirror) {
            p = mirror(p);
        }
        if (doRelight) {
            p = relight(p, r);
        }
        if (doNoise) {
            p = noise(p, r);
        }
        return p.toImage();
    }

    /**
     * Altered pictures for a test split: each combines one or two different alterations (chosen at
     * random, applied in a fixed order), and all differ from the original and from one another.
     *
     * @param img the original picture
     * @param count how many variants, {@code >= 0}
     * @param r randomness
     * @return {@code count} new {@link BufferedImage#TYPE_INT_RGB} images
     * @throws IllegalArgumentException when {@code count} is negative
     * @throws IllegalStateException when no new distinct variant turns up in 100 attempts (only
     *     for pictures that the alterations barely change, such as a flat colour)
     */
    public static List<BufferedImage> testVariants(BufferedImage img, int count, SplittableRandom r) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        Objects.requireNonNull(r, "r");
        Pixels original = Pixels.of(img);
        Set<IntBuffer> seen = new HashSet<>(); // IntBuffer: equality and hash by content
        seen.add(IntBuffer.wrap(original.rgb));
        List<BufferedImage> out = new ArrayList<>(count);
        Alteration[] all = Alteration.values();
        while (out.size() < count) {
            Pixels variant = null;
            for (int attempt = 0; attempt < 100 && variant == null; attempt++) {
                EnumSet<Alteration> chosen = EnumSet.of(all[r.nextInt(all.length)]);
                if (r.nextBoolean()) {
                    Alteration second;
                    do {
                        second = all[r.nextInt(all.length)];
                    } while (chosen.contains(second));
                    chosen.add(second);
                }
                Pixels p = original;
                for (Alteration a : APPLY_ORDER) {
                    if (chosen.contains(a)) {
                        p = alter(p, a, r);
                    }
                }
                if (!seen.contains(IntBuffer.wrap(p.rgb))) {
                    variant = p;
                }
            }
            if (variant == null) {
                throw new IllegalStateException("could not make variant " + (out.size() + 1) + " of " + count
                        + " differ from the original and the earlier variants");
            }
            seen.add(IntBuffer.wrap(variant.rgb));
            out.add(variant.toImage());
        }
        return out;
    }

    /** Pixels as {@code 0xRRGGBB} in row-major order. */
    private record Pixels(int width, int height, int[] rgb) {
        static Pixels of(BufferedImage img) {
            Objects.requireNonNull(img, "img");
            int w = img.getWidth();
            int h = img.getHeight();
            int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] &= 0xFFFFFF;
            }
            return new Pixels(w, h, rgb);
        }

        int at(int x, int y) {
            return rgb[y * width + x];
        }

        /** Pixel scale relative to a 32x32 image, at least 1. */
        int unit() {
            return Math.max(1, Math.min(width, height) / 32);
        }

        BufferedImage toImage() {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, width, height, rgb, 0, width);
            return img;
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }

    /** A random integer in {@code [lo, hi]}. */
    private static int between(SplittableRandom r, int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    private static Pixels shift(Pixels p, SplittableRandom r) {
        // One of the 48 non-zero offsets in [-3, 3]², uniformly; one draw whatever the outcome.
        int k = r.nextInt((2 * MAX_SHIFT + 1) * (2 * MAX_SHIFT + 1) - 1);
        if (k >= (2 * MAX_SHIFT + 1) * MAX_SHIFT + MAX_SHIFT) {
            k++; // skip (0, 0)
        }
        int dx = (k % (2 * MAX_SHIFT + 1) - MAX_SHIFT) * p.unit();
        int dy = (k / (2 * MAX_SHIFT + 1) - MAX_SHIFT) * p.unit();
        int[] out = new int[p.rgb.length];
        for (int y = 0; y < p.height; y++) {
            int sy = clamp(y - dy, 0, p.height - 1);
            for (int x = 0; x < p.width; x++) {
                out[y * p.width + x] = p.at(clamp(x - dx, 0, p.width - 1), sy);
            }
        }
        return new Pixels(p.width, p.height, out);
    }

    private static Pixels mirror(Pixels p) {
        int[] out = new int[p.rgb.length];
        for (int y = 0; y < p.height; y++) {
            for (int x = 0; x < p.width; x++) {
                out[y * p.width + x] = p.at(p.width - 1 - x, y);
            }
        }
        return new Pixels(p.width, p.height, out);
    }

    private static Pixels relight(Pixels p, SplittableRandom r) {
        int contrast = between(r, CONTRAST_MIN, CONTRAST_MAX);
        int brightness = between(r, BRIGHTNESS_MIN, BRIGHTNESS_MAX) * (r.nextBoolean() ? 1 : -1);
        int[] lut = new int[256];
        for (int v = 0; v < 256; v++) {
            // (v - 128) * c + 128 + b, in 1/256 fixed point, rounded half up.
            lut[v] = clamp(Math.floorDiv((v - 128) * contrast + 128, 256) + 128 + brightness, 0, 255);
        }
        int[] out = new int[p.rgb.length];
        for (int i = 0; i < out.length; i++) {
            int c = p.rgb[i];
            out[i] = lut[(c >> 16) & 0xFF] << 16 | lut[(c >> 8) & 0xFF] << 8 | lut[c & 0xFF];
        }
        return new Pixels(p.width, p.height, out);
    }

    private static Pixels noise(Pixels p, SplittableRandom r) {
        int a = between(r, NOISE_MIN, NOISE_MAX);
        int[] out = new int[p.rgb.length];
        for (int i = 0; i < out.length; i++) {
            int c = p.rgb[i];
            int v = 0;
            for (int shift = 16; shift >= 0; shift -= 8) {
                v |= clamp(((c >> shift) & 0xFF) + r.nextInt(2 * a + 1) - a, 0, 255) << shift;
            }
            out[i] = v;
        }
        return new Pixels(p.width, p.height, out);
    }

    private static Pixels zoom(Pixels p, SplittableRandom r) {
        // Factor (40 + k) / 40 for k in 4..6: 1.1, 1.125 or 1.15, about the image centre. Stronger
        // zooms (1.2) let the mean pixel difference to a few other people drop below that to the original.
        int num = 40;
        int den = 40 + between(r, 4, 6);
        int[] xs = zoomSources(p.width, num, den);
        int[] ys = zoomSources(p.height, num, den);
        int[] out = new int[p.rgb.length];
        for (int y = 0; y < p.height; y++) {
            int y0 = ys[y] >> 8;
            int fy = ys[y] & 0xFF;
            int y1 = Math.min(y0 + 1, p.height - 1);
            for (int x = 0; x < p.width; x++) {
                int x0 = xs[x] >> 8;
                int fx = xs[x] & 0xFF;
                int x1 = Math.min(x0 + 1, p.width - 1);
                int v = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int c00 = (p.at(x0, y0) >> shift) & 0xFF;
                    int c10 = (p.at(x1, y0) >> shift) & 0xFF;
                    int c01 = (p.at(x0, y1) >> shift) & 0xFF;
                    int c11 = (p.at(x1, y1) >> shift) & 0xFF;
                    int top = c00 * (256 - fx) + c10 * fx;
                    int bottom = c01 * (256 - fx) + c11 * fx;
                    v |= ((top * (256 - fy) + bottom * fy + 32768) >> 16) << shift;
                }
                out[y * p.width + x] = v;
            }
        }
        return new Pixels(p.width, p.height, out);
    }

    /**
     * Source coordinates in 1/256 pixel for each destination pixel of a centred zoom by
     * {@code den / num}: pixel centres map as {@code s + 0.5 = (d + 0.5 - n/2) * num/den + n/2}.
     */
    private static int[] zoomSources(int n, int num, int den) {
        int[] s = new int[n];
        for (int d = 0; d < n; d++) {
            // 256 * ((2d + 1 - n) * num / (2 den) + (n - 1) / 2), floored; never negative for den > num.
            long v = Math.floorDiv((long) (2 * d + 1 - n) * num * 256, 2L * den) + (long) (n - 1) * 128;
            s[d] = (int) Math.min(Math.max(v, 0), (long) (n - 1) * 256);
        }
        return s;
    }

    private static Pixels tintBackground(Pixels p, SplittableRandom r) {
        int tint = r.nextInt(1 << 24);
        int alpha = between(r, TINT_MIN, TINT_MAX);
        boolean[] background = background(p);
        int[] out = p.rgb.clone();
        for (int i = 0; i < out.length; i++) {
            if (background[i]) {
                int c = out[i];
                // A tint close to the background colour would hardly show: use its complement instead.
                int t = maxChannelDifference(c, tint) < 64 ? tint ^ 0xFFFFFF : tint;
                out[i] = blend(c, t, alpha);
            }
        }
        return new Pixels(p.width, p.height, out);
    }

    /**
     * The background: pixels 4-connected to the top-left or top-right corner whose colour is within
     * {@link #BACKGROUND_TOLERANCE} of that corner's colour (portraits and shape scenes have a
     * flat background there).
     */
    private static boolean[] background(Pixels p) {
        boolean[] in = new boolean[p.rgb.length];
        int[] stack = new int[p.rgb.length];
        for (int seed : new int[] {0, p.width - 1}) {
            int ref = p.rgb[seed];
            if (in[seed]) {
                continue;
            }
            int top = 0;
            stack[top++] = seed;
            in[seed] = true;
            while (top > 0) {
                int i = stack[--top];
                int x = i % p.width;
                int y = i / p.width;
                int[] next = {x > 0 ? i - 1 : -1, x < p.width - 1 ? i + 1 : -1, y > 0 ? i - p.width : -1,
                    y < p.height - 1 ? i + p.width : -1};
                for (int j : next) {
                    if (j >= 0 && !in[j] && maxChannelDifference(p.rgb[j], ref) <= BACKGROUND_TOLERANCE) {
                        in[j] = true;
                        stack[top++] = j;
                    }
                }
            }
        }
        return in;
    }

    private static int maxChannelDifference(int a, int b) {
        int d = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            d = Math.max(d, Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)));
        }
        return d;
    }

    /**
     * Integer alpha blend.
     *
     * @param under the colour below
     * @param over the colour on top
     * @param alpha opacity of {@code over} in 0..256
     * @return the blended {@code 0xRRGGBB}
     */
    public static int blend(int under, int over, int alpha) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int u = (under >> shift) & 0xFF;
            int o = (over >> shift) & 0xFF;
            out |= ((u * (256 - alpha) + o * alpha + 128) >> 8) << shift;
        }
        return out;
    }
}

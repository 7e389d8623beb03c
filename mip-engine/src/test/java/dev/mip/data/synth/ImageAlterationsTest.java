package dev.mip.data.synth;

import dev.mip.data.ImageAlterations;
import dev.mip.data.Alteration;
import static dev.mip.data.synth.PortraitPainterTest.meanAbsDiff;
import static dev.mip.data.synth.PortraitPainterTest.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageAlterations}: deterministic, visible, and never turning one person into another.
 *
 * <p>"Closer to the original person" is checked against a benchmark-sized population of
 * portraits drawn with {@code PortraitTraits.distinct(n, 3, seed)}, so every pair differs in at
 * least three attributes: the altered picture must be nearer to its own original than to every
 * other person's portrait. For the photometric alterations, the mirror and the zoom the distance
 * is the plain mean absolute pixel difference. For shifts (and augmentation and test variants,
 * which may include one) it is the same difference after the best re-alignment by up to 3
 * pixels: plain pixel differences cannot tell a displaced copy from a different face (a 2-pixel
 * shift of a portrait changes it by 15 levels on average, about the 5th percentile of the
 * difference between two different people on the same background), while a vision model trained
 * with shifted pictures can.
 */
class ImageAlterationsTest {
    private static final int POPULATION = 120;
    private static final int ALIGNED_POPULATION = 50;
    private static final int MAX_ALIGNMENT = 3;

    private static List<BufferedImage> people;
    /** For each of the first {@link #ALIGNED_POPULATION} people: channel values of all re-alignments. */
    private static List<int[][]> aligned;

    @BeforeAll
    static void paintPopulation() {
        people = new ArrayList<>();
        for (PortraitTraits t : PortraitTraits.distinct(POPULATION, 3, 2024)) {
            people.add(PortraitPainter.paint(t, 32));
        }
        aligned = new ArrayList<>();
        for (BufferedImage p : people.subList(0, ALIGNED_POPULATION)) {
            aligned.add(translations(p));
        }
    }

    @Test
    void eachAlterationIsDeterministicAndChangesThePicture() {
        for (Alteration a : Alteration.values()) {
            for (int i = 0; i < 40; i++) {
                BufferedImage p = people.get(i);
                int[] before = pixels(p);
                BufferedImage x = ImageAlterations.apply(p, a, new SplittableRandom(i));
                BufferedImage y = ImageAlterations.apply(p, a, new SplittableRandom(i));
                assertArrayEquals(pixels(x), pixels(y), a + " " + i);
                assertFalse(Arrays.equals(before, pixels(x)), a + " left portrait " + i + " unchanged");
                assertArrayEquals(before, pixels(p), "input modified");
                assertEquals(BufferedImage.TYPE_INT_RGB, x.getType());
                assertEquals(32, x.getWidth());
                assertEquals(32, x.getHeight());
            }
        }
    }

    @Test
    void randomAlterationsVaryWithTheSeed() {
        BufferedImage p = people.get(0);
        for (Alteration a : EnumSet.complementOf(EnumSet.of(Alteration.MIRROR))) {
            Set<String> outcomes = new HashSet<>();
            for (int seed = 0; seed < 20; seed++) {
                outcomes.add(Arrays.toString(pixels(ImageAlterations.apply(p, a, new SplittableRandom(seed)))));
            }
            assertTrue(outcomes.size() >= 3, a + " gave only " + outcomes.size() + " different pictures");
        }
    }

    @Test
    void mirrorAndShiftDoWhatTheySay() {
        BufferedImage p = people.get(1);
        BufferedImage m = ImageAlterations.apply(p, Alteration.MIRROR, new SplittableRandom(0));
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertEquals(p.getRGB(x, y), m.getRGB(31 - x, y));
            }
        }
        // A shift is a translation by 1..3 pixels per axis (not both 0) with replicated edges.
        for (int seed = 0; seed < 30; seed++) {
            int[] s = pixels(ImageAlterations.apply(p, Alteration.SHIFT, new SplittableRandom(seed)));
            boolean found = false;
            for (int dy = -3; dy <= 3 && !found; dy++) {
                for (int dx = -3; dx <= 3 && !found; dx++) {
                    found = (dx != 0 || dy != 0) && Arrays.equals(s, shifted(pixels(p), dx, dy));
                }
            }
            assertTrue(found, "seed " + seed);
        }
    }

    @Test
    void photometricAlterationsAndMirrorKeepThePersonNearest() {
        SplittableRandom r = new SplittableRandom(1);
        for (Alteration a : List.of(Alteration.MIRROR, Alteration.RELIGHT, Alteration.NOISE, Alteration.ZOOM,
                Alteration.BACKGROUND_TINT)) {
            for (int i = 0; i < POPULATION; i++) {
                BufferedImage altered = ImageAlterations.apply(people.get(i), a, r.split());
                double own = meanAbsDiff(altered, people.get(i));
                for (int j = 0; j < POPULATION; j++) {
                    if (j != i) {
                        double other = meanAbsDiff(altered, people.get(j));
                        assertTrue(own < other, a + " of person " + i + " is " + own + " from them but " + other
                                + " from person " + j);
                    }
                }
            }
        }
    }

    @Test
    void shiftKeepsThePersonNearestAfterRealignment() {
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < ALIGNED_POPULATION; i++) {
            assertNearestIsOwn("SHIFT", i, ImageAlterations.apply(people.get(i), Alteration.SHIFT, r.split()));
        }
    }

    @Test
    void zoomHasThreeStrengths() {
        Set<String> outcomes = new HashSet<>();
        for (int seed = 0; seed < 40; seed++) {
            outcomes.add(Arrays.toString(pixels(ImageAlterations.apply(people.get(3), Alteration.ZOOM,
                    new SplittableRandom(seed)))));
        }
        assertEquals(3, outcomes.size());
    }

    @Test
    void augmentationIsMildAndDeterministic() {
        SplittableRandom r = new SplittableRandom(3);
        int unchanged = 0;
        for (int i = 0; i < ALIGNED_POPULATION; i++) {
            BufferedImage p = people.get(i);
            for (int k = 0; k < 4; k++) {
                long seed = r.nextLong();
                BufferedImage x = ImageAlterations.augment(p, new SplittableRandom(seed));
                assertArrayEquals(pixels(x), pixels(ImageAlterations.augment(p, new SplittableRandom(seed))));
                assertNearestIsOwn("augment", i, x);
                unchanged += Arrays.equals(pixels(x), pixels(p)) ? 1 : 0;
            }
        }
        // Each of four alterations is skipped with probability 1/2: about 1 in 16 comes back unchanged.
        assertTrue(unchanged > 0 && unchanged < 40, "unchanged " + unchanged + " of 200");
    }

    @Test
    void testVariantsAreDistinctAlteredAndRecognisable() {
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < ALIGNED_POPULATION; i++) {
            BufferedImage p = people.get(i);
            long seed = r.nextLong();
            List<BufferedImage> variants = ImageAlterations.testVariants(p, 5, new SplittableRandom(seed));
            List<BufferedImage> again = ImageAlterations.testVariants(p, 5, new SplittableRandom(seed));
            assertEquals(5, variants.size());
            Set<String> distinct = new HashSet<>();
            distinct.add(Arrays.toString(pixels(p)));
            for (int k = 0; k < variants.size(); k++) {
                assertArrayEquals(pixels(variants.get(k)), pixels(again.get(k)));
                assertTrue(distinct.add(Arrays.toString(pixels(variants.get(k)))), "variant " + k + " repeats");
                assertNearestIsOwn("variant " + k, i, variants.get(k));
            }
        }
        assertEquals(List.of(), ImageAlterations.testVariants(people.get(0), 0, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class,
                () -> ImageAlterations.testVariants(people.get(0), -1, new SplittableRandom(1)));
    }

    @Test
    void flatPicturesStillGetDistinctVariants() {
        // Geometry cannot change a flat picture, but relight, noise and tint can.
        BufferedImage flat = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        List<BufferedImage> variants = ImageAlterations.testVariants(flat, 10, new SplittableRandom(1));
        Set<String> distinct = new HashSet<>();
        for (BufferedImage v : variants) {
            assertEquals(3, v.getWidth());
            assertEquals(2, v.getHeight());
            assertTrue(distinct.add(Arrays.toString(pixels(v))));
        }
        assertFalse(distinct.contains(Arrays.toString(pixels(flat))));
    }

    @Test
    void largerImagesShiftByProportionallyMorePixels() {
        BufferedImage big = PortraitPainter.paint(PortraitPainterTest.ALICE, 64);
        for (int seed = 0; seed < 10; seed++) {
            int[] s = pixels(ImageAlterations.apply(big, Alteration.SHIFT, new SplittableRandom(seed)));
            boolean even = false;
            for (int dy = -6; dy <= 6 && !even; dy += 2) {
                for (int dx = -6; dx <= 6 && !even; dx += 2) {
                    even = Arrays.equals(s, shiftedSquare(pixels(big), 64, dx, dy));
                }
            }
            assertTrue(even, "seed " + seed);
        }
    }

    /** The altered picture is nearer to person {@code i} than to every other, up to re-alignment. */
    private static void assertNearestIsOwn(String what, int i, BufferedImage altered) {
        int[] a = channels(pixels(altered));
        double own = alignedDistance(a, aligned.get(i));
        for (int j = 0; j < ALIGNED_POPULATION; j++) {
            if (j != i) {
                double other = alignedDistance(a, aligned.get(j));
                assertTrue(own < other, what + " of person " + i + " is " + own + " from them but " + other
                        + " from person " + j);
            }
        }
    }

    /** Smallest mean absolute difference over all re-alignments of the reference. */
    private static double alignedDistance(int[] a, int[][] references) {
        long best = Long.MAX_VALUE;
        for (int[] ref : references) {
            long sum = 0;
            for (int k = 0; k < a.length && sum < best; k++) {
                sum += Math.abs(a[k] - ref[k]);
            }
            best = Math.min(best, sum);
        }
        return best / (double) a.length;
    }

    private static int[][] translations(BufferedImage img) {
        int[] p = pixels(img);
        int side = 2 * MAX_ALIGNMENT + 1;
        int[][] out = new int[side * side][];
        int k = 0;
        for (int dy = -MAX_ALIGNMENT; dy <= MAX_ALIGNMENT; dy++) {
            for (int dx = -MAX_ALIGNMENT; dx <= MAX_ALIGNMENT; dx++) {
                out[k++] = channels(shifted(p, dx, dy));
            }
        }
        return out;
    }

    private static int[] channels(int[] rgb) {
        int[] c = new int[rgb.length * 3];
        for (int i = 0; i < rgb.length; i++) {
            c[3 * i] = (rgb[i] >> 16) & 0xFF;
            c[3 * i + 1] = (rgb[i] >> 8) & 0xFF;
            c[3 * i + 2] = rgb[i] & 0xFF;
        }
        return c;
    }

    /** A 32x32 picture moved by (dx, dy) with edge replication. */
    static int[] shifted(int[] p, int dx, int dy) {
        return shiftedSquare(p, 32, dx, dy);
    }

    private static int[] shiftedSquare(int[] p, int side, int dx, int dy) {
        int[] out = new int[p.length];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int sx = Math.min(side - 1, Math.max(0, x - dx));
                int sy = Math.min(side - 1, Math.max(0, y - dy));
                out[y * side + x] = p[sy * side + sx];
            }
        }
        return out;
    }
}

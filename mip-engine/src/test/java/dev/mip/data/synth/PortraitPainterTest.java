package dev.mip.data.synth;

import dev.mip.data.Alteration;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.data.synth.PortraitTraits.Accessory;
import dev.mip.data.synth.PortraitTraits.Background;
import dev.mip.data.synth.PortraitTraits.EyeColour;
import dev.mip.data.synth.PortraitTraits.FaceShape;
import dev.mip.data.synth.PortraitTraits.Glasses;
import dev.mip.data.synth.PortraitTraits.HairColour;
import dev.mip.data.synth.PortraitTraits.HairStyle;
import dev.mip.data.synth.PortraitTraits.Mouth;
import dev.mip.data.synth.PortraitTraits.ShirtColour;
import dev.mip.data.synth.PortraitTraits.SkinTone;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** {@link PortraitPainter} and {@link PortraitTraits}: determinism, distinctness, bit stability. */
class PortraitPainterTest {
    /** Summed absolute channel difference from which a pixel counts as visibly different. */
    static final int VISIBLE = 48;

    static final PortraitTraits ALICE = new PortraitTraits(Background.SKY_BLUE, FaceShape.ROUND, SkinTone.LIGHT,
            HairColour.BROWN, HairStyle.LONG, EyeColour.BLUE, Glasses.NONE, ShirtColour.RED, Accessory.EARRINGS,
            Mouth.SMILE);
    static final PortraitTraits BORIS = new PortraitTraits(Background.NAVY, FaceShape.SQUARE, SkinTone.DARK,
            HairColour.WHITE, HairStyle.SPIKY, EyeColour.GREEN, Glasses.SQUARE, ShirtColour.YELLOW, Accessory.BEARD,
            Mouth.OPEN);
    static final PortraitTraits CLEO = new PortraitTraits(Background.PEACH, FaceShape.POINTED, SkinTone.TAN,
            HairColour.PINK, HairStyle.BUN, EyeColour.AMBER, Glasses.SUNGLASSES, ShirtColour.PURPLE, Accessory.HAT,
            Mouth.FLAT);

    @Test
    void samePortraitTwiceGivesIdenticalPixels() {
        for (PortraitTraits t : List.of(ALICE, BORIS, CLEO)) {
            assertArrayEquals(pixels(PortraitPainter.paint(t, 32)), pixels(PortraitPainter.paint(t, 32)));
        }
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 50; i++) {
            PortraitTraits t = PortraitTraits.random(r);
            assertArrayEquals(pixels(PortraitPainter.paint(t, 32)), pixels(PortraitPainter.paint(t, 32)), t.toString());
        }
    }

    /**
     * Guards bit-stability across machines and JDKs: the pixels of three fixed portraits, computed
     * once. Any change of geometry, colours or rasterisation changes them (and is then a deliberate
     * dataset change: update the values).
     */
    @Test
    void goldenPixelChecksums() {
        assertEquals(438247940L, crc(PortraitPainter.paint(ALICE, 32)), "ALICE");
        assertEquals(3019980359L, crc(PortraitPainter.paint(BORIS, 32)), "BORIS");
        assertEquals(2803975970L, crc(PortraitPainter.paint(CLEO, 32)), "CLEO");
        assertEquals(2712469119L, crc(PortraitPainter.paint(ALICE, 64)), "ALICE at 64");
    }

    @Test
    void imageTypeAndSize() {
        for (int size : new int[] {16, 32, 33, 64}) {
            BufferedImage img = PortraitPainter.paint(ALICE, size);
            assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
            assertEquals(size, img.getWidth());
            assertEquals(size, img.getHeight());
        }
        assertThrows(IllegalArgumentException.class, () -> PortraitPainter.paint(ALICE, 15));
    }

    /**
     * Any two portraits whose traits differ in three attributes differ visibly in at least 24
     * pixels, even in the hardest case where the three attributes are small ones (eye colour,
     * mouth, glasses): "visibly" is a summed channel difference of {@value #VISIBLE}, which the
     * strongest {@link Alteration#NOISE} (at most 12 per channel, 36 in sum) never reaches, and 24
     * pixels are three eighths of an 8x8 patch. (Measured minimum over 5000 such pairs: 32.)
     */
    @Test
    void portraitsThreeAttributesApartDifferVisibly() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 400; i++) {
            PortraitTraits a = PortraitTraits.random(r);
            PortraitTraits b = mutate(a, 3, r);
            assertEquals(3, a.distance(b));
            BufferedImage ia = PortraitPainter.paint(a, 32);
            BufferedImage ib = PortraitPainter.paint(b, 32);
            int visible = visiblyDifferentPixels(ia, ib);
            assertTrue(visible >= 24, visible + " visibly different pixels: " + a.describe() + " vs " + b.describe());
            assertTrue(meanAbsDiff(ia, ib) >= 1.0, a + " vs " + b);
        }
    }

    /**
     * In a benchmark-sized population drawn with {@code distinct(120, 3, seed)} (where most pairs
     * differ in far more than three attributes), every pair differs by a mean absolute difference
     * above 3 levels, more than the mean change of {@link Alteration#NOISE} at its weakest, and
     * visibly in a whole patch's worth of pixels. (Measured minima over five seeds: 4.6 and 87.)
     */
    @Test
    void benchmarkPopulationIsPairwiseFarApart() {
        List<PortraitTraits> people = PortraitTraits.distinct(120, 3, 7);
        List<BufferedImage> images = new ArrayList<>();
        for (PortraitTraits t : people) {
            images.add(PortraitPainter.paint(t, 32));
        }
        for (int i = 0; i < images.size(); i++) {
            for (int j = i + 1; j < images.size(); j++) {
                double mad = meanAbsDiff(images.get(i), images.get(j));
                int visible = visiblyDifferentPixels(images.get(i), images.get(j));
                assertTrue(mad > 3.0 && visible >= 64, i + " vs " + j + ": MAD " + mad + ", visible " + visible);
            }
        }
    }

    @Test
    void everyAttributeValueChangesThePicture() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            PortraitTraits a = PortraitTraits.random(r);
            PortraitTraits b = mutate(a, 1, r);
            int visible = visiblyDifferentPixels(PortraitPainter.paint(a, 32), PortraitPainter.paint(b, 32));
            assertTrue(visible > 0, a.describe() + " vs " + b.describe());
        }
    }

    @Test
    void mirroredPortraitIsADifferentImage() {
        SplittableRandom r = new SplittableRandom(8);
        for (int i = 0; i < 50; i++) {
            BufferedImage img = PortraitPainter.paint(PortraitTraits.random(r), 32);
            boolean symmetric = true;
            for (int y = 0; y < 32 && symmetric; y++) {
                for (int x = 0; x < 16 && symmetric; x++) {
                    symmetric = img.getRGB(x, y) == img.getRGB(31 - x, y);
                }
            }
            assertFalse(symmetric);
        }
    }

    // --- PortraitTraits ---

    @Test
    void combinationsIsTheProductOfValueCounts() {
        long product = (long) Background.values().length * FaceShape.values().length * SkinTone.values().length
                * HairColour.values().length * HairStyle.values().length * EyeColour.values().length
                * Glasses.values().length * ShirtColour.values().length * Accessory.values().length
                * Mouth.values().length;
        assertEquals(product, PortraitTraits.COMBINATIONS);
    }

    @Test
    void distanceCountsDifferingAttributes() {
        assertEquals(0, ALICE.distance(ALICE));
        assertEquals(PortraitTraits.ATTRIBUTES, ALICE.distance(BORIS));
        assertEquals(BORIS.distance(CLEO), CLEO.distance(BORIS));
        PortraitTraits almostAlice = new PortraitTraits(Background.SKY_BLUE, FaceShape.ROUND, SkinTone.LIGHT,
                HairColour.BROWN, HairStyle.SHORT, EyeColour.BLUE, Glasses.NONE, ShirtColour.RED, Accessory.EARRINGS,
                Mouth.OPEN);
        assertEquals(2, ALICE.distance(almostAlice));
    }

    @Test
    void describeNamesEveryAttributeInOrder() {
        Map<String, String> d = ALICE.describe();
        assertEquals(List.of("background", "face shape", "skin tone", "hair colour", "hair style", "eye colour",
                "glasses", "shirt colour", "accessory", "mouth"), List.copyOf(d.keySet()));
        assertEquals(List.of("sky blue", "round", "light", "brown", "long", "blue", "none", "red", "earrings",
                "smile"), List.copyOf(d.values()));
        assertThrows(UnsupportedOperationException.class, () -> d.put("x", "y"));
        for (Enum<?>[] values : List.<Enum<?>[]>of(Background.values(), FaceShape.values(), SkinTone.values(),
                HairColour.values(), HairStyle.values(), EyeColour.values(), Glasses.values(), ShirtColour.values(),
                Accessory.values(), Mouth.values())) {
            Set<String> labels = new HashSet<>();
            for (Enum<?> v : values) {
                assertTrue(labels.add(((PortraitTraits.Named) v).label()), "duplicate label " + v);
            }
        }
    }

    @Test
    void randomIsDeterministicAndCoversValues() {
        SplittableRandom r1 = new SplittableRandom(99);
        SplittableRandom r2 = new SplittableRandom(99);
        Set<HairStyle> styles = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            PortraitTraits t = PortraitTraits.random(r1);
            assertEquals(t, PortraitTraits.random(r2));
            styles.add(t.hairStyle());
        }
        assertEquals(HairStyle.values().length, styles.size());
    }

    @Test
    void distinctHonoursMinDistanceAndIsDeterministic() {
        for (int minDistance : new int[] {1, 3, 5}) {
            List<PortraitTraits> people = PortraitTraits.distinct(150, minDistance, 17);
            assertEquals(150, people.size());
            for (int i = 0; i < people.size(); i++) {
                for (int j = i + 1; j < people.size(); j++) {
                    assertTrue(people.get(i).distance(people.get(j)) >= minDistance, i + " vs " + j);
                }
            }
            assertEquals(people, PortraitTraits.distinct(150, minDistance, 17));
            assertNotEquals(people, PortraitTraits.distinct(150, minDistance, 18));
        }
        assertEquals(List.of(), PortraitTraits.distinct(0, 3, 1));
        // Three trait sets differing in everything exist (every attribute has at least three values).
        List<PortraitTraits> opposite = PortraitTraits.distinct(3, PortraitTraits.ATTRIBUTES, 1);
        assertEquals(PortraitTraits.ATTRIBUTES, opposite.get(0).distance(opposite.get(2)));
    }

    @Test
    void distinctRejectsImpossibleRequests() {
        assertThrows(IllegalArgumentException.class, () -> PortraitTraits.distinct(-1, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> PortraitTraits.distinct(2, 11, 1));
        assertThrows(IllegalArgumentException.class, () -> PortraitTraits.distinct(2, -1, 1));
        // Mouth has three values, so four sets cannot all differ in every attribute (Singleton bound).
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PortraitTraits.distinct(4, PortraitTraits.ATTRIBUTES, 1));
        assertTrue(e.getMessage().contains("at most 3"), e.getMessage());
        // Below the bound but beyond what random greedy drawing finds: fails when the budget runs out.
        e = assertThrows(IllegalArgumentException.class, () -> PortraitTraits.distinct(200, 7, 1));
        assertTrue(e.getMessage().contains("found only"), e.getMessage());
    }

    // --- helpers shared with the other tests of the package ---

    static int[] pixels(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] p = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < p.length; i++) {
            p[i] &= 0xFFFFFF;
        }
        return p;
    }

    /** CRC-32 of the pixels as R, G, B bytes in row-major order. */
    static long crc(BufferedImage img) {
        CRC32 crc = new CRC32();
        for (int c : pixels(img)) {
            crc.update(c >> 16);
            crc.update(c >> 8);
            crc.update(c);
        }
        return crc.getValue();
    }

    /** Mean over pixels and channels of the absolute difference, in levels 0..255. */
    static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        int[] p = pixels(a);
        int[] q = pixels(b);
        long sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += channelDiff(p[i], q[i]);
        }
        return sum / (3.0 * p.length);
    }

    static int visiblyDifferentPixels(BufferedImage a, BufferedImage b) {
        int[] p = pixels(a);
        int[] q = pixels(b);
        int n = 0;
        for (int i = 0; i < p.length; i++) {
            if (channelDiff(p[i], q[i]) >= VISIBLE) {
                n++;
            }
        }
        return n;
    }

    static int channelDiff(int p, int q) {
        return Math.abs(((p >> 16) & 0xFF) - ((q >> 16) & 0xFF)) + Math.abs(((p >> 8) & 0xFF) - ((q >> 8) & 0xFF))
                + Math.abs((p & 0xFF) - (q & 0xFF));
    }

    /** A copy of {@code t} with exactly {@code k} randomly chosen attributes set to other values. */
    static PortraitTraits mutate(PortraitTraits t, int k, SplittableRandom r) {
        Enum<?>[] v = {t.background(), t.faceShape(), t.skinTone(), t.hairColour(), t.hairStyle(), t.eyeColour(),
            t.glasses(), t.shirtColour(), t.accessory(), t.mouth()};
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new java.util.Random(r.nextLong()));
        for (int j = 0; j < k; j++) {
            int i = order.get(j);
            Enum<?>[] values = v[i].getDeclaringClass().getEnumConstants();
            Enum<?> other;
            do {
                other = values[r.nextInt(values.length)];
            } while (other == v[i]);
            v[i] = other;
        }
        return new PortraitTraits((Background) v[0], (FaceShape) v[1], (SkinTone) v[2], (HairColour) v[3],
                (HairStyle) v[4], (EyeColour) v[5], (Glasses) v[6], (ShirtColour) v[7], (Accessory) v[8],
                (Mouth) v[9]);
    }
}

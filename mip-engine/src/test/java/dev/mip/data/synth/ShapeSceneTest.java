package dev.mip.data.synth;

import static dev.mip.data.synth.PortraitPainterTest.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** {@link ShapeScene}: enumeration, names, drawing and bit stability. */
class ShapeSceneTest {
    @Test
    void allEnumeratesEveryCombinationOnce() {
        List<ShapeScene> all = ShapeScene.all();
        assertEquals(ShapeScene.Shape.values().length * ShapeScene.Colour.values().length * ShapeScene.MAX_COUNT,
                all.size());
        assertEquals(all.size(), new HashSet<>(all).size());
        assertEquals(new ShapeScene(ShapeScene.Shape.CIRCLE, ShapeScene.Colour.RED, 1), all.get(0));
        assertEquals(all, ShapeScene.all());
        assertThrows(UnsupportedOperationException.class, () -> all.remove(0));
    }

    @Test
    void namesForQuestions() {
        ShapeScene s = new ShapeScene(ShapeScene.Shape.CROSS, ShapeScene.Colour.BLUE, 3);
        assertEquals("cross", s.shape().label());
        assertEquals("blue", s.colour().label());
        assertEquals("three", s.countWord());
        assertEquals("three blue crosses", s.caption());
        assertEquals("one red circle", new ShapeScene(ShapeScene.Shape.CIRCLE, ShapeScene.Colour.RED, 1).caption());
        assertEquals("two", new ShapeScene(ShapeScene.Shape.RING, ShapeScene.Colour.RED, 2).countWord());
        assertEquals("four green hearts", new ShapeScene(ShapeScene.Shape.HEART, ShapeScene.Colour.GREEN, 4).caption());
        // Four-option multiple choice needs at least four answers per question type.
        assertEquals(4, ShapeScene.all().stream().map(ShapeScene::countWord).distinct().count());
        Set<String> labels = new HashSet<>();
        for (ShapeScene.Shape sh : ShapeScene.Shape.values()) {
            assertTrue(labels.add(sh.label()));
        }
        for (ShapeScene.Colour c : ShapeScene.Colour.values()) {
            assertTrue(labels.add(c.label()), c + " has a name that is also a shape or colour");
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ShapeScene(ShapeScene.Shape.STAR, ShapeScene.Colour.RED, 0));
        assertThrows(IllegalArgumentException.class, () -> new ShapeScene(ShapeScene.Shape.STAR, ShapeScene.Colour.RED, 5));
        assertThrows(NullPointerException.class, () -> new ShapeScene(null, ShapeScene.Colour.RED, 1));
        ShapeScene s = new ShapeScene(ShapeScene.Shape.STAR, ShapeScene.Colour.RED, 1);
        assertThrows(IllegalArgumentException.class, () -> s.paint(15));
    }

    @Test
    void paintingIsDeterministicAndEveryScenePictureIsDifferent() {
        Set<String> seen = new HashSet<>();
        for (ShapeScene s : ShapeScene.all()) {
            BufferedImage img = s.paint(32);
            assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
            assertEquals(32, img.getWidth());
            assertArrayEquals(pixels(img), pixels(s.paint(32)), s.toString());
            assertTrue(seen.add(Arrays.toString(pixels(img))), s + " looks like another scene");
        }
    }

    /**
     * The count is readable from the picture: the pixels nearer the shape colour than the background
     * form exactly {@code count} 8-connected blobs, at 32x32 (the benchmark size) and at 16x16 (the
     * smallest allowed), and the background corners keep the plain background colour.
     */
    @Test
    void countIsTheNumberOfBlobsAndBackgroundIsPlain() {
        for (int size : new int[] {16, 32}) {
            for (ShapeScene s : ShapeScene.all()) {
                BufferedImage img = s.paint(size);
                assertEquals(s.count(), blobs(img, s.colour().rgb(), s.backgroundRgb()), s + " at " + size);
                assertEquals(s.backgroundRgb(), img.getRGB(0, 0) & 0xFFFFFF);
            }
        }
    }

    @Test
    void shapeContrastsWithBackground() {
        for (ShapeScene.Colour c : ShapeScene.Colour.values()) {
            int bg = new ShapeScene(ShapeScene.Shape.SQUARE, c, 1).backgroundRgb();
            assertTrue(Math.abs(luma(c.rgb()) - luma(bg)) >= 60, c + " on " + Integer.toHexString(bg));
        }
    }

    /** Guards bit-stability (including the star's {@code StrictMath} vertices) of all 256 pictures. */
    @Test
    void goldenChecksumOfAllScenes() {
        CRC32 crc = new CRC32();
        for (ShapeScene s : ShapeScene.all()) {
            for (int c : pixels(s.paint(32))) {
                crc.update(c >> 16);
                crc.update(c >> 8);
                crc.update(c);
            }
        }
        assertEquals(3697384062L, crc.getValue());
    }

    private static int luma(int rgb) {
        return (299 * (rgb >> 16) + 587 * ((rgb >> 8) & 0xFF) + 114 * (rgb & 0xFF)) / 1000;
    }

    private static int blobs(BufferedImage img, int fg, int bg) {
        int w = img.getWidth();
        int h = img.getHeight();
        boolean[] on = new boolean[w * h];
        int[] p = pixels(img);
        for (int i = 0; i < p.length; i++) {
            on[i] = PortraitPainterTest.channelDiff(p[i], fg) < PortraitPainterTest.channelDiff(p[i], bg);
        }
        boolean[] seen = new boolean[w * h];
        int[] stack = new int[w * h];
        int count = 0;
        for (int start = 0; start < on.length; start++) {
            if (!on[start] || seen[start]) {
                continue;
            }
            count++;
            int top = 0;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int i = stack[--top];
                int x = i % w;
                int y = i / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < w && ny < h && on[ny * w + nx] && !seen[ny * w + nx]) {
                            seen[ny * w + nx] = true;
                            stack[top++] = ny * w + nx;
                        }
                    }
                }
            }
        }
        return count;
    }
}

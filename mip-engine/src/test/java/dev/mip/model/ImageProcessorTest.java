package dev.mip.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mip.InvalidInputException;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ImageProcessor} against values computed with Pillow 9.4 + numpy following Hugging Face's
 * {@code CLIPImageProcessor} code path (convert_to_rgb, PIL resize, center_crop, rescale,
 * normalize). The reference images are generated here from integer formulas, so the test needs
 * no Python and no image files; the expected checksums and pixels were computed once in Python
 * from the same formulas.
 */
class ImageProcessorTest {
    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- deterministic test images

    /** Python: r=(7x+13y)&255, g=(x*x+3y)&255, b=((x^y)*5)&255. Smooth-ish with sharp wraps. */
    static BufferedImage formula(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 7 + y * 13) & 255;
                int g = (x * x + 3 * y) & 255;
                int b = ((x ^ y) * 5) & 255;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /** Hash noise: every pixel independent, so bicubic/Lanczos overshoot and clipping are exercised. */
    static BufferedImage hash(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    long v = ((x * 2654435761L) ^ (y * 40503L) ^ (c * 2246822519L)) >>> 7;
                    r.setSample(x, y, c, (int) (v & 255));
                }
            }
        }
        return img;
    }

    private ImageProcessor config(String json) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "cfg");
        Files.writeString(dir.resolve(ImageProcessor.FILE_NAME), json);
        return ImageProcessor.fromModelDirectory(dir);
    }

    /** Resize and crop only: the output is then the uint8 image HF holds before rescaling. */
    private ImageProcessor rawConfig(String size, String crop, int resample) throws IOException {
        return config("{\"size\": " + size + ", \"resample\": " + resample + ", \"do_center_crop\": "
                + (crop != null) + (crop != null ? ", \"crop_size\": " + crop : "")
                + ", \"do_rescale\": false, \"do_normalize\": false}");
    }

    private static byte[] asUint8(float[] out) {
        byte[] b = new byte[out.length];
        for (int i = 0; i < out.length; i++) {
            float v = out[i];
            assertTrue(v >= 0 && v <= 255 && v == Math.rint(v), "not a uint8 value at " + i + ": " + v);
            b[i] = (byte) v;
        }
        return b;
    }

    private static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out), "no " + format + " writer");
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- bit-exact agreement with PIL

    static Stream<Arguments> pilCases() {
        // kind, w, h, size, crop, resample, {C, H, W}, CRC32 of the CHW uint8 output, {index, value}...
        return Stream.of(
                Arguments.of("formula", 640, 480, "{\"shortest_edge\": 336}", "{\"height\": 336, \"width\": 336}", 3,
                        new int[] {3, 336, 336}, 0x3eb99a9fL, new int[] {0, 53, 1, 62, 112913, 33, 169344, 175, 338687, 177}),
                Arguments.of("hash", 500, 700, "{\"shortest_edge\": 336}", "{\"height\": 336, \"width\": 336}", 3,
                        new int[] {3, 336, 336}, 0x3f3ee154L, new int[] {0, 142, 1, 97, 112913, 183, 169344, 104, 338687, 82}),
                Arguments.of("formula", 200, 150, "{\"shortest_edge\": 336}", "{\"height\": 336, \"width\": 336}", 3,
                        new int[] {3, 336, 336}, 0xf3d06d2cL, new int[] {0, 172, 1, 175, 112913, 1, 169344, 60, 338687, 35}),
                Arguments.of("hash", 333, 517, "{\"height\": 224, \"width\": 320}", null, 2,
                        new int[] {3, 224, 320}, 0xe80d3915L, new int[] {0, 60, 1, 206, 71697, 173, 107520, 152, 215039, 84}),
                Arguments.of("hash", 50, 37, "{\"height\": 300, \"width\": 41}", null, 2,
                        new int[] {3, 300, 41}, 0xee12bb8aL, new int[] {0, 56, 1, 238, 12317, 113, 18450, 154, 36899, 206}),
                Arguments.of("formula", 97, 61, "{\"shortest_edge\": 40}", null, 0,
                        new int[] {3, 40, 63}, 0x59e70ee4L, new int[] {0, 0, 1, 14, 2537, 164, 3780, 93, 7559, 204}),
                Arguments.of("hash", 150, 100, "{\"height\": 77, \"width\": 101}", null, 1,
                        new int[] {3, 77, 101}, 0x541416edL, new int[] {0, 86, 1, 251, 7794, 65, 11665, 25, 23330, 209}),
                Arguments.of("hash", 150, 100, "{\"height\": 77, \"width\": 101}", null, 4,
                        new int[] {3, 77, 101}, 0x859a4987L, new int[] {0, 0, 1, 237, 7794, 58, 11665, 48, 23330, 223}),
                Arguments.of("hash", 150, 100, "{\"height\": 77, \"width\": 101}", null, 5,
                        new int[] {3, 77, 101}, 0x24c564f2L, new int[] {0, 69, 1, 232, 7794, 60, 11665, 48, 23330, 210}),
                // crop larger than the resized image: HF pads with zeros (odd differences, asymmetric pad)
                Arguments.of("formula", 640, 480, "{\"shortest_edge\": 200}", "{\"height\": 257, \"width\": 301}", 3,
                        new int[] {3, 257, 301}, 0x2fdbbacfL, new int[] {0, 0, 1, 0, 77374, 0, 116035, 141, 232070, 0}),
                // 301x199 -> long side int(224 * 301 / 199) = 338 (truncated, not rounded)
                Arguments.of("hash", 301, 199, "{\"shortest_edge\": 224}", "{\"height\": 224, \"width\": 224}", 3,
                        new int[] {3, 224, 224}, 0x4df9bfcaL, new int[] {0, 129, 1, 117, 50193, 49, 75264, 139, 150527, 47}));
    }

    @ParameterizedTest(name = "{0} {1}x{2} size={3} crop={4} resample={5}")
    @MethodSource("pilCases")
    void resizeAndCropMatchPillowBitForBit(String kind, int w, int h, String size, String crop, int resample,
            int[] shape, long expectedCrc, int[] picks) throws IOException {
        ImageProcessor p = rawConfig(size, crop, resample);
        BufferedImage img = kind.equals("formula") ? formula(w, h) : hash(w, h);
        assertArrayEquals(shape, p.outputShape(w, h));
        byte[] out = asUint8(p.process(img));
        assertEquals(shape[0] * shape[1] * shape[2], out.length);
        for (int i = 0; i < picks.length; i += 2) {
            assertEquals(picks[i + 1], out[picks[i]] & 0xFF, "value at " + picks[i]);
        }
        assertEquals(expectedCrc, crc(out), "CRC32 of the uint8 output differs from Pillow's");
    }

    @Test
    void llavaNormalisationMatchesNumpyFloat32() {
        float[] out = ImageProcessor.clipDefaults(336).process(formula(640, 480));
        assertEquals(3 * 336 * 336, out.length);
        // Exact float32 bit patterns from numpy (rescale in float64 then cast, normalise in float32).
        int[][] expected = {{0, 0xBF825FB7}, {5, 0xBE93C69A}, {112996, 0xBF85FB51}, {230113, 0x40020E86},
            {338687, 0x3F84B3A2}};
        for (int[] e : expected) {
            assertEquals(e[1], Float.floatToRawIntBits(out[e[0]]), "value at " + e[0] + " = " + out[e[0]]);
        }
        ByteBuffer bb = ByteBuffer.allocate(out.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(out);
        assertEquals(0x3899915cL, crc(bb.array()), "CRC32 of the float32 output differs from numpy's");
    }

    @Test
    void imageAlreadyAtTargetSizeIsNotResampled() throws IOException {
        BufferedImage img = hash(336, 336);
        byte[] out = asUint8(rawConfig("{\"shortest_edge\": 336}", "{\"height\": 336, \"width\": 336}", 3).process(img));
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 336; y += 7) {
                for (int x = 0; x < 336; x += 5) {
                    assertEquals(img.getRaster().getSample(x, y, c), out[(c * 336 + y) * 336 + x] & 0xFF);
                }
            }
        }
        // One axis already at size: only the other is resampled (Pillow skips the identity pass).
        byte[] tall = asUint8(rawConfig("{\"height\": 500, \"width\": 336}", null, 3).process(img));
        assertEquals(3 * 500 * 336, tall.length);
    }

    // ---------------------------------------------------------------- JPEG

    /** A 40x30 JPEG written by Pillow (quality 90, 4:2:0) with an embedded linear-RGB ICC profile. */
    private static final String PIL_JPEG_WITH_ICC = """
            /9j/4AAQSkZJRgABAQAAAQABAAD/4gH4SUNDX1BST0ZJTEUAAQEAAAHobGNtcwIwAABtbnRyUkdCIFhZWiAH2AADABwADgAYACVh
            Y3NwQVBQTAAAAAAAAAAAAAAAAAAAAAAAAAABAAAAAQAA9tYAAQAAAADTLWxjbXMAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
            AAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAAGZjcHJ0AAABWAAAAA13dHB0AAABaAAAABRyWFlaAAABfAAAABRnWFlaAAAB
            kAAAABRiWFlaAAABpAAAABRyVFJDAAABuAAAABBnVFJDAAAByAAAABBiVFJDAAAB2AAAABBkZXNjAAAAAAAAAAxsaW5lYXIgc1JH
            QgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
            AAAAAAAAAHRleHQAAAAAbm9uZQAAAABYWVogAAAAAAAA8zoAAQAAAAEWm1hZWiAAAAAAAABvlwAAOO8AAAOPWFlaIAAAAAAAAGKj
            AAC3jQAAGNxYWVogAAAAAAAAJJwAAA+DAAC2vGN1cnYAAAAAAAAAAQEAAABjdXJ2AAAAAAAAAAEBAAAAY3VydgAAAAAAAAABAQAA
            AP/bAEMAAwICAwICAwMDAwQDAwQFCAUFBAQFCgcHBggMCgwMCwoLCw0OEhANDhEOCwsQFhARExQVFRUMDxcYFhQYEhQVFP/bAEMB
            AwQEBQQFCQUFCRQNCw0UFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFP/AABEIAB4AKAMB
            IgACEQEDEQH/xAAfAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgv/xAC1EAACAQMDAgQDBQUEBAAAAX0BAgMABBEFEiExQQYT
            UWEHInEUMoGRoQgjQrHBFVLR8CQzYnKCCQoWFxgZGiUmJygpKjQ1Njc4OTpDREVGR0hJSlNUVVZXWFlaY2RlZmdoaWpzdHV2d3h5
            eoOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4eLj5OXm5+jp6vHy8/T19vf4+fr/
            xAAfAQADAQEBAQEBAQEBAAAAAAAAAQIDBAUGBwgJCgv/xAC1EQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIygQgU
            QpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqCg4SFhoeI
            iYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/2gAMAwEAAhED
            EQA/APJ/ClxBLZXRjvJ/7STefLtbdpNsjLtdzIoUOF/dZ37cOckgkivTtL+zyQanfTaebdbaPCC9CxzRMxUF1mPzhcuRuZFOeCeH
            z574LvbK01W61E3tvoqG4KX1ujE7V6MRJHMSxOQd3Q8NtzzXcaHf3otILydJbCAHypls2fZtZ1cAlVY/6yXJyc4ZOTuDV52PyaVR
            8yi9NFJ2Wyu0red9rrre+p+x08VGnDmcnFRSvo7b7JrW+60bauvn0GmWVxq0d1FYLZ6bI4gkaKRcCF2SRiDkdA6LwVJyEwuxMtra
            XcwiG5S0v5d8KRLC8qrLtaVCroxwQX2jnHHyP93dmqdhc3U82mI9xFbw26NFAxhSZyqqRGEyfMdcpjPXcSDwQBt3ZNpqRsZVR7iZ
            /Mgg2AwRkhEVZFLKpZSY+AACshx98IPkZ5ZOTcJxbWmnXR27O+m++i+/814ixdKtGUq8tPLR72aem6ta9+uu5X8P6xJbWN1d20jz
            wtHCWgupCzxIyoNxYEnABBIVWA3ZYfLRW1YQaU08MdhdReTLOtsZLArFJAyJg7EDNgOieXkd8MPuqaKnC4ahyybw3Mm9N015bPbp
            r5W6v+c8wwGIq13KjNxWm0U2/Xm5bfdrvd3ufL0Omy65bWLrZqk0jSCZ/PYsil2WQK4fylHA2n7uFbJ6k93YR2WkS6gbwDUVitn2
            XFkrSTbj837vd/q8SLKRn75wT8oOeT1C7FvZ22qGzhtIJmEEUMDs2xpgPnb7pJCllPI3Ajphdu/o9jZ3sdlqpgbFxc7bWNXC4WMx
            xgScEngjocKcsoBr+nMRlVSdNybcY3asu+7W70tr16veyP6OxuZOlFyqR2/XRLf0a19Wune6VdGa7T7d5zi6mCCESSs4iAXLkeY5
            UBx5YZSMlwAQMmtmw0mG+sg9ws9lZWMckc8bABnWNWAIVXCINm9zgDkErtEnHNreXD6XG92IdjGeQrErKoeNJFKYQoSp3Ocls/Nt
            x8oNdXa3GlpJaQ36y3BhMtxHiAbSPMnY7groW+a2Jwxb+H5upr5DEZUoVJKDs0+XS+rWi3trpe+i173Z8HXxzxcZJq6XR62Tva13
            azb1WtraM6+Kx+wyeVJZzXdncXEkt062pZ7bgHDnaDJw4HzcgbsckMpWhdyReG9MtNS0xBbxXskqSR7Rwy3AMZP98DL55Utkbt2O
            Svgq9KlRlfnUHLV3V7/+Sy9N+l93c+ceFjyxnFzipK/uyVn0bd7au3pa2idz/9k=
            """;

    @Test
    void jpegDecodesAsPillowDoesIgnoringTheEmbeddedProfile() throws IOException {
        byte[] jpeg = Base64.getMimeDecoder().decode(PIL_JPEG_WITH_ICC.strip());
        BufferedImage img = ImageProcessor.readImage(jpeg, "pil.jpg");
        assertEquals(40, img.getWidth());
        assertEquals(30, img.getHeight());
        byte[] decoded = asUint8(config("{\"do_resize\": false, \"do_center_crop\": false, \"do_rescale\": false,"
                + " \"do_normalize\": false}").process(img));
        assertEquals(147, decoded[0] & 0xFF);
        assertEquals(97, decoded[1] & 0xFF);
        assertEquals(195, decoded[1234] & 0xFF);
        assertEquals(125, decoded[3599] & 0xFF);
        assertEquals(0x4516a441L, crc(decoded), "decoded JPEG differs from Pillow's");
        byte[] resized = asUint8(rawConfig("{\"shortest_edge\": 32}", "{\"height\": 32, \"width\": 32}", 3).process(img));
        assertEquals(0x58cc6276L, crc(resized));
    }

    @Test
    void jpegFileIsReadFromDisk() throws IOException {
        BufferedImage src = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                src.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | (x + y) * 2); // smooth: JPEG keeps it
            }
        }
        Path file = tmp.resolve("photo.jpg");
        Files.write(file, encode(src, "jpeg"));
        BufferedImage back = ImageProcessor.readImage(file);
        assertEquals(64, back.getWidth());
        assertEquals(48, back.getHeight());
        float[] viaPath = ImageProcessor.clipDefaults(32).process(file);
        assertArrayEquals(ImageProcessor.clipDefaults(32).process(back), viaPath);
        // Lossy, but close to the source on average.
        long err = 0;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                err += Math.abs((src.getRGB(x, y) >> 8 & 255) - (back.getRGB(x, y) >> 8 & 255));
            }
        }
        assertTrue(err / (64.0 * 48) < 3, "mean error " + err / (64.0 * 48));
    }

    @Test
    void greyscaleJpegIsReplicatedToThreeChannels() throws IOException {
        BufferedImage grey = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                grey.getRaster().setSample(x, y, 0, x * 12 + y);
            }
        }
        BufferedImage back = ImageProcessor.readImage(encode(grey, "jpeg"), "grey.jpg");
        byte[] out = asUint8(identityConfig().process(back));
        for (int i = 0; i < 200; i++) {
            assertEquals(back.getRaster().getSample(i % 20, i / 20, 0), out[i] & 0xFF);
            assertEquals(out[i], out[200 + i]);
            assertEquals(out[i], out[400 + i]);
        }
    }

    // ---------------------------------------------------------------- pixel formats (PIL convert("RGB"))

    private ImageProcessor identityConfig() throws IOException {
        return config("{\"do_resize\": false, \"do_center_crop\": false, \"do_rescale\": false,"
                + " \"do_normalize\": false}");
    }

    @Test
    void greyscaleIsReplicatedFromTheStoredSamples() throws IOException {
        // getRGB() on TYPE_BYTE_GRAY would apply a gamma conversion; PIL replicates the raw value.
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 256; i++) {
            grey.getRaster().setSample(i % 16, i / 16, 0, i);
        }
        for (BufferedImage img : new BufferedImage[] {grey, ImageProcessor.readImage(encode(grey, "png"), "g.png")}) {
            byte[] out = asUint8(identityConfig().process(img));
            for (int i = 0; i < 256; i++) {
                assertEquals(i, out[i] & 0xFF);
                assertEquals(i, out[256 + i] & 0xFF);
                assertEquals(i, out[512 + i] & 0xFF);
            }
        }
    }

    @Test
    void alphaIsDroppedWithoutCompositing() throws IOException {
        BufferedImage rgba = new BufferedImage(4, 1, BufferedImage.TYPE_INT_ARGB);
        int[] argb = {0x00FF0000, 0x8000FF00, 0xFF0000FF, 0x01102030};
        for (int x = 0; x < 4; x++) {
            rgba.setRGB(x, 0, argb[x]);
        }
        for (BufferedImage img : new BufferedImage[] {rgba, ImageProcessor.readImage(encode(rgba, "png"), "a.png")}) {
            byte[] out = asUint8(identityConfig().process(img));
            for (int x = 0; x < 4; x++) {
                assertEquals(argb[x] >> 16 & 255, out[x] & 0xFF, "red " + x);
                assertEquals(argb[x] >> 8 & 255, out[4 + x] & 0xFF, "green " + x);
                assertEquals(argb[x] & 255, out[8 + x] & 0xFF, "blue " + x);
            }
        }
    }

    @Test
    void paletteIsExpanded() throws IOException {
        byte[] r = {10, 20, (byte) 200};
        byte[] g = {11, 21, (byte) 201};
        byte[] b = {12, 22, (byte) 202};
        BufferedImage pal = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 3, r, g, b));
        pal.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {2, 0, 1});
        byte[] out = asUint8(identityConfig().process(ImageProcessor.readImage(encode(pal, "png"), "p.png")));
        assertArrayEquals(new byte[] {(byte) 200, 10, 20, (byte) 201, 11, 21, (byte) 202, 12, 22}, out);
    }

    @Test
    void sixteenBitGreyIsClippedLikePillow() throws IOException {
        // Pillow opens 16-bit grey PNGs as 32-bit integers and clips them to 255 in convert("RGB").
        BufferedImage g16 = new BufferedImage(5, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSamples(0, 0, 5, 1, 0, new int[] {0, 100, 255, 256, 60000});
        byte[] out = asUint8(identityConfig().process(ImageProcessor.readImage(encode(g16, "png"), "g16.png")));
        assertArrayEquals(new byte[] {0, 100, (byte) 255, (byte) 255, (byte) 255}, Arrays.copyOf(out, 5));
    }

    @Test
    void withoutConvertRgbOnlyRgbImagesAreAccepted() throws IOException {
        ImageProcessor p = config("{\"do_convert_rgb\": false, \"size\": 8, \"crop_size\": 8}");
        assertEquals(3 * 64, p.process(formula(10, 10)).length);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> p.process(new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY)));
        assertTrue(e.getMessage().contains("do_convert_rgb"), e.getMessage());
    }

    @Test
    void processPathNamesTheFileWhenTheImageCannotBeUsed() throws IOException {
        Path file = tmp.resolve("small.png");
        Files.write(file, encode(formula(30, 20), "png"));
        assertArrayEquals(ImageProcessor.clipDefaults(16).process(formula(30, 20)),
                ImageProcessor.clipDefaults(16).process(file));
        Path grey = tmp.resolve("grey.png");
        Files.write(grey, encode(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), "png"));
        ImageProcessor noConvert = config("{\"do_convert_rgb\": false}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> noConvert.process(grey));
        assertTrue(e.getMessage().contains(grey.toString()), e.getMessage());
    }

    // ---------------------------------------------------------------- output size

    @Test
    void outputSizeFollowsTheConfig() throws IOException {
        ImageProcessor clip = ImageProcessor.clipDefaults(336);
        assertTrue(clip.hasFixedOutputSize());
        assertEquals(336, clip.outputHeight());
        assertEquals(336, clip.outputWidth());

        ImageProcessor exact = config("{\"size\": {\"height\": 77, \"width\": 101}, \"do_center_crop\": false}");
        assertEquals(77, exact.outputHeight());
        assertEquals(101, exact.outputWidth());

        ImageProcessor keepAspect = config("{\"size\": {\"shortest_edge\": 100}, \"do_center_crop\": false}");
        assertFalse(keepAspect.hasFixedOutputSize());
        assertThrows(IllegalStateException.class, keepAspect::outputHeight);
        assertArrayEquals(new int[] {3, 100, 150}, keepAspect.outputShape(300, 200));
        assertArrayEquals(new int[] {3, 166, 100}, keepAspect.outputShape(300, 499)); // int(100*499/300)
        assertEquals(3 * 100 * 150, keepAspect.process(formula(300, 200)).length);
    }

    @Test
    void extremeAspectRatioIsRejectedBeforeAllocating() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ImageProcessor.clipDefaults(336).process(new BufferedImage(1, 20000, BufferedImage.TYPE_INT_RGB)));
        assertTrue(e.getMessage().contains("aspect ratio"), e.getMessage());
    }

    @Test
    void clipDefaultsRejectsNonsenseSizes() {
        assertThrows(IllegalArgumentException.class, () -> ImageProcessor.clipDefaults(0));
        assertThrows(IllegalArgumentException.class, () -> ImageProcessor.clipDefaults(-336));
    }

    // ---------------------------------------------------------------- config files

    /** What transformers' to_json_string writes for CLIPImageProcessor(size=336, crop_size=336). */
    private static final String HF_CLIP_336_JSON = """
            {
              "crop_size": {
                "height": 336,
                "width": 336
              },
              "do_center_crop": true,
              "do_convert_rgb": true,
              "do_normalize": true,
              "do_rescale": true,
              "do_resize": true,
              "image_mean": [
                0.48145466,
                0.4578275,
                0.40821073
              ],
              "image_processor_type": "CLIPImageProcessor",
              "image_std": [
                0.26862954,
                0.26130258,
                0.27577711
              ],
              "resample": 3,
              "rescale_factor": 0.00392156862745098,
              "size": {
                "shortest_edge": 336
              }
            }
            """;

    @Test
    void toJsonIsWhatTransformersWrites() {
        assertEquals(HF_CLIP_336_JSON, ImageProcessor.clipDefaults(336).toJson());
    }

    @Test
    void saveAndReloadGiveEqualSettings() throws IOException {
        ImageProcessor clip = ImageProcessor.clipDefaults(336);
        Path dir = tmp.resolve("model");
        clip.save(dir);
        assertEquals(clip.toJson(), Files.readString(dir.resolve(ImageProcessor.FILE_NAME)));
        ImageProcessor back = ImageProcessor.fromModelDirectory(dir);
        assertEquals(clip, back);
        assertEquals(clip.hashCode(), back.hashCode());

        ImageProcessor custom = config("{\"do_resize\": true, \"size\": [200, 120], \"resample\": 2,"
                + " \"do_center_crop\": false, \"crop_size\": 64, \"rescale_factor\": 0.0078125,"
                + " \"image_mean\": 0.5, \"image_std\": [0.25, 0.5, 0.75], \"do_convert_rgb\": false,"
                + " \"do_normalize\": true, \"do_rescale\": true}");
        Path file = tmp.resolve("custom.json");
        Files.writeString(file, custom.toJson());
        ImageProcessor customBack = ImageProcessor.fromFile(file);
        assertEquals(custom, customBack);
        assertEquals(custom.toJson(), customBack.toJson());
        assertNotEquals(clip, custom);
        assertTrue(custom.toJson().contains("\"height\": 200"), custom.toJson());
    }

    @Test
    void publishedConfigsAreRead() throws IOException {
        // llava-hf/llava-1.5-7b-hf
        assertEquals(ImageProcessor.clipDefaults(336), config("""
                {"crop_size": {"height": 336, "width": 336}, "do_center_crop": true, "do_convert_rgb": true,
                 "do_normalize": true, "do_rescale": true, "do_resize": true,
                 "image_mean": [0.48145466, 0.4578275, 0.40821073], "image_processor_type": "CLIPImageProcessor",
                 "image_std": [0.26862954, 0.26130258, 0.27577711], "processor_class": "LlavaProcessor",
                 "resample": 3, "rescale_factor": 0.00392156862745098, "size": {"shortest_edge": 336}}
                """));
        // openai/clip-vit-large-patch14-336: old feature-extractor style with int sizes
        assertEquals(ImageProcessor.clipDefaults(336), config("""
                {"crop_size": 336, "do_center_crop": true, "do_normalize": true, "do_resize": true,
                 "feature_extractor_type": "CLIPFeatureExtractor", "image_mean": [0.48145466, 0.4578275, 0.40821073],
                 "image_std": [0.26862954, 0.26130258, 0.27577711], "resample": 3, "size": 336}
                """));
        // Everything absent: CLIPImageProcessor's own defaults (224).
        assertEquals(ImageProcessor.clipDefaults(224), config("{}"));
        assertEquals(ImageProcessor.clipDefaults(224), config("{\"image_mean\": null, \"size\": null}"));
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("{\"do_resize\": \"yes\"}", "do_resize"),
                Arguments.of("{\"do_resize\": null}", "do_resize"),
                Arguments.of("{\"do_center_crop\": 1}", "do_center_crop"),
                Arguments.of("{\"do_convert_rgb\": \"true\"}", "do_convert_rgb"),
                Arguments.of("{\"size\": \"336\"}", "size"),
                Arguments.of("{\"size\": -336}", "size"),
                Arguments.of("{\"size\": 336.5}", "size"),
                Arguments.of("{\"size\": {\"shortest_edge\": -1}}", "size.shortest_edge"),
                Arguments.of("{\"size\": {\"shortest_edge\": 0}}", "size.shortest_edge"),
                Arguments.of("{\"size\": {\"height\": 0, \"width\": 336}}", "size.height"),
                Arguments.of("{\"size\": {\"height\": 336}}", "size"),
                Arguments.of("{\"size\": {\"longest_edge\": 336}}", "size"),
                Arguments.of("{\"size\": [336]}", "size"),
                Arguments.of("{\"size\": 100000}", "size"),
                Arguments.of("{\"crop_size\": {\"height\": 336}}", "crop_size"),
                Arguments.of("{\"crop_size\": -1}", "crop_size"),
                Arguments.of("{\"crop_size\": {\"height\": 336, \"width\": \"336\"}}", "crop_size.width"),
                Arguments.of("{\"resample\": 7}", "resample"),
                Arguments.of("{\"resample\": -1}", "resample"),
                Arguments.of("{\"resample\": \"bicubic\"}", "resample"),
                Arguments.of("{\"resample\": null}", "resample"),
                Arguments.of("{\"rescale_factor\": 0}", "rescale_factor"),
                Arguments.of("{\"rescale_factor\": -0.5}", "rescale_factor"),
                Arguments.of("{\"rescale_factor\": \"1/255\"}", "rescale_factor"),
                Arguments.of("{\"image_mean\": [0.5, 0.5]}", "image_mean"),
                Arguments.of("{\"image_mean\": [0.5, 0.5, 0.5, 0.5]}", "image_mean"),
                Arguments.of("{\"image_mean\": [\"a\", 0, 0]}", "image_mean[0]"),
                Arguments.of("{\"image_mean\": \"0.5\"}", "image_mean"),
                Arguments.of("{\"image_std\": [0.5, 0, 0.5]}", "image_std"),
                Arguments.of("{\"image_std\": [0.5, -0.2, 0.5]}", "image_std"),
                Arguments.of("{\"image_std\": 0}", "image_std"),
                Arguments.of("[1, 2, 3]", "JSON object"),
                Arguments.of("{\"size\": 336,", "not valid JSON"),
                Arguments.of("", "empty"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badConfigs")
    void badConfigNamesFileFieldAndFix(String json, String mentioned) throws IOException {
        Path file = tmp.resolve(ImageProcessor.FILE_NAME);
        Files.writeString(file, json);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImageProcessor.fromFile(file));
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), m);
        assertTrue(m.contains(mentioned), m);
        assertTrue(m.trim().length() > file.toString().length() + mentioned.length() + 20, "no fix given: " + m);
    }

    @Test
    void missingConfigNamesTheDirectoryAndTheFileToAdd() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("llava"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImageProcessor.fromModelDirectory(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(ImageProcessor.FILE_NAME), e.getMessage());
        assertTrue(e.getMessage().contains("Add"), e.getMessage());

        Path absent = tmp.resolve("absent");
        e = assertThrows(InvalidInputException.class, () -> ImageProcessor.fromModelDirectory(absent));
        assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> ImageProcessor.fromFile(absent.resolve("x.json")));
        assertTrue(e.getMessage().contains("x.json"), e.getMessage());
    }

    // ---------------------------------------------------------------- unreadable images

    private static InvalidInputException assertRejected(byte[] bytes, String name) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImageProcessor.readImage(bytes, name));
        assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        return e;
    }

    @Test
    void missingEmptyAndNonImageFilesAreNamed() throws IOException {
        Path missing = tmp.resolve("missing.png");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImageProcessor.readImage(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"),
                e.getMessage());

        e = assertThrows(InvalidInputException.class, () -> ImageProcessor.readImage(tmp));
        assertTrue(e.getMessage().contains("directory"), e.getMessage());

        Path empty = Files.createFile(tmp.resolve("empty.png"));
        e = assertThrows(InvalidInputException.class, () -> ImageProcessor.readImage(empty));
        assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("empty"), e.getMessage());

        Path text = tmp.resolve("notes.png");
        Files.writeString(text, "These are my notes, not a picture.\n");
        e = assertThrows(InvalidInputException.class, () -> ImageProcessor.readImage(text));
        assertTrue(e.getMessage().contains(text.toString()) && e.getMessage().contains("text"), e.getMessage());

        e = assertRejected(encode(formula(8, 8), "gif"), "anim.gif");
        assertTrue(e.getMessage().contains("GIF"), e.getMessage());
    }

    @Test
    void randomBytesAreRejectedQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random rnd = new Random(1);
            byte[] png = encode(formula(4, 4), "png");
            for (int i = 0; i < 300; i++) {
                byte[] b = new byte[1 + rnd.nextInt(4096)];
                rnd.nextBytes(b);
                if (i % 3 == 1) {
                    System.arraycopy(png, 0, b, 0, Math.min(8, b.length)); // PNG signature, garbage after
                } else if (i % 3 == 2 && b.length >= 3) {
                    b[0] = (byte) 0xFF; // JPEG SOI, garbage after
                    b[1] = (byte) 0xD8;
                    b[2] = (byte) 0xFF;
                }
                assertRejected(b, "random-" + i);
            }
        });
    }

    @Test
    void truncatedImagesAreRejected() throws IOException {
        byte[] png = encode(hash(64, 48), "png");
        for (int cut : new int[] {1, 8, 20, 33, 60, png.length / 2, png.length - 30}) {
            assertRejected(Arrays.copyOf(png, cut), "cut-" + cut + ".png");
        }
        byte[] jpeg = encode(hash(64, 48), "jpeg");
        for (int cut : new int[] {2, 10, 200, jpeg.length / 2, jpeg.length - 100}) {
            InvalidInputException e = assertRejected(Arrays.copyOf(jpeg, cut), "cut-" + cut + ".jpg");
            assertTrue(cut < 300 || e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void forgedHugeDimensionsAreRejectedBeforeDecoding() throws IOException {
        byte[] png = encode(formula(4, 4), "png");
        // IHDR width/height live at bytes 16..23; fix the chunk CRC so only the size is wrong.
        ByteBuffer.wrap(png).putInt(16, 100_000).putInt(20, 100_000);
        CRC32 c = new CRC32();
        c.update(png, 12, 17);
        ByteBuffer.wrap(png).putInt(29, (int) c.getValue());
        InvalidInputException e = assertRejected(png, "bomb.png");
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    }

    @Test
    void corruptedImagesNeverEscapeAsOtherExceptionsOrHang() throws IOException {
        byte[][] seeds = {encode(hash(40, 30), "png"), encode(hash(40, 30), "jpeg"),
            Base64.getMimeDecoder().decode(PIL_JPEG_WITH_ICC.strip())};
        Random rnd = new Random(7);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (byte[] seed : seeds) {
                for (int i = 0; i < 150; i++) {
                    byte[] b = seed.clone();
                    int flips = 1 + rnd.nextInt(8);
                    for (int f = 0; f < flips; f++) {
                        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                    }
                    try {
                        BufferedImage img = ImageProcessor.readImage(b, "fuzz-" + i);
                        assertTrue(img.getWidth() > 0);
                    } catch (InvalidInputException expected) {
                        assertTrue(expected.getMessage().startsWith("fuzz-" + i + ": "), expected.getMessage());
                    } catch (RuntimeException | Error other) {
                        fail("fuzz-" + i + " escaped as " + other, other);
                    }
                }
            }
        });
    }

    @Test
    void jpegIccStripperLeavesOtherSegmentsAlone() {
        byte[] jpeg = Base64.getMimeDecoder().decode(PIL_JPEG_WITH_ICC.strip());
        byte[] stripped = JpegProfileStripper.strip(jpeg);
        // marker, length, "ICC_PROFILE\0", sequence number and count, the 488-byte profile
        assertEquals(jpeg.length - (2 + 2 + 12 + 2 + 488), stripped.length);
        assertTrue(new String(jpeg, StandardCharsets.ISO_8859_1).contains("ICC_PROFILE"));
        assertFalse(new String(stripped, StandardCharsets.ISO_8859_1).contains("ICC_PROFILE"));
        byte[] plain = JpegProfileStripper.strip(stripped);
        assertTrue(plain == stripped, "a stream without profiles is returned as is");
    }
}

package dev.mip.data.synth;

import static dev.mip.data.synth.PortraitPainterTest.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@link DeterministicPng} and its compressor {@link FixedHuffmanDeflater}. */
class DeterministicPngTest {
    @Test
    void roundTripGivesBackTheExactPixels() throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        images.add(PortraitPainter.paint(PortraitPainterTest.ALICE, 32));
        images.add(new ShapeScene(ShapeScene.Shape.STAR, ShapeScene.Colour.YELLOW, 3).paint(32));
        images.add(noise(32, 32, 1)); // incompressible: all literals
        images.add(noise(1, 1, 2));
        images.add(noise(301, 7, 3)); // not square, odd width
        images.add(new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB)); // long runs: maximum-length matches
        images.add(formula(200, 200)); // repeats farther back than the nearest rows
        for (BufferedImage img : images) {
            byte[] png = DeterministicPng.encode(img);
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
            assertEquals(img.getWidth(), back.getWidth());
            assertEquals(img.getHeight(), back.getHeight());
            assertArrayEquals(pixels(img), pixels(back));
        }
    }

    @Test
    void alphaIsDropped() throws IOException {
        BufferedImage argb = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80123456);
        argb.setRGB(2, 1, 0x00ABCDEF);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(DeterministicPng.encode(argb)));
        assertEquals(0x123456, back.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xABCDEF, back.getRGB(2, 1) & 0xFFFFFF);
        assertEquals(0xFF, back.getRGB(0, 0) >>> 24);
    }

    @Test
    void sameImageGivesSameBytes() {
        BufferedImage a = PortraitPainter.paint(PortraitPainterTest.BORIS, 32);
        BufferedImage b = PortraitPainter.paint(PortraitPainterTest.BORIS, 32);
        assertArrayEquals(DeterministicPng.encode(a), DeterministicPng.encode(b));
        // Same pixels in another image type: same file.
        BufferedImage argb = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 32, 32, a.getRGB(0, 0, 32, 32, null, 0, 32), 0, 32);
        assertArrayEquals(DeterministicPng.encode(a), DeterministicPng.encode(argb));
    }

    /** Only IHDR, one IDAT and IEND, with valid CRCs; 8-bit RGB; every row with filter 0. */
    @Test
    void fileStructure() throws DataFormatException {
        BufferedImage img = noise(5, 4, 9);
        ByteBuffer b = ByteBuffer.wrap(DeterministicPng.encode(img));
        byte[] signature = new byte[8];
        b.get(signature);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, signature);
        List<String> types = new ArrayList<>();
        byte[] idat = null;
        while (b.hasRemaining()) {
            int length = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            byte[] data = new byte[length];
            b.get(data);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(data);
            assertEquals((int) crc.getValue(), b.getInt());
            String name = new String(type, StandardCharsets.US_ASCII);
            types.add(name);
            if (name.equals("IHDR")) {
                ByteBuffer h = ByteBuffer.wrap(data);
                assertEquals(5, h.getInt());
                assertEquals(4, h.getInt());
                assertArrayEquals(new byte[] {8, 2, 0, 0, 0}, new byte[] {h.get(), h.get(), h.get(), h.get(), h.get()});
            } else if (name.equals("IDAT")) {
                idat = data;
            }
        }
        assertEquals(List.of("IHDR", "IDAT", "IEND"), types);
        byte[] raw = inflate(idat);
        assertEquals(4 * (1 + 3 * 5), raw.length);
        int[] p = pixels(img);
        for (int y = 0; y < 4; y++) {
            assertEquals(0, raw[y * 16]);
            for (int x = 0; x < 5; x++) {
                int c = p[y * 5 + x];
                assertEquals((byte) (c >> 16), raw[y * 16 + 1 + 3 * x]);
                assertEquals((byte) (c >> 8), raw[y * 16 + 2 + 3 * x]);
                assertEquals((byte) c, raw[y * 16 + 3 + 3 * x]);
            }
        }
    }

    /**
     * Guards byte-stability across machines: the SHA-256 of one encoded image, computed once.
     * The image is generated from integer formulas, so the value depends only on the encoder.
     */
    @Test
    void goldenSha256() throws NoSuchAlgorithmException {
        byte[] png = DeterministicPng.encode(formula(40, 24));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
        assertEquals("cfc9a8665e5ab50dd0e40799bdeb27e1e42a1116665adebd370702cbdc0a67fc", sha);
    }

    @Test
    void compressorOutputInflatesToItsInput() throws DataFormatException {
        SplittableRandom r = new SplittableRandom(6);
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(new byte[0]);
        inputs.add(new byte[] {42});
        inputs.add(new byte[100_000]); // zeros: runs of maximum length
        byte[] random = new byte[70_000];
        r.nextBytes(random);
        inputs.add(random);
        // Repetitive text with repeats up to and beyond the 32 KiB window.
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (int i = 0; i < 20_000; i++) {
            text.writeBytes(("line " + (i % 997) + " of " + (i % 13) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        inputs.add(text.toByteArray());
        byte[] periodic = new byte[50_000];
        for (int i = 0; i < periodic.length; i++) {
            periodic[i] = (byte) (i % 40_000 < 300 ? i % 7 : (i * 31) >> 3);
        }
        inputs.add(periodic);
        for (byte[] in : inputs) {
            byte[] z = FixedHuffmanDeflater.zlib(in);
            assertArrayEquals(in, inflate(z), "length " + in.length);
            assertArrayEquals(z, FixedHuffmanDeflater.zlib(in));
        }
        // It does compress: a portrait's raw scanlines (3104 bytes) shrink several times.
        BufferedImage p = PortraitPainter.paint(PortraitPainterTest.ALICE, 32);
        int size = DeterministicPng.encode(p).length;
        assertEquals(true, size < 1200, size + " bytes");
    }

    private static byte[] inflate(byte[] zlib) throws DataFormatException {
        Inflater inf = new Inflater();
        inf.setInput(zlib);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!inf.finished()) {
            int n = inf.inflate(buf);
            out.write(buf, 0, n);
            if (n == 0 && !inf.finished() && (inf.needsInput() || inf.needsDictionary())) {
                throw new DataFormatException("truncated stream");
            }
        }
        assertEquals(0, inf.getRemaining(), "bytes after the zlib stream");
        inf.end();
        return out.toByteArray();
    }

    private static BufferedImage noise(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }

    /** Bands, a gradient and a checker pattern: runs, repeats and literals. */
    private static BufferedImage formula(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255) / Math.max(1, w - 1);
                int g = ((x / 4 + y / 4) % 2) * 200;
                int b = (y * 37 + x * x) % 256;
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }
}

package dev.mip.data.synth;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Writes PNG files whose bytes depend only on the pixels, so generated datasets have the same
 * checksums on every machine and JDK ({@code ImageIO} adds nothing time-dependent but its
 * compressed bytes follow the platform's zlib).
 *
 * <p>The file is the signature, {@code IHDR} (8-bit RGB, no interlace), one {@code IDAT} and
 * {@code IEND}: no ancillary chunks (no time, gamma or text). Every row uses filter type 0
 * (none). The zlib stream comes from {@link FixedHuffmanDeflater}, a small compressor written
 * here for that purpose, rather than {@link java.util.zip.Deflater}, whose output at a given
 * level varies between zlib builds (system zlib, zlib-ng, vendor forks).
 */
public final class DeterministicPng {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private DeterministicPng() {
    }

    /**
     * Encodes the RGB channels of an image (alpha, if any, is dropped).
     *
     * @param img the image, at least 1x1
     * @return the PNG file bytes
     */
    public static byte[] encode(BufferedImage img) {
        Objects.requireNonNull(img, "img");
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] raw = new byte[h * (1 + 3 * w)];
        int[] row = new int[w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            raw[o++] = 0; // filter type None
            for (int c : row) {
                raw[o++] = (byte) (c >> 16);
                raw[o++] = (byte) (c >> 8);
                raw[o++] = (byte) c;
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(raw.length / 2 + 64);
        png.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, w);
        putInt(ihdr, 4, h);
        ihdr[8] = 8; // bits per channel
        ihdr[9] = 2; // colour type RGB
        // compression 0 (deflate), filter method 0, interlace 0: already zero.
        chunk(png, "IHDR", ihdr);
        chunk(png, "IDAT", FixedHuffmanDeflater.zlib(raw));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] header = new byte[8];
        putInt(header, 0, data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(typeBytes, 0, header, 4, 4);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        byte[] trailer = new byte[4];
        putInt(trailer, 0, (int) crc.getValue());
        out.writeBytes(header);
        out.writeBytes(data);
        out.writeBytes(trailer);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}

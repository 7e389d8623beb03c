package dev.mip.data.synth;

import java.io.ByteArrayOutputStream;
import java.util.zip.Adler32;

/**
 * A zlib (RFC 1950) compressor whose output is a pure function of its input: greedy LZ77 with a
 * bounded hash-chain search and the fixed Huffman codes of RFC 1951, in one final block.
 *
 * <p>It exists because {@link java.util.zip.Deflater} delegates to the platform's zlib, and
 * different zlib builds (bundled or system zlib, zlib-ng, Intel's or Cloudflare's forks) emit
 * different, equally valid, compressed bytes at the same level, so PNG files written with it
 * would not be byte-identical across machines. Any inflater decodes this output.
 */
final class FixedHuffmanDeflater {
    private static final int WINDOW = 32768;
    private static final int MIN_MATCH = 3;
    private static final int MAX_MATCH = 258;
    /** Candidates examined per position; fixed, so the chosen matches never depend on timing or memory. */
    private static final int MAX_CHAIN = 64;
    private static final int HASH_BITS = 15;

    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51,
        59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4,
        4, 5, 5, 5, 5, 0};
    private static final int[] DISTANCE_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
        513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DISTANCE_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
        10, 11, 11, 12, 12, 13, 13};

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long bits;
    private int bitCount;

    private FixedHuffmanDeflater() {
    }

    /**
     * @param data bytes to compress
     * @return a complete zlib stream: header {@code 78 01}, one fixed-Huffman block, Adler-32
     */
    static byte[] zlib(byte[] data) {
        FixedHuffmanDeflater d = new FixedHuffmanDeflater();
        d.out.write(0x78); // deflate, 32 KiB window
        d.out.write(0x01); // no dictionary, "fastest" level hint; 0x7801 is a multiple of 31
        d.writeBits(1, 1); // BFINAL
        d.writeBits(1, 2); // BTYPE 01: fixed Huffman codes
        d.compress(data);
        d.literal(256); // end of block
        d.flush();
        Adler32 adler = new Adler32();
        adler.update(data);
        long a = adler.getValue();
        d.out.write((int) (a >>> 24) & 0xFF);
        d.out.write((int) (a >>> 16) & 0xFF);
        d.out.write((int) (a >>> 8) & 0xFF);
        d.out.write((int) a & 0xFF);
        return d.out.toByteArray();
    }

    private void compress(byte[] data) {
        int n = data.length;
        int[] head = new int[1 << HASH_BITS];
        java.util.Arrays.fill(head, -1);
        int[] prev = new int[n];
        int i = 0;
        while (i < n) {
            int bestLength = 0;
            int bestDistance = 0;
            if (i + MIN_MATCH <= n) {
                int h = hash(data, i);
                int maxLength = Math.min(MAX_MATCH, n - i);
                int candidate = head[h];
                for (int chain = 0; chain < MAX_CHAIN && candidate >= 0 && i - candidate <= WINDOW; chain++) {
                    int length = 0;
                    while (length < maxLength && data[candidate + length] == data[i + length]) {
                        length++;
                    }
                    if (length > bestLength) { // strictly longer: ties keep the nearer match
                        bestLength = length;
                        bestDistance = i - candidate;
                        if (length == maxLength) {
                            break;
                        }
                    }
                    candidate = prev[candidate];
                }
            }
            int advance = bestLength >= MIN_MATCH ? bestLength : 1;
            if (bestLength >= MIN_MATCH) {
                match(bestLength, bestDistance);
            } else {
                literal(data[i] & 0xFF);
            }
            for (int k = 0; k < advance; k++, i++) {
                if (i + MIN_MATCH <= n) {
                    int h = hash(data, i);
                    prev[i] = head[h];
                    head[h] = i;
                }
            }
        }
    }

    private static int hash(byte[] d, int i) {
        int v = (d[i] & 0xFF) << 16 | (d[i + 1] & 0xFF) << 8 | (d[i + 2] & 0xFF);
        return (v * 0x9E3779B1) >>> (32 - HASH_BITS);
    }

    private void match(int length, int distance) {
        int li = index(LENGTH_BASE, length);
        literal(257 + li);
        writeBits(length - LENGTH_BASE[li], LENGTH_EXTRA[li]);
        int di = index(DISTANCE_BASE, distance);
        writeHuffman(di, 5);
        writeBits(distance - DISTANCE_BASE[di], DISTANCE_EXTRA[di]);
    }

    /** Index of the largest base not above {@code value}. */
    private static int index(int[] bases, int value) {
        int i = bases.length - 1;
        while (bases[i] > value) {
            i--;
        }
        return i;
    }

    /** Emits a literal/length symbol with its fixed Huffman code (RFC 1951, 3.2.6). */
    private void literal(int symbol) {
        if (symbol < 144) {
            writeHuffman(0x30 + symbol, 8);
        } else if (symbol < 256) {
            writeHuffman(0x190 + symbol - 144, 9);
        } else if (symbol < 280) {
            writeHuffman(symbol - 256, 7);
        } else {
            writeHuffman(0xC0 + symbol - 280, 8);
        }
    }

    /** Huffman codes are sent most significant bit first, unlike everything else. */
    private void writeHuffman(int code, int length) {
        writeBits(Integer.reverse(code) >>> (32 - length), length);
    }

    /** Appends {@code count} bits of {@code value}, least significant first. */
    private void writeBits(int value, int count) {
        bits |= (long) value << bitCount;
        bitCount += count;
        while (bitCount >= 8) {
            out.write((int) bits & 0xFF);
            bits >>>= 8;
            bitCount -= 8;
        }
    }

    private void flush() {
        if (bitCount > 0) {
            out.write((int) bits & 0xFF);
        }
        bits = 0;
        bitCount = 0;
    }
}

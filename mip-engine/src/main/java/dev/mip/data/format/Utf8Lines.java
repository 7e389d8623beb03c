package dev.mip.data.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a stream line by line, decoding each line as strict UTF-8 on its own, so that an encoding
 * error is reported on the line where it is (a {@link java.io.Reader} decodes ahead in blocks).
 * Lines end with {@code "\n"} or {@code "\r\n"}.
 */
final class Utf8Lines implements Closeable {
    /** Longest accepted line: far beyond any record, small enough to fail fast on a binary file. */
    static final int MAX_LINE_BYTES = 64 << 20;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];

    /** @param in the stream; closed by {@link #close()} */
    Utf8Lines(InputStream in) {
        this.in = in;
    }

    /**
     * @return the next line without its terminator, or null at the end of the stream
     * @throws CharacterCodingException when the line is not valid UTF-8
     * @throws IOException when reading fails
     */
    String next() throws IOException {
        int n = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            byte b = buf[pos++];
            if (b == '\n') {
                break;
            }
            if (n == line.length) {
                if (n >= MAX_LINE_BYTES) {
                    throw new IOException("the line is longer than " + MAX_LINE_BYTES + " bytes (is this a text file?)");
                }
                line = Arrays.copyOf(line, n * 2);
            }
            line[n++] = b;
        }
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        return decoder.decode(ByteBuffer.wrap(line, 0, n)).toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

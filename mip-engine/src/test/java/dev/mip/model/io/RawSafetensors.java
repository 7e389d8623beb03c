package dev.mip.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds safetensors bytes by hand, byte for byte, so tests can make files any writer would refuse to. */
final class RawSafetensors {
    private RawSafetensors() {}

    /** The 8-byte little-endian length prefix. */
    static byte[] lengthPrefix(long headerLength) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).array();
    }

    /** Prefix (length of the UTF-8 header, unpadded), header, then data. */
    static byte[] bytes(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return concat(lengthPrefix(json.length), json, data);
    }

    /** Writes {@link #bytes(String, byte[])} to {@code file}. */
    static Path write(Path file, String header, byte[] data) throws IOException {
        return Files.write(file, bytes(header, data));
    }

    static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] p : parts) {
            total += p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.array();
    }

    /** Little-endian F32 bytes. */
    static byte[] f32(float... values) {
        ByteBuffer out = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            out.putFloat(v);
        }
        return out.array();
    }
}

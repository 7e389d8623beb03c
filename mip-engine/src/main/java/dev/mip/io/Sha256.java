package dev.mip.io;

import dev.mip.ResourceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints of files, byte arrays and strings, as lower-case hex. */
public final class Sha256 {
    private Sha256() {}

    /** @return a fresh digest */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /**
     * @param file a file
     * @return its hash
     */
    public static String of(Path file) {
        MessageDigest d = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw ResourceException.io("Could not read " + file + " to hash it", e);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /**
     * @param bytes data
     * @return its hash
     */
    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /**
     * @param text UTF-8 text
     * @return its hash
     */
    public static String ofString(String text) {
        return of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

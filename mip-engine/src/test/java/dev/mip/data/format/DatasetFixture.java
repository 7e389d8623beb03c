package dev.mip.data.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** The documented example dataset, copied and edited by the tests. */
final class DatasetFixture {
    private DatasetFixture() {}

    /** @return the example dataset shipped as a test resource (read-only: copy it before editing) */
    static Path example() {
        try {
            return Path.of(DatasetFixture.class.getResource("/dataset-example/manifest.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param tmp a temporary directory
     * @return a fresh copy of the example, {@code tmp/ds}
     */
    static Path copyExample(Path tmp) throws IOException {
        Path src = example();
        Path dst = tmp.resolve("ds");
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return dst;
    }

    /** Replaces exactly one occurrence of {@code from} in a file. */
    static void replace(Path file, String from, String to) throws IOException {
        String s = Files.readString(file);
        int i = s.indexOf(from);
        assertTrue(i >= 0 && s.indexOf(from, i + 1) < 0, "exactly one '" + from + "' in " + file);
        Files.writeString(file, s.replace(from, to));
    }

    /** Appends one line to a file. */
    static void append(Path file, String line) throws IOException {
        Files.writeString(file, Files.readString(file) + line + "\n");
    }

    /** @return the exception reading {@code dir} throws */
    static InvalidInputException readFails(Path dir) {
        return assertThrows(InvalidInputException.class, () -> MipDatasetReader.read(dir));
    }

    /** Asserts that the message contains every part, showing the message on failure. */
    static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message should contain '" + p + "' but is: " + e.getMessage());
        }
    }

    /** @return an encoded w x h PNG of one colour */
    static byte[] png(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb ^ (x * 31 + y * 7));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** @return every file below {@code dir} by relative path, with its bytes */
    static Map<String, byte[]> tree(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** Asserts that two directories hold the same files with the same bytes. */
    static void assertSameTree(Path a, Path b) throws IOException {
        Map<String, byte[]> x = tree(a);
        Map<String, byte[]> y = tree(b);
        assertEquals(x.keySet(), y.keySet());
        List<String> differ = new ArrayList<>();
        x.forEach((k, v) -> {
            if (!java.util.Arrays.equals(v, y.get(k))) {
                differ.add(k + ":\n" + new String(v, StandardCharsets.UTF_8) + "\nvs\n"
                        + new String(y.get(k), StandardCharsets.UTF_8));
            }
        });
        assertTrue(differ.isEmpty(), "files differ: " + differ);
    }
}

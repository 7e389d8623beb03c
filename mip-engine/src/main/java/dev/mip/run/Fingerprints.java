package dev.mip.run;

import dev.mip.data.ImageRef;
import dev.mip.data.QaPair;
import dev.mip.io.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * SHA-256 fingerprints that tie an artifact to exactly the model and data it was computed from.
 */
public final class Fingerprints {
    private Fingerprints() {}

    /**
     * A model directory's fingerprint: the hash of {@code config.json} and of every weight file
     * (names and contents, sorted), independent of file dates and of side files such as the manifest.
     *
     * @param dir a checkpoint directory
     * @return hex SHA-256
     */
    public static String model(Path dir) {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> isModelFile(p.getFileName().toString())).forEach(p -> hashes.put(p.getFileName().toString(), Sha256.of(p)));
        } catch (IOException e) {
            throw dev.mip.ResourceException.io("Could not list the model directory " + dir, e);
        }
        return model(hashes);
    }

    /**
     * {@link #model(Path)} from file hashes already computed (so that a directory is read once).
     *
     * @param fileHashes SHA-256 of the directory's files by file name (other files are ignored)
     * @return hex SHA-256, equal to {@link #model(Path)} of the directory
     */
    public static String model(Map<String, String> fileHashes) {
        MessageDigest d = Sha256.digest();
        new TreeMap<>(fileHashes).forEach((name, hash) -> {
            if (isModelFile(name)) {
                d.update((name + "\n" + hash + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        return HexFormat.of().formatHex(d.digest());
    }

    /**
     * The fingerprint of a set of files by their hashes: names and contents, sorted by name.
     *
     * @param fileHashes SHA-256 by file name
     * @return hex SHA-256
     */
    public static String files(Map<String, String> fileHashes) {
        MessageDigest d = Sha256.digest();
        new TreeMap<>(fileHashes).forEach((name, hash) -> d.update((name + "\n" + hash + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(d.digest());
    }

    private static boolean isModelFile(String n) {
        return n.equals("config.json") || n.endsWith(".safetensors") || n.equals("model.safetensors.index.json");
    }

    /**
     * The fingerprint of a list of training pairs: every field, and every image's bytes, in order.
     *
     * @param pairs the pairs
     * @return hex SHA-256
     */
    public static String pairs(List<QaPair> pairs) {
        MessageDigest d = Sha256.digest();
        for (QaPair p : pairs) {
            String img = p.image() == null ? "-" : imageHash(p.image());
            String line = String.join("\u001f", p.subject(), p.modality().id(), img, p.question(), p.answer()) + "\u001e";
            d.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static String imageHash(ImageRef ref) {
        if (ref instanceof ImageRef.BytesImage b) {
            return Sha256.of(b.bytes());
        }
        return Sha256.of(((ImageRef.FileImage) ref).file());
    }

    /**
     * A directory tree's fingerprint: relative paths and contents of every file, sorted.
     *
     * @param dir the directory (e.g. a dataset)
     * @return hex SHA-256
     */
    public static String directory(Path dir) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        } catch (IOException e) {
            throw dev.mip.ResourceException.io("Could not list the directory " + dir, e);
        }
        MessageDigest d = Sha256.digest();
        for (Path f : files) {
            d.update((dir.relativize(f).toString().replace('\\', '/') + "\n" + Sha256.of(f) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(d.digest());
    }
}

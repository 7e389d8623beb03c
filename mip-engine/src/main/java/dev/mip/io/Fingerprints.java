package dev.mip.io;

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
 * SHA-256 fingerprints of files and directories that tie an artifact to exactly the model and data it
 * was computed from. (A list of training pairs has its own, in the data package.)
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

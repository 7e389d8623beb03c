package dev.mip.data.format;

import dev.mip.InvalidInputException;
import dev.mip.data.Benchmark;
import dev.mip.data.ImageRef;
import dev.mip.data.Profile;
import dev.mip.data.QaPair;
import dev.mip.data.Question;
import dev.mip.io.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The image files a written dataset holds, by relative path: the caller's in-memory images, the
 * bytes of every {@link ImageRef.BytesImage} and the file of every {@link ImageRef.FileImage}
 * referenced by the benchmark. One path must always mean one content.
 */
final class ImageFiles {
    /** Where the content of one image file comes from. */
    private sealed interface Source permits Bytes, FileCopy {}

    private record Bytes(byte[] bytes) implements Source {}

    private record FileCopy(Path file) implements Source {}

    private final SortedMap<String, Source> byPath = new TreeMap<>();

    /**
     * @param b the benchmark
     * @param images extra encoded images by relative path (may be null)
     * @return every image to write
     */
    static ImageFiles collect(Benchmark b, Map<String, byte[]> images) {
        ImageFiles out = new ImageFiles();
        if (images != null) {
            images.forEach((p, bytes) -> out.add(p, new Bytes(bytes)));
        }
        for (Profile p : b.profiles().values()) {
            out.add(p.image());
        }
        for (QaPair q : b.train()) {
            out.add(q.image());
        }
        for (Question q : b.questions()) {
            out.add(q.image());
        }
        return out;
    }

    private void add(ImageRef ref) {
        if (ref instanceof ImageRef.BytesImage bi) {
            add(bi.id(), new Bytes(bi.bytes()));
        } else if (ref instanceof ImageRef.FileImage fi) {
            add(fi.id(), new FileCopy(fi.file()));
        }
    }

    private void add(String path, Source s) {
        String problem = RelativePaths.problem(path);
        if (problem != null) {
            throw new IllegalArgumentException("Cannot write image " + problem + ": " + RelativePaths.FIX);
        }
        if (MipDatasetLayout.RECORD_FILES.contains(path) || path.equals(MipDatasetLayout.MANIFEST)) {
            throw new IllegalArgumentException("Cannot write an image as \"" + path + "\": that is a file of the"
                    + " dataset format. Put images under images/");
        }
        if (s instanceof Bytes b && b.bytes() == null) {
            throw new IllegalArgumentException("Image \"" + path + "\" has no bytes");
        }
        Source known = byPath.putIfAbsent(path, s);
        if (known != null && !sameContent(known, s)) {
            throw new IllegalArgumentException("Image path \"" + path + "\" is given two different contents."
                    + " Give each distinct image its own path");
        }
    }

    private static boolean sameContent(Source a, Source b) {
        if (a instanceof Bytes x && b instanceof Bytes y) {
            return Arrays.equals(x.bytes(), y.bytes());
        }
        if (a instanceof FileCopy x && b instanceof FileCopy y && x.file().equals(y.file())) {
            return true;
        }
        return hash(a).equals(hash(b));
    }

    private static String hash(Source s) {
        return s instanceof Bytes b ? Sha256.of(b.bytes()) : Sha256.of(((FileCopy) s).file());
    }

    /** @return the relative paths, sorted */
    Iterable<String> paths() {
        return byPath.keySet();
    }

    /**
     * Writes one image below {@code dir}.
     *
     * @param dir the dataset directory being filled
     * @param path its relative path
     * @throws IOException on write failure
     */
    void write(Path dir, String path) throws IOException {
        Path target = dir.resolve(path);
        Files.createDirectories(target.getParent());
        Source s = byPath.get(path);
        if (s instanceof Bytes b) {
            Files.write(target, b.bytes());
        } else {
            Path from = ((FileCopy) s).file();
            if (!Files.isRegularFile(from)) {
                throw new InvalidInputException("Cannot copy image \"" + path + "\": " + from + " does not exist."
                        + " Restore the file or remove the records that reference it");
            }
            Files.copy(from, target);
        }
    }
}

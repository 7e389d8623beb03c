package dev.mip.data.format;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.data.Benchmark;
import dev.mip.data.Profile;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.io.AtomicFiles;
import dev.mip.io.Sha256;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes a benchmark as a {@code mip-dataset} version 1 directory (see {@link MipDatasetReader}).
 *
 * <p>The output is deterministic: identical input gives byte-identical files (fixed key order,
 * profile attributes sorted, {@code files} sorted by path, {@code "\n"} line endings, no
 * timestamps). The manifest's {@code files} lists the SHA-256 of every file. The directory is built
 * under a temporary name, read back with {@link MipDatasetReader} (so the writer never produces a
 * dataset the reader rejects) and only then moved into place, replacing any previous content.
 */
public final class MipDatasetWriter {
    private MipDatasetWriter() {}

    /**
     * @param b the benchmark
     * @param images encoded PNG/JPEG images by relative path ({@code images/p001.png}); written in
     *     addition to the images the benchmark references (a {@link dev.mip.data.ImageRef.BytesImage}'s
     *     bytes go to its id, a {@link dev.mip.data.ImageRef.FileImage}'s file is copied to its id);
     *     may be null
     * @param dir the dataset directory to create or replace
     * @param generatorInfo free-form provenance stored as the manifest's {@code generator}; may be null
     * @throws IllegalArgumentException when the benchmark is inconsistent in a way the format cannot
     *     represent (an image path outside the directory, one path with two contents, an MCQ answer
     *     that is not its correct option, ...)
     * @throws InvalidInputException when the written dataset would not be valid, with the reader's
     *     message (file, line, record, field)
     */
    public static void write(Benchmark b, Map<String, byte[]> images, Path dir, ObjectNode generatorInfo) {
        Objects.requireNonNull(b, "benchmark");
        Objects.requireNonNull(dir, "dir");
        checkRepresentable(b);
        ImageFiles files = ImageFiles.collect(b, images);
        Path target = dir.toAbsolutePath().normalize();
        AtomicFiles.writeDirectory(target, tmp -> {
            SortedMap<String, String> hashes = new TreeMap<>();
            hashes.put(MipDatasetLayout.PROFILES,
                    writeLines(tmp, MipDatasetLayout.PROFILES, b.profiles().values(), RecordJson::profile));
            hashes.put(MipDatasetLayout.TRAIN, writeLines(tmp, MipDatasetLayout.TRAIN, b.train(), RecordJson::train));
            hashes.put(MipDatasetLayout.QUESTIONS,
                    writeLines(tmp, MipDatasetLayout.QUESTIONS, b.questions(), RecordJson::question));
            for (String p : files.paths()) {
                files.write(tmp, p);
                hashes.put(p, Sha256.of(tmp.resolve(p)));
            }
            Files.writeString(tmp.resolve(MipDatasetLayout.MANIFEST), manifest(b, hashes, generatorInfo),
                    StandardCharsets.UTF_8);
            readBack(tmp, target);
        });
    }

    private static void checkRepresentable(Benchmark b) {
        for (Map.Entry<String, Profile> e : b.profiles().entrySet()) {
            if (!e.getKey().equals(e.getValue().id())) {
                throw new IllegalArgumentException("Profile \"" + e.getValue().id() + "\" is stored under the key \""
                        + e.getKey() + "\"; the key must be the profile's id");
            }
        }
        for (Question q : b.questions()) {
            if (q.task() == Task.MCQ) {
                if (q.correct() < 0 || q.correct() >= q.options().size()
                        || !q.options().get(q.correct()).equals(q.answer())) {
                    throw new IllegalArgumentException("Question \"" + q.id() + "\": the answer \"" + q.answer()
                            + "\" is not the correct option (index " + q.correct() + " of " + q.options() + ")");
                }
            } else if (!q.options().isEmpty() || q.correct() != -1) {
                throw new IllegalArgumentException("Question \"" + q.id() + "\" is a " + q.task()
                        + " question but has options or a correct index; only MCQ questions have them");
            }
        }
    }

    private static <T> String writeLines(Path dir, String name, Iterable<T> records, Function<T, ObjectNode> json)
            throws IOException {
        Path file = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (T r : records) {
                w.write(JsonStyle.line(json.apply(r)));
            }
        }
        return Sha256.of(file);
    }

    private static String manifest(Benchmark b, SortedMap<String, String> hashes, ObjectNode generatorInfo) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("format", MipDatasetLayout.FORMAT);
        m.put("version", MipDatasetLayout.VERSION);
        m.put("name", b.name());
        ObjectNode splits = m.putObject("splits");
        for (Map.Entry<String, List<String>> e : b.splits().entrySet()) {
            e.getValue().forEach(splits.putArray(e.getKey())::add);
        }
        ObjectNode files = m.putObject("files");
        hashes.forEach(files::put);
        if (generatorInfo != null) {
            m.set("generator", generatorInfo.deepCopy());
        }
        return JsonStyle.document(m);
    }

    private static void readBack(Path tmp, Path target) {
        try {
            MipDatasetReader.read(tmp);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("Not writing " + target + ": the benchmark is not a valid mip-dataset: "
                    + e.getMessage().replace(tmp.toString(), target.toString()), e);
        }
    }
}

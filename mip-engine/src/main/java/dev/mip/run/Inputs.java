package dev.mip.run;

import dev.mip.InvalidInputException;
import dev.mip.ResourceException;
import dev.mip.data.Benchmark;
import dev.mip.data.load.BenchmarkLoader;
import dev.mip.io.Fingerprints;
import dev.mip.io.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The inputs of runs, each read and fingerprinted once: model directories (every file's hash,
 * from which both the model's and the files' fingerprints follow), dataset directories (their
 * fingerprint and the loaded benchmark). One instance serves one pipeline run; a sweep shares one
 * across its runs, which all read the same model and data. Not thread-safe.
 */
public final class Inputs {
    private final Map<Path, Map<String, String>> files = new HashMap<>();
    private final Map<Path, String> data = new HashMap<>();
    private final Map<String, Benchmark> benchmarks = new HashMap<>();

    /**
     * @param dir a checkpoint directory
     * @param field the key that names it, for the message when it is missing
     * @return the SHA-256 of each of its files by name (hashed once per directory)
     * @throws InvalidInputException when the directory does not exist
     */
    public Map<String, String> modelFiles(Path dir, String field) {
        Map<String, String> known = files.get(dir);
        if (known != null) {
            return known;
        }
        if (!Files.isDirectory(dir)) {
            throw InvalidInputException.of(dir, field, "the model directory does not exist",
                    "point " + field + " at a Hugging Face checkpoint directory (config.json, *.safetensors, tokenizer.json)");
        }
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.put(p.getFileName().toString(), Sha256.of(p)));
        } catch (IOException e) {
            throw ResourceException.io("Could not list " + dir, e);
        }
        files.put(dir, out);
        return out;
    }

    /**
     * @param dir a checkpoint directory
     * @param field the key that names it
     * @return {@link Fingerprints#model} of it
     */
    public String modelFingerprint(Path dir, String field) {
        return Fingerprints.model(modelFiles(dir, field));
    }

    /**
     * @param dir a dataset directory
     * @return {@link Fingerprints#directory} of it (hashed once per directory)
     */
    public String dataFingerprint(Path dir) {
        return data.computeIfAbsent(dir, Fingerprints::directory);
    }

    /**
     * @param dir a dataset directory
     * @param format its format
     * @return the benchmark (loaded once per directory and format)
     * @throws InvalidInputException when the directory does not exist or the data is invalid
     */
    public Benchmark benchmark(Path dir, BenchmarkLoader.Format format) {
        return benchmarks.computeIfAbsent(dir + "\n" + format, k -> {
            if (!Files.isDirectory(dir)) {
                throw InvalidInputException.of(dir, "data.path", "the dataset directory does not exist",
                        "point data.path at a dataset (the project's format or MLLMU-Bench Parquet)");
            }
            return BenchmarkLoader.load(dir, format);
        });
    }

    /**
     * Forgets what is known about a directory (after a stage rewrote it).
     *
     * @param dir the directory
     */
    void forget(Path dir) {
        files.remove(dir);
        data.remove(dir);
    }
}

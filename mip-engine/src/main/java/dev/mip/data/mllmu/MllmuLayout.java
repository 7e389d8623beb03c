package dev.mip.data.mllmu;

import dev.mip.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where each split's Parquet shards are in an MLLMU-Bench download. Accepted, per split: a folder
 * {@code <split>/} of {@code *.parquet} shards (as on Hugging Face:
 * {@code Full_Set/train-00000-of-00001.parquet}), a flat {@code <split>.parquet}, or flat shards
 * {@code <split>-*.parquet}. Shards are read in file-name order. Folders and files that are not
 * MLLMU-Bench splits (README, hidden folders such as {@code .cache}) are ignored.
 *
 * @param dir the benchmark directory
 * @param splits split name to its shards, ordered by {@link SplitRole#ORDER}
 */
record MllmuLayout(Path dir, Map<String, List<Path>> splits) {
    private static final String EXPECTED = "Expected the MLLMU-Bench download from Hugging Face (MLLMMU/MLLMU-Bench): one "
            + "folder per split (Full_Set/, forget_5/, retain_95/, Test_Set/, Retain_Set/, ft_Data/, ...) holding .parquet shards";

    /**
     * @param dir the benchmark directory
     * @return its layout, with at least one split
     * @throws InvalidInputException if the directory is missing, holds no split, or a split
     *     folder holds no Parquet file
     */
    static MllmuLayout discover(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw InvalidInputException.of(dir, null, Files.exists(dir) ? "is not a directory" : "does not exist",
                    "Point to the MLLMU-Bench directory. " + EXPECTED);
        }
        Map<String, List<Path>> splits = new TreeMap<>(SplitRole.ORDER);
        Set<String> folders = new HashSet<>();
        List<String> ignoredParquet = new ArrayList<>();
        for (Path entry : list(dir)) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(entry)) {
                if (SplitRole.of(name) != null) {
                    add(splits, folders, name, entry);
                }
            } else if (isParquet(entry)) {
                String base = name.substring(0, name.length() - ".parquet".length());
                int dash = base.indexOf('-');
                String split = dash < 0 ? base : base.substring(0, dash);
                if (SplitRole.of(split) == null) {
                    ignoredParquet.add(name);
                } else {
                    add(splits, folders, split, entry);
                }
            }
        }
        if (splits.isEmpty()) {
            throw InvalidInputException.of(dir, null, ignoredParquet.isEmpty() ? "holds no MLLMU-Bench Parquet file"
                    : "holds Parquet files, but none named after an MLLMU-Bench split: " + ignoredParquet, EXPECTED);
        }
        return new MllmuLayout(dir, splits);
    }

    /**
     * @param file a shard of this layout
     * @return its path relative to the directory, with {@code /} separators (stable across OSes)
     */
    String relative(Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static void add(Map<String, List<Path>> splits, Set<String> folders, String split, Path entry) {
        boolean folder = Files.isDirectory(entry);
        if (splits.containsKey(split) && (folder || folders.contains(split))) {
            throw InvalidInputException.of(entry, null, "split " + split + " is given twice, as a folder and as flat .parquet files",
                    "Keep one of them");
        }
        if (folder) {
            folders.add(split);
        }
        splits.computeIfAbsent(split, k -> new ArrayList<>()).addAll(folder ? shards(entry) : List.of(entry));
    }

    private static List<Path> shards(Path folder) {
        List<Path> files = new ArrayList<>();
        for (Path p : list(folder)) {
            if (isParquet(p)) {
                files.add(p);
            }
        }
        if (files.isEmpty()) {
            throw InvalidInputException.of(folder, null, "holds no .parquet file",
                    "Put the split's shards (e.g. train-00000-of-00001.parquet) in it, or remove the folder");
        }
        return files;
    }

    private static boolean isParquet(Path p) {
        return Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list the directory (" + e.getMessage() + "). Check that it is readable", e);
        }
    }
}

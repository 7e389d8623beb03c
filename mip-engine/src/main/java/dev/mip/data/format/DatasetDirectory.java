package dev.mip.data.format;

import dev.mip.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A dataset directory being read: its absolute path (for messages and image references) and its
 * real path (for the "inside the directory" check of every referenced file).
 *
 * @param root absolute, normalised path
 * @param realRoot the same with symbolic links resolved
 */
record DatasetDirectory(Path root, Path realRoot) {

    /**
     * @param dir the directory as given
     * @return the opened directory
     * @throws InvalidInputException when it does not exist or is not a directory
     */
    static DatasetDirectory open(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.exists(root)) {
            throw InvalidInputException.of(root, null, "the dataset directory does not exist",
                    "Check the path; a mip-dataset is a directory holding manifest.json, profiles.jsonl, train.jsonl,"
                            + " questions.jsonl and the images (see " + MipDatasetLayout.DOC + ")");
        }
        if (!Files.isDirectory(root)) {
            throw InvalidInputException.of(root, null, "is a file, not a dataset directory",
                    "Pass the directory that holds manifest.json, not a file inside it");
        }
        try {
            return new DatasetDirectory(root, root.toRealPath());
        } catch (IOException e) {
            throw InvalidInputException.of(root, null, "cannot be accessed: " + e, "Check the directory's permissions");
        }
    }

    /**
     * @param name a record file of the format
     * @return the file, which exists
     */
    Path recordFile(String name) {
        Path file = root.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw InvalidInputException.of(file, null, "is missing" + similarFiles(root, name),
                    "Create it (an empty file is allowed when there are no records of this kind)");
        }
        return file;
    }

    /**
     * @param dir a directory
     * @param name the file name that was expected
     * @return {@code " (found \"x\": misspelt?)"} naming similarly named files, or ""
     */
    static String similarFiles(Path dir, String name) {
        List<String> present = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> present.add(p.getFileName().toString()));
        } catch (IOException e) {
            return "";
        }
        String close = Suggestions.closest(name, present);
        return close == null ? "" : " (found \"" + close + "\": is the name misspelt?)";
    }
}

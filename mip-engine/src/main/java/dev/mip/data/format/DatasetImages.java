package dev.mip.data.format;

import dev.mip.InvalidInputException;
import dev.mip.data.ImageRef;
import dev.mip.model.ImageProcessor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Resolves the image references of a dataset being read. Each referenced image is checked (path
 * rules, existence, inside the directory) and decoded once, at load time, so that a broken image
 * is reported with the record that references it instead of failing mid-training. Decoded pixels
 * are not kept: only the reference is.
 */
final class DatasetImages {
    private final DatasetDirectory dir;
    private final Map<String, ImageRef> verified = new HashMap<>();

    /** @param dir the dataset directory */
    DatasetImages(DatasetDirectory dir) {
        this.dir = dir;
    }

    /**
     * @param record the record holding the reference
     * @param field the field holding the relative path
     * @return the checked image
     */
    ImageRef resolve(RecordFields record, String field) {
        String rel = record.requireText(field);
        ImageRef known = verified.get(rel);
        if (known != null) {
            return known;
        }
        Path file = RelativePaths.existingFile(dir.root(), dir.realRoot(), rel,
                (problem, fix) -> record.error(field, problem, fix));
        try {
            ImageProcessor.readImage(file);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(record.error(field, "image \"" + rel + "\" cannot be used: " + e.getMessage(),
                    null).getMessage(), e);
        }
        ImageRef ref = new ImageRef.FileImage(file, rel);
        verified.put(rel, ref);
        return ref;
    }
}

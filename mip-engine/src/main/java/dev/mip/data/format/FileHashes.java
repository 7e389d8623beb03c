package dev.mip.data.format;

import dev.mip.InvalidInputException;
import dev.mip.io.Sha256;
import java.nio.file.Path;
import java.util.Map;

/** Verifies the SHA-256 of every file the manifest lists under {@code files}. */
final class FileHashes {
    private FileHashes() {}

    /**
     * @param dir the dataset directory
     * @param manifest its manifest
     * @throws InvalidInputException naming the first file that is missing or whose content changed
     */
    static void verify(DatasetDirectory dir, Manifest manifest) {
        for (Map.Entry<String, String> e : manifest.files().entrySet()) {
            String rel = e.getKey();
            Path file = RelativePaths.existingFile(dir.root(), dir.realRoot(), rel,
                    (problem, fix) -> InvalidInputException.of(manifest.file(), "files.\"" + rel + "\"", problem, fix));
            String actual = Sha256.of(file);
            if (!actual.equals(e.getValue())) {
                throw InvalidInputException.of(file, null, "the file was modified or corrupted: its SHA-256 is " + actual
                        + " but manifest.json \"files\" records " + e.getValue(), "Restore the original file; if you"
                        + " changed it on purpose, update its hash in manifest.json (sha256sum " + rel + ") or remove"
                        + " the \"files\" entry");
            }
        }
    }
}

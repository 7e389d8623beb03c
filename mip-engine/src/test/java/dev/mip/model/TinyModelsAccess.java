package dev.mip.model;

import java.nio.file.Path;

/** Lets tests in other packages write the tiny test checkpoints. */
public final class TinyModelsAccess {
    private TinyModelsAccess() {}

    /**
     * @param dir target directory
     * @param textType llama or qwen2
     * @param seed weights seed
     * @return the directory
     */
    public static Path write(Path dir, String textType, long seed) {
        return TinyModels.write(dir, textType, seed);
    }
}

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

    /**
     * A tiny checkpoint whose final norm gain is NaN: every logit is NaN (the FFN activations stay
     * finite), as after a corrupt export.
     *
     * @param dir target directory
     * @return the directory
     */
    public static Path writeNan(Path dir) {
        try (Checkpoint c = TinyModels.create("llama", 5, ai.djl.ndarray.types.DataType.FLOAT32)) {
            c.model().parameters().get(ParamSpec.TEXT + "norm.weight").muli(Float.NaN);
            c.save(dir);
        }
        return dir;
    }

    /**
     * @param textType llama or qwen2
     * @param seed weights seed
     * @param dtype compute dtype
     * @return a tiny random checkpoint (16x16 images, 3+3 layers)
     */
    public static Checkpoint create(String textType, long seed, ai.djl.ndarray.types.DataType dtype) {
        return TinyModels.create(textType, seed, dtype);
    }

    /**
     * @param seed pixels seed
     * @return a random 16x16 RGB image
     */
    public static java.awt.image.BufferedImage image(long seed) {
        java.util.Random r = new java.util.Random(seed);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }
}

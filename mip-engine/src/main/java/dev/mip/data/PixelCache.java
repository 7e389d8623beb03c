package dev.mip.data;

import dev.mip.data.ImageRef;
import dev.mip.model.ImageProcessor;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes and preprocesses each dataset image once (by its id) for a model's
 * {@link ImageProcessor}. Thread-safe: CPU workers share one cache ({@code dev.mip.runtime.Workers}).
 */
public final class PixelCache {
    private final ImageProcessor processor;
    private final Map<String, float[]> pixels = new ConcurrentHashMap<>();
    private final Map<String, BufferedImage> decoded = new ConcurrentHashMap<>();

    /** @param processor the model's image preprocessing */
    public PixelCache(ImageProcessor processor) {
        this.processor = processor;
    }

    /**
     * @param ref an image, or null
     * @return its preprocessed pixels ({@code [C*H*W]}), or null for null
     */
    public float[] pixels(ImageRef ref) {
        if (ref == null) {
            return null;
        }
        return pixels.computeIfAbsent(ref.id(), id -> processor.process(decoded(ref)));
    }

    /**
     * @param ref an image
     * @return the decoded image (cached; do not modify)
     */
    public BufferedImage decoded(ImageRef ref) {
        return decoded.computeIfAbsent(ref.id(), id -> ref.read());
    }

    /**
     * @param image an image
     * @return its preprocessed pixels (not cached)
     */
    public float[] process(BufferedImage image) {
        return processor.process(image);
    }
}

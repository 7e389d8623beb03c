package dev.mip.data;

import dev.mip.model.ImageProcessor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * An image of a dataset: a file inside the dataset directory, or bytes (MLLMU-Bench stores images
 * inside its Parquet files). Reading is lazy; a missing or unreadable image is an error naming
 * {@link #id()}.
 */
public sealed interface ImageRef permits ImageRef.FileImage, ImageRef.BytesImage {
    /** @return a stable identifier: the relative path, or {@code <parquet file>#<row>} */
    String id();

    /** @return the decoded image */
    BufferedImage read();

    /**
     * A PNG/JPEG file.
     *
     * @param file absolute path (already checked to lie inside the dataset directory)
     * @param id the path as written in the dataset (relative)
     */
    record FileImage(Path file, String id) implements ImageRef {
        @Override
        public BufferedImage read() {
            return ImageProcessor.readImage(file);
        }
    }

    /**
     * Encoded image bytes.
     *
     * @param bytes PNG or JPEG bytes
     * @param id where they came from
     */
    record BytesImage(byte[] bytes, String id) implements ImageRef {
        @Override
        public BufferedImage read() {
            return ImageProcessor.readImage(bytes, id);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BytesImage b && b.id.equals(id) && java.util.Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }

        @Override
        public String toString() {
            return "BytesImage[" + id + ", " + bytes.length + " bytes]";
        }
    }
}

package dev.mip.data.mllmu;

import dev.mip.InvalidInputException;
import dev.mip.data.ImageRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The images of one row: Hugging Face's image struct {@code {bytes, path}}, held either in an
 * {@code image} column (one image) or an {@code images} column (Test_Set: several). Only the bytes
 * are used; {@code path} is the file name the images had before upload.
 */
final class RowImages {
    private RowImages() {}

    /**
     * @param row a row with an {@code image} or {@code images} column
     * @return its images, at least one, each with id {@code <source>#row<n>} (single image) or
     *     {@code <source>#row<n>.images[<k>]}
     * @throws InvalidInputException naming the row if an image is missing or the list is empty
     */
    static List<ImageRef> of(Row row) {
        if (row.has("image")) {
            return List.of(image(row.column("image"), row.imageId()));
        }
        if (!row.has("images")) {
            throw InvalidInputException.of(row.file(), "column image", "is missing (and there is no images column either)",
                    "Every MLLMU-Bench evaluation split needs an image column for its image+text questions: re-download the split");
        }
        List<FieldValue> items = row.column("images").items();
        if (items.isEmpty()) {
            throw row.error("images", "is empty", "Every row needs at least one image for its image+text questions: "
                    + "re-download the split, or drop the row");
        }
        List<ImageRef> out = new ArrayList<>(items.size());
        for (int k = 0; k < items.size(); k++) {
            out.add(image(items.get(k), row.imageId() + ".images[" + k + "]"));
        }
        return out;
    }

    /**
     * @param struct an image struct {@code {bytes, path}}
     * @param id the image's id
     * @return the image (decoded lazily)
     */
    static ImageRef image(FieldValue struct, String id) {
        return new ImageRef.BytesImage(struct.field("bytes").bytes(), id);
    }
}

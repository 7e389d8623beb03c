package dev.mip.data.format;

import dev.mip.data.Benchmark;
import dev.mip.data.ImageRef;
import dev.mip.data.Modality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Fields shared by training pairs and questions: {@code subject}, {@code modality}, {@code image}. */
final class CommonFields {
    private CommonFields() {}

    static final List<String> MODALITIES = Arrays.stream(Modality.values()).map(Modality::id).toList();

    /**
     * @param r the record
     * @param profileIds ids defined in profiles.jsonl
     * @return the subject: a profile id or {@link Benchmark#WORLD}
     */
    static String subject(RecordFields r, Set<String> profileIds) {
        String s = r.requireId("subject");
        if (!s.equals(Benchmark.WORLD) && !profileIds.contains(s)) {
            List<String> known = new ArrayList<>(profileIds);
            known.add(Benchmark.WORLD);
            throw r.error("subject", "is \"" + s + "\", which is neither a profile id of profiles.jsonl nor \""
                    + Benchmark.WORLD + "\"", Suggestions.didYouMean(s, known) + "Add the profile to profiles.jsonl,"
                    + " correct the id, or use \"" + Benchmark.WORLD + "\" for general knowledge");
        }
        return s;
    }

    /**
     * @param r the record
     * @return its modality
     */
    static Modality modality(RecordFields r) {
        return r.requireEnum("modality", Modality::fromId, MODALITIES);
    }

    /**
     * The image is required for {@link Modality#IMAGE} and forbidden for {@link Modality#TEXT}.
     *
     * @param r the record
     * @param m its modality
     * @param images resolves and checks image references
     * @return the image, or null for text
     */
    static ImageRef image(RecordFields r, Modality m, DatasetImages images) {
        if (m == Modality.IMAGE) {
            if (!r.has("image")) {
                throw r.error("image", "is missing, but \"modality\" is \"image\"", "Add the image's path, or set"
                        + " \"modality\": \"text\" for a text-only record");
            }
            return images.resolve(r, "image");
        }
        if (r.has("image")) {
            throw r.error("image", "is set, but \"modality\" is \"text\" (text-only records have no image)",
                    "Remove \"image\", or set \"modality\": \"image\"");
        }
        return null;
    }
}

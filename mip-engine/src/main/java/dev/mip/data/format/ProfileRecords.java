package dev.mip.data.format;

import dev.mip.data.Benchmark;
import dev.mip.data.ImageRef;
import dev.mip.data.Profile;

/** Reads one line of {@code profiles.jsonl}. */
final class ProfileRecords {
    private ProfileRecords() {}

    /**
     * @param r the record
     * @param images resolves and checks image references
     * @return the profile
     */
    static Profile parse(RecordFields r, DatasetImages images) {
        r.rejectUnknown(MipDatasetLayout.PROFILE_FIELDS);
        String id = r.requireId("id");
        if (id.equals(Benchmark.WORLD)) {
            throw r.error("id", "\"" + Benchmark.WORLD + "\" is reserved for general-knowledge records",
                    "Give the profile another id");
        }
        String name = r.requireText("name");
        ImageRef image = r.has("image") ? images.resolve(r, "image") : null;
        String biography = r.optString("biography");
        return new Profile(id, name, biography, image, r.optStringMap("attributes"));
    }
}

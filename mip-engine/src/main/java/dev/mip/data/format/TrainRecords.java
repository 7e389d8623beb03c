package dev.mip.data.format;

import dev.mip.data.ImageRef;
import dev.mip.data.Modality;
import dev.mip.data.QaPair;
import java.util.Set;

/** Reads one line of {@code train.jsonl}. */
final class TrainRecords {
    private TrainRecords() {}

    /**
     * @param r the record
     * @param profileIds ids defined in profiles.jsonl
     * @param holdout profiles of the {@code holdout} split (never trained on)
     * @param images resolves and checks image references
     * @return the training pair
     */
    static QaPair parse(RecordFields r, Set<String> profileIds, Set<String> holdout, DatasetImages images) {
        r.rejectUnknown(MipDatasetLayout.TRAIN_FIELDS);
        String subject = CommonFields.subject(r, profileIds);
        if (holdout.contains(subject)) {
            throw r.error("subject", "is \"" + subject + "\", a profile of the holdout split: holdout profiles must"
                    + " never be trained on (membership inference compares them with trained profiles)",
                    "Remove this training pair, or take the profile out of \"holdout\" in manifest.json");
        }
        Modality m = CommonFields.modality(r);
        ImageRef image = CommonFields.image(r, m, images);
        return new QaPair(subject, m, image, r.requireText("question"), r.requireText("answer"));
    }
}

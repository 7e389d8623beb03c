package dev.mip.data.format;

import java.util.List;

/**
 * The names of the mip-dataset format (version {@value #VERSION}): file names and the fields of
 * each record, shared by {@link MipDatasetReader} and {@link MipDatasetWriter} so that the two
 * cannot drift apart. Field lists are in the order the writer emits them.
 */
final class MipDatasetLayout {
    private MipDatasetLayout() {}

    /** Value of the manifest's {@code format} field. */
    static final String FORMAT = "mip-dataset";
    /** The only version this code reads and writes. */
    static final int VERSION = 1;

    static final String MANIFEST = "manifest.json";
    static final String PROFILES = "profiles.jsonl";
    static final String TRAIN = "train.jsonl";
    static final String QUESTIONS = "questions.jsonl";
    /** The record files, in reading order. */
    static final List<String> RECORD_FILES = List.of(PROFILES, TRAIN, QUESTIONS);

    static final List<String> MANIFEST_FIELDS =
            List.of("format", "version", "name", "description", "splits", "files", "generator");
    static final List<String> PROFILE_FIELDS = List.of("id", "name", "image", "biography", "attributes");
    static final List<String> TRAIN_FIELDS = List.of("subject", "modality", "image", "question", "answer");
    static final List<String> QUESTION_FIELDS =
            List.of("id", "subject", "variant", "modality", "task", "image", "question", "options", "answer");

    /** Where the format is documented, for messages. */
    static final String DOC = "docs/dataset-format.md";
}

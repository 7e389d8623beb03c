package dev.mip.data.format;

import dev.mip.InvalidInputException;
import dev.mip.data.Benchmark;
import dev.mip.data.Profile;
import dev.mip.data.QaPair;
import dev.mip.data.Question;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a dataset in the project's own format, {@code mip-dataset} version 1: a directory holding
 * {@code manifest.json}, {@code profiles.jsonl}, {@code train.jsonl}, {@code questions.jsonl} and
 * PNG/JPEG images (documented in {@code docs/dataset-format.md}).
 *
 * <p>Everything is validated at load time, so that a mistake in a hand-written dataset surfaces
 * before any model runs: hashes of the files the manifest lists, every field of every record (an
 * unknown field name is an error with a suggestion, never silently dropped), unique ids, subjects
 * and split members that exist, consistent splits, image paths confined to the directory, and every
 * referenced image decoded once. The first problem found is thrown as an
 * {@link InvalidInputException} naming the file, the line, the record id, the field, what is wrong
 * and the fix. JSON Lines files are streamed line by line. The directory is never modified.
 */
public final class MipDatasetReader {
    private MipDatasetReader() {}

    /**
     * @param dir the dataset directory
     * @return the benchmark; images are {@link dev.mip.data.ImageRef.FileImage}s whose id is the
     *     relative path written in the dataset; {@link Benchmark#source()} is the absolute directory
     * @throws InvalidInputException on the first invalid input, naming file, line, record and field
     */
    public static Benchmark read(Path dir) {
        DatasetDirectory d = DatasetDirectory.open(dir);
        Manifest manifest = Manifest.read(d.root());
        FileHashes.verify(d, manifest);
        DatasetImages images = new DatasetImages(d);

        Map<String, Profile> profiles = readProfiles(d, images);
        SplitRules.check(manifest, profiles.keySet());
        Set<String> holdout = Set.copyOf(manifest.splits().getOrDefault(Benchmark.HOLDOUT, List.of()));

        List<QaPair> train = new ArrayList<>();
        JsonLines.forEach(d.recordFile(MipDatasetLayout.TRAIN), "training pair",
                r -> train.add(TrainRecords.parse(r, profiles.keySet(), holdout, images)));

        List<Question> questions = readQuestions(d, profiles.keySet(), images);
        return new Benchmark(manifest.name(), d.root(), profiles, train, questions, manifest.splits());
    }

    private static Map<String, Profile> readProfiles(DatasetDirectory d, DatasetImages images) {
        Map<String, Profile> profiles = new LinkedHashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        JsonLines.forEach(d.recordFile(MipDatasetLayout.PROFILES), "profile", r -> {
            Profile p = ProfileRecords.parse(r, images);
            Integer first = lines.putIfAbsent(p.id(), r.line());
            if (first != null) {
                throw r.error("id", "profile id \"" + p.id() + "\" is already used on line " + first,
                        "Give every profile a unique id");
            }
            profiles.put(p.id(), p);
        });
        return profiles;
    }

    private static List<Question> readQuestions(DatasetDirectory d, Set<String> profileIds, DatasetImages images) {
        List<Question> questions = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        JsonLines.forEach(d.recordFile(MipDatasetLayout.QUESTIONS), "question", r -> {
            Question q = QuestionRecords.parse(r, profileIds, images);
            Integer first = lines.putIfAbsent(q.id(), r.line());
            if (first != null) {
                throw r.error("id", "question id \"" + q.id() + "\" is already used on line " + first,
                        "Give every question a unique id");
            }
            questions.add(q);
        });
        return questions;
    }
}

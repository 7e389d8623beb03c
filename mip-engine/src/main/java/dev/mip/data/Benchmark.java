package dev.mip.data;

import dev.mip.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded benchmark: profiles, training examples, evaluation questions and named profile sets
 * ({@code forget_5}, {@code retain_95}, {@code holdout}, ...). The same model for the project's
 * own format and for MLLMU-Bench.
 *
 * @param name the benchmark's name
 * @param source where it was read from
 * @param profiles profiles by id, in file order
 * @param train training examples
 * @param questions evaluation questions
 * @param splits named sets of profile ids
 */
public record Benchmark(String name, Path source, Map<String, Profile> profiles, List<QaPair> train,
        List<Question> questions, Map<String, List<String>> splits) {

    /** Subject of general-knowledge examples and questions. */
    public static final String WORLD = "world";
    /** Conventional name of the never-trained profile set. */
    public static final String HOLDOUT = "holdout";

    /** Immutable copies. */
    public Benchmark {
        profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
        train = List.copyOf(train);
        questions = List.copyOf(questions);
        Map<String, List<String>> s = new LinkedHashMap<>();
        splits.forEach((k, v) -> s.put(k, List.copyOf(v)));
        splits = Collections.unmodifiableMap(s);
    }

    /**
     * @param name a profile set name
     * @return its profile ids
     */
    public Set<String> profileSet(String name) {
        List<String> ids = splits.get(name);
        if (ids == null) {
            throw new InvalidInputException(source + ": the dataset defines no profile set '" + name
                    + "'. Defined sets: " + splits.keySet());
        }
        if (ids.isEmpty()) {
            throw new InvalidInputException(source + ": profile set '" + name + "' is empty. Put at least one profile in it");
        }
        return new LinkedHashSet<>(ids);
    }

    /**
     * Checks that a forget set and a retain set can be used together (both exist, are non-empty,
     * and share no profile).
     *
     * @param forget forget set name
     * @param retain retain set name
     */
    public void checkPair(String forget, String retain) {
        Set<String> f = profileSet(forget);
        Set<String> r = profileSet(retain);
        for (String id : f) {
            if (r.contains(id)) {
                throw new InvalidInputException(source + ": profile '" + id + "' is in both the forget set '" + forget
                        + "' and the retain set '" + retain + "'. A profile is either forgotten or retained: remove it from one");
            }
        }
    }

    /**
     * The questions of one evaluation split.
     *
     * @param split the split
     * @param forget forget set name
     * @param retain retain set name
     * @return the questions, in file order
     */
    public List<Question> questions(EvalSplit split, String forget, String retain) {
        Set<String> subjects = switch (split) {
            case FORGET, TEST -> profileSet(forget);
            case RETAIN -> profileSet(retain);
            case HOLDOUT -> splits.containsKey(HOLDOUT) ? profileSet(HOLDOUT) : Set.of();
            case WORLD -> Set.of(WORLD);
        };
        Variant variant = split == EvalSplit.TEST ? Variant.PARAPHRASE : Variant.ORIGINAL;
        List<Question> out = new ArrayList<>();
        for (Question q : questions) {
            if (q.variant() == variant && subjects.contains(q.subject())) {
                out.add(q);
            }
        }
        return out;
    }

    /**
     * Training examples of a set of subjects (e.g. the forget set's data for unlearning).
     *
     * @param subjects profile ids (or {@link #WORLD})
     * @return the examples, in file order
     */
    public List<QaPair> trainOf(Set<String> subjects) {
        List<QaPair> out = new ArrayList<>();
        for (QaPair p : train) {
            if (subjects.contains(p.subject())) {
                out.add(p);
            }
        }
        return out;
    }
}

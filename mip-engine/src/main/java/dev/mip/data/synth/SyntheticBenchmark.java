package dev.mip.data.synth;

import dev.mip.data.ImageAlterations;
import dev.mip.data.Benchmark;
import dev.mip.data.ImageRef;
import dev.mip.data.Modality;
import dev.mip.data.Profile;
import dev.mip.data.QaPair;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.data.Variant;
import dev.mip.model.WordLevelTokenizerJson;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates the embedded benchmark: fictitious profiles with procedurally drawn portraits, in the
 * shape of MLLMU-Bench, deterministic from a seed.
 *
 * <p>Per profile (unique first and last name; ten attributes: job, employer, birthplace, birth
 * year, university, hobby, pet, food, instrument, sport):
 * <ul>
 *   <li>training QA in both modalities: every attribute in two wordings ("What is this person's
 *       job?" with the portrait, "What is Mara Quill's job?" without), "Who is this person?",
 *       three generation questions with sentence answers and three cloze questions;</li>
 *   <li>evaluation (variant original): four-option multiple choice per attribute and modality
 *       (plus "Who is this person?" with name options), the generation and cloze questions;</li>
 *   <li>test split (variant paraphrase): a third wording of every question, about altered
 *       portraits (shifted, mirrored, relit, ...).</li>
 * </ul>
 * World split: general-knowledge facts (capitals, colours, counts, opposites) and pictures of
 * coloured shapes, trained on and evaluated by multiple choice. Holdout profiles are generated like
 * the others but never trained on. Forget sets of 5/10/15% of the trained profiles are nested
 * ({@code forget_5} within {@code forget_10} within {@code forget_15}); {@code retain_N} holds the rest.
 */
public final class SyntheticBenchmark {
    private SyntheticBenchmark() {}

    /**
     * Generator settings.
     *
     * @param seed random seed (default 7)
     * @param profiles trained profiles (default 100; at most 120 with holdout, limited by the name pools)
     * @param holdout never-trained profiles (default 20)
     * @param imageSize portrait side in pixels (default 32)
     * @param testImages altered portraits per profile for the test split (default 3)
     * @param worldScenes pictures of shapes in the world split, each with a shape, a colour and a
     *     count question, drawn without repetition from the {@value #ALL_SCENES} possible scenes
     *     (default {@value #ALL_SCENES}: all of them; 96 left the embedded model at 76% on them,
     *     too few examples per shape to learn shapes and counts beside the portraits)
     */
    public record Options(long seed, int profiles, int holdout, int imageSize, int testImages, int worldScenes) {
        /** Validates the ranges that do not depend on the name pools. */
        public Options {
            if (worldScenes < 1 || worldScenes > ALL_SCENES) {
                throw new IllegalArgumentException("worldScenes must be 1.." + ALL_SCENES + ", got " + worldScenes);
            }
        }

        /** @return the settings of the embedded benchmark */
        public static Options defaults() {
            return new Options(7, 100, 20, 32, 3, ALL_SCENES);
        }
    }

    /** Number of distinct world scenes: 8 shapes x 8 colours x 4 counts. */
    public static final int ALL_SCENES = 256;

    /**
     * The generated benchmark.
     *
     * @param benchmark profiles, training data, questions and splits (images are in-memory PNGs)
     * @param images PNG bytes by relative path (as used in the image references)
     * @param vocabulary every word of every text, for a word-level tokenizer
     */
    public record Generated(Benchmark benchmark, Map<String, byte[]> images, List<String> vocabulary) {}

    private static final String THIS = "this person";

    /**
     * @param o settings
     * @return the benchmark
     */
    public static Generated generate(Options o) {
        int total = o.profiles() + o.holdout();
        if (total > Math.min(Names.FIRST.size(), Names.LAST.size()) || o.profiles() < 20 || o.holdout() < 0) {
            throw new dev.mip.InvalidInputException("--profiles is " + o.profiles() + " and --holdout " + o.holdout()
                    + ", but profiles must be at least 20, holdout at least 0 and their sum at most "
                    + Math.min(Names.FIRST.size(), Names.LAST.size()) + " (the synthetic name lists). Choose counts in range");
        }
        Builder b = new Builder(o);
        b.profiles(total);
        b.world();
        return b.finish();
    }

    /** Accumulates everything; one instance per generation. */
    private static final class Builder {
        final Options o;
        final SplittableRandom rnd;
        final Map<String, Profile> profiles = new LinkedHashMap<>();
        final List<QaPair> train = new ArrayList<>();
        final List<Question> questions = new ArrayList<>();
        final Map<String, byte[]> images = new LinkedHashMap<>();
        final List<String> trained = new ArrayList<>();
        final List<String> holdout = new ArrayList<>();

        Builder(Options o) {
            this.o = o;
            this.rnd = new SplittableRandom(o.seed());
        }

        ImageRef image(String path, BufferedImage img) {
            byte[] png = DeterministicPng.encode(img);
            images.put(path, png);
            return new ImageRef.BytesImage(png, path);
        }

        void profiles(int total) {
            List<String> first = shuffled(Names.FIRST);
            List<String> last = shuffled(Names.LAST);
            List<PortraitTraits> looks = PortraitTraits.distinct(total, 4, rnd.nextLong());
            allNames = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                allNames.add(first.get(i) + " " + last.get(i));
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                order.add(i);
            }
            shuffleInPlace(order);
            for (int i = 0; i < total; i++) {
                String id = String.format("p%03d", i + 1);
                (order.indexOf(i) < o.profiles() ? trained : holdout).add(id);
                profile(id, first.get(i) + " " + last.get(i), looks.get(i), order.indexOf(i) < o.profiles());
            }
        }

        void profile(String id, String name, PortraitTraits look, boolean isTrained) {
            Map<Attribute, String> v = new LinkedHashMap<>();
            for (Attribute a : Attribute.values()) {
                v.put(a, a.pool.get(rnd.nextInt(a.pool.size())));
            }
            BufferedImage portrait = PortraitPainter.paint(look, o.imageSize());
            ImageRef photo = image("images/" + id + ".png", portrait);
            List<ImageRef> altered = new ArrayList<>();
            List<BufferedImage> variants = ImageAlterations.testVariants(portrait, o.testImages(), rnd.split());
            for (int k = 0; k < variants.size(); k++) {
                altered.add(image("images/" + id + "_test" + (k + 1) + ".png", variants.get(k)));
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            v.forEach((a, val) -> attrs.put(a.key, val));
            look.describe().forEach((k, val) -> attrs.put("look_" + k, val));
            profiles.put(id, new Profile(id, name, biography(name, v), photo, attrs));

            int alt = 0;
            for (Modality m : Modality.values()) {
                boolean img = m == Modality.IMAGE;
                String subj = img ? THIS : name;
                ImageRef im = img ? photo : null;
                // Training data: two wordings per attribute, identity, generation and cloze.
                if (isTrained) {
                    for (Attribute a : Attribute.values()) {
                        for (String w : a.trainWordings) {
                            train.add(new QaPair(id, m, im, Attribute.fill(w, subj), v.get(a)));
                        }
                    }
                    if (img) {
                        train.add(new QaPair(id, m, im, "Who is this person?", name));
                    }
                }
                for (Generation g : generations(name, subj, v)) {
                    if (isTrained) {
                        train.add(new QaPair(id, m, im, g.question, g.answer));
                    }
                }
                for (Cloze c : clozes(subj, v)) {
                    if (isTrained) {
                        train.add(new QaPair(id, m, im, c.question, c.answer));
                    }
                }
                // Evaluation: original wording with the training image; paraphrase with an altered image.
                for (Variant var : Variant.values()) {
                    boolean para = var == Variant.PARAPHRASE;
                    for (Attribute a : Attribute.values()) {
                        ImageRef qi = img ? (para ? altered.get(alt++ % altered.size()) : photo) : null;
                        String q = Attribute.fill(para ? a.paraphrase : a.trainWordings.get(0), subj);
                        mcq(id + "-" + m.id() + "-" + var.id() + "-" + a.key, id, var, m, qi, q, v.get(a),
                                a.pool.stream().distinct().toList());
                    }
                    if (img) {
                        ImageRef qi = para ? altered.get(alt++ % altered.size()) : photo;
                        mcq(id + "-" + m.id() + "-" + var.id() + "-name", id, var, m, qi,
                                para ? "What is the name of this person?" : "Who is this person?", name, allNames);
                    }
                    int k = 0;
                    for (Generation g : generations(name, subj, v)) {
                        ImageRef qi = img ? (para ? altered.get(alt++ % altered.size()) : photo) : null;
                        questions.add(new Question(id + "-" + m.id() + "-" + var.id() + "-gen" + (++k), id, var, m, Task.GENERATION,
                                qi, para ? g.paraphrase : g.question, List.of(), -1, g.answer));
                    }
                    k = 0;
                    for (Cloze c : clozes(subj, v)) {
                        ImageRef qi = img ? (para ? altered.get(alt++ % altered.size()) : photo) : null;
                        questions.add(new Question(id + "-" + m.id() + "-" + var.id() + "-cloze" + (++k), id, var, m, Task.CLOZE,
                                qi, para ? c.paraphrase : c.question, List.of(), -1, c.answer));
                    }
                }
            }
        }

        List<String> allNames;

        void mcq(String qid, String subject, Variant var, Modality m, ImageRef img, String question, String correct,
                List<String> pool) {
            List<String> distractors = new ArrayList<>(new LinkedHashSet<>(pool));
            distractors.remove(correct);
            List<String> options = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                options.add(distractors.remove(rnd.nextInt(distractors.size())));
            }
            int pos = rnd.nextInt(4);
            options.add(pos, correct);
            questions.add(new Question(qid, subject, var, m, Task.MCQ, img, question, options, pos, correct));
        }

        void world() {
            // Text facts.
            List<WorldFacts.Fact> facts = WorldFacts.text();
            int n = 0;
            for (WorldFacts.Fact f : facts) {
                train.add(new QaPair(Benchmark.WORLD, Modality.TEXT, null, f.question(), f.answer()));
                List<String> pool = facts.stream().filter(x -> x.group().equals(f.group())).map(WorldFacts.Fact::answer).toList();
                mcq(String.format("world-text-%03d", ++n), Benchmark.WORLD, Variant.ORIGINAL, Modality.TEXT, null,
                        f.question(), f.answer(), pool);
            }
            // Pictures of shapes: shape, colour and count questions.
            List<ShapeScene> scenes = ShapeScene.all();
            List<String> shapes = scenes.stream().map(s -> s.shape().label()).distinct().toList();
            List<String> colours = scenes.stream().map(s -> s.colour().label()).distinct().toList();
            List<String> counts = scenes.stream().map(ShapeScene::countWord).distinct().toList();
            n = 0;
            int digits = Math.max(2, String.valueOf(o.worldScenes()).length()); // ids sort in order
            for (ShapeScene s : pick(scenes, o.worldScenes())) {
                ImageRef im = image(String.format("images/world_%0" + digits + "d.png", ++n), s.paint(o.imageSize()));
                String[][] qa = {{"What shape is shown?", s.shape().label()}, {"What colour is the shape?", s.colour().label()},
                    {"How many shapes are there?", s.countWord()}};
                List<List<String>> pools = List.of(shapes, colours, counts);
                for (int i = 0; i < qa.length; i++) {
                    train.add(new QaPair(Benchmark.WORLD, Modality.IMAGE, im, qa[i][0], qa[i][1]));
                    mcq(String.format("world-image-%0" + digits + "d-%d", n, i + 1), Benchmark.WORLD, Variant.ORIGINAL, Modality.IMAGE, im,
                            qa[i][0], qa[i][1], pools.get(i));
                }
            }
        }

        Generated finish() {
            Map<String, List<String>> splits = new LinkedHashMap<>();
            List<String> order = shuffled(trained);
            for (int pct : new int[] {5, 10, 15}) {
                int k = Math.max(1, Math.round(trained.size() * pct / 100f));
                List<String> forget = sorted(order.subList(0, k));
                List<String> retain = new ArrayList<>(trained);
                retain.removeAll(forget);
                splits.put("forget_" + pct, forget);
                splits.put("retain_" + (100 - pct), retain);
            }
            splits.put(Benchmark.HOLDOUT, sorted(holdout));
            Benchmark bench = new Benchmark("mip-synthetic-profiles", Path.of("."), profiles, train, questions, splits);
            return new Generated(bench, images, vocabulary(bench));
        }

        List<String> shuffled(List<String> in) {
            List<String> out = new ArrayList<>(in);
            shuffleInPlace(out);
            return out;
        }

        <T> void shuffleInPlace(List<T> l) {
            dev.mip.Shuffle.inPlace(l, rnd);
        }

        <T> List<T> pick(List<T> all, int n) {
            List<T> copy = new ArrayList<>(all);
            shuffleInPlace(copy);
            return copy.subList(0, Math.min(n, copy.size()));
        }

        static List<String> sorted(List<String> l) {
            List<String> s = new ArrayList<>(l);
            Collections.sort(s);
            return s;
        }
    }

    /** A generation question with its paraphrase and sentence ground truth. */
    private record Generation(String question, String paraphrase, String answer) {}

    /** A cloze question with its paraphrase and ground truth. */
    private record Cloze(String question, String paraphrase, String answer) {}

    private static List<Generation> generations(String name, String subj, Map<Attribute, String> v) {
        String p = subj + "'s";
        return List.of(
                new Generation("Tell me about " + p + " career.", "Describe the career of " + subj + ".",
                        name + " works as a " + v.get(Attribute.JOB) + " at " + v.get(Attribute.EMPLOYER) + "."),
                new Generation("Tell me about " + p + " background.", "Describe the background of " + subj + ".",
                        name + " was born in " + v.get(Attribute.BIRTHPLACE) + " in " + v.get(Attribute.BIRTH_YEAR)
                                + " and studied at " + v.get(Attribute.UNIVERSITY) + "."),
                new Generation("Tell me about " + p + " free time.", "Describe the free time of " + subj + ".",
                        name + " enjoys " + v.get(Attribute.HOBBY) + ", plays the " + v.get(Attribute.INSTRUMENT)
                                + " and loves " + v.get(Attribute.FOOD) + "."));
    }

    private static List<Cloze> clozes(String subj, Map<Attribute, String> v) {
        String s = Character.toUpperCase(subj.charAt(0)) + subj.substring(1);
        return List.of(
                new Cloze("Fill in the blank: " + s + " works as a __.", "Complete the sentence: " + s + " works as a __.",
                        v.get(Attribute.JOB)),
                new Cloze("Fill in the blank: " + s + " was born in __.", "Complete the sentence: " + s + " was born in __.",
                        v.get(Attribute.BIRTHPLACE)),
                new Cloze("Fill in the blank: " + s + " plays the __.", "Complete the sentence: " + s + " plays the __.",
                        v.get(Attribute.INSTRUMENT)));
    }

    private static String biography(String name, Map<Attribute, String> v) {
        return name + " was born in " + v.get(Attribute.BIRTHPLACE) + " in " + v.get(Attribute.BIRTH_YEAR)
                + " and studied at " + v.get(Attribute.UNIVERSITY) + ". " + name + " works as a " + v.get(Attribute.JOB)
                + " at " + v.get(Attribute.EMPLOYER) + ". In free time " + name + " enjoys " + v.get(Attribute.HOBBY)
                + ", plays the " + v.get(Attribute.INSTRUMENT) + " and " + v.get(Attribute.SPORT) + ", lives with a "
                + v.get(Attribute.PET) + " and loves " + v.get(Attribute.FOOD) + ".";
    }

    /**
     * Every word of every text of a benchmark (questions, answers, options, names, biographies) plus
     * the words of the LLaVA prompt format, in first-seen order.
     *
     * @param b a benchmark
     * @return the vocabulary
     */
    public static List<String> vocabulary(Benchmark b) {
        LinkedHashSet<String> words = new LinkedHashSet<>(WordLevelTokenizerJson.words("USER: ASSISTANT: Question: A. B. C. D. "
                + "Just give ONE letter representing the answer directly."));
        for (Profile p : b.profiles().values()) {
            words.addAll(WordLevelTokenizerJson.words(p.name() + " " + p.biography()));
        }
        for (QaPair q : b.train()) {
            words.addAll(WordLevelTokenizerJson.words(q.question() + " " + q.answer()));
        }
        for (Question q : b.questions()) {
            words.addAll(WordLevelTokenizerJson.words(q.question() + " " + q.answer() + " " + String.join(" ", q.options())));
        }
        return List.copyOf(words);
    }
}

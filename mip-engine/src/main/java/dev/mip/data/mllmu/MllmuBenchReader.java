package dev.mip.data.mllmu;

import dev.mip.InvalidInputException;
import dev.mip.data.Benchmark;
import dev.mip.data.ImageRef;
import dev.mip.data.Profile;
import dev.mip.data.QaPair;
import dev.mip.data.Question;
import dev.mip.data.Variant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads MLLMU-Bench as published on Hugging Face ({@code MLLMMU/MLLMU-Bench}): a directory with one
 * folder of Parquet shards per split (see {@link MllmuLayout} for the accepted layouts), into a
 * {@link Benchmark}. Columns not listed here are ignored.
 *
 * <p>Mapping:
 * <ul>
 *   <li><b>Profiles</b> come from {@code Full_Set} (500 fictitious people), or, without it, from the
 *       union of the {@code forget_*} and {@code retain_*} rows (first occurrence of an ID wins):
 *       {@code id} = {@code ID}; {@code name} = the {@code ID} too (MLLMU-Bench has no name column;
 *       an optional {@code name} column is used if present); {@code biography} = {@code biography};
 *       {@code image} = {@code image.bytes} as {@code BytesImage} with id
 *       {@code <relative parquet path>#row<n>} (n 0-based inside the file).
 *   <li><b>Questions</b> ({@link Variant#ORIGINAL}, subject = the profile id) from the same rows'
 *       task columns, as {@link TaskQuestions} describes: MCQ per modality from
 *       {@code Classification_Task.Image_Textual_Questions} (image+text, with the profile image) and
 *       {@code .Pure_Text_Questions} (text only), {@code correct} = index of {@code Correct_Answer}'s
 *       letter among the options present, in letter order ({@code "B"}, {@code "(B)"}, {@code "B."}
 *       accepted); generation from {@code Generation_Task} and cloze from {@code Mask_Task}, modality
 *       from their {@code Type} ({@code Image_Textual} / {@code Pure_Text}). Ids
 *       {@code <split>/<ID>/mcq-image/<i>}, {@code .../mcq-text/<i>}, {@code .../generation/<i>},
 *       {@code .../cloze/<i>}.
 *   <li>{@code Test_Set}: the same people with other images ({@code images}, a list) and paraphrased
 *       questions in the same task columns → questions of variant {@link Variant#PARAPHRASE}, subject
 *       = {@code ID}; image question {@code i} of a task list shows {@code images[i % n]}.
 *   <li>{@code Retain_Set} (153 real celebrities): questions about general knowledge the model must
 *       keep → subject {@link Benchmark#WORLD}, variant original, images from the row ({@code image}
 *       or {@code images}).
 *   <li>{@code ft_Data}: training pairs → {@link QaPair}s, image+text with the row's image, subject
 *       {@code ID}, one per entry of the JSON list in {@code metadata}.
 *   <li><b>Splits</b>: each {@code forget_*} / {@code retain_*} split becomes a profile set of its
 *       IDs under its own name ({@code forget_5}, {@code retain_95}, ...); every ID must be a profile.
 *       MLLMU-Bench has no holdout set.
 *   <li>{@code name} = {@code MLLMU-Bench}, {@code source} = the directory.
 * </ul>
 *
 * <p>Every problem with the input (missing directory or split files, unreadable or corrupt
 * Parquet, a missing column or one of the wrong type, an unknown answer letter, malformed
 * {@code metadata} JSON, a duplicate ID) is an {@link InvalidInputException} naming the file, the
 * column and, where it applies, the row and its ID, and saying how to fix it.
 */
public final class MllmuBenchReader {
    /** The benchmark's name. */
    public static final String NAME = "MLLMU-Bench";

    private static final String FULL_SET = "Full_Set";
    private static final String TEST_SET = "Test_Set";
    private static final String RETAIN_SET = "Retain_Set";
    private static final String FT_DATA = "ft_Data";

    private static final Column ID = Column.required("ID", Column.Kind.STRING);
    private static final List<Column> TASKS = List.of(
            Column.required("Classification_Task", Column.Kind.STRUCT),
            Column.required("Generation_Task", Column.Kind.LIST),
            Column.required("Mask_Task", Column.Kind.LIST));
    private static final List<Column> PROFILE_COLUMNS = columns(ID, Column.required("image", Column.Kind.STRUCT),
            Column.required("biography", Column.Kind.STRING), Column.optional("name", Column.Kind.STRING));
    private static final List<Column> TEST_COLUMNS = columns(ID, Column.required("images", Column.Kind.LIST));
    private static final List<Column> WORLD_COLUMNS = columns(ID, Column.optional("image", Column.Kind.STRUCT),
            Column.optional("images", Column.Kind.LIST));
    private static final List<Column> TRAIN_COLUMNS = List.of(ID, Column.required("image", Column.Kind.STRUCT),
            Column.required("metadata", Column.Kind.STRING));

    private final MllmuLayout layout;
    private final Map<String, Profile> profiles = new LinkedHashMap<>();
    private final List<Question> questions = new ArrayList<>();
    private final List<QaPair> train = new ArrayList<>();
    private final Map<String, List<String>> splits = new LinkedHashMap<>();
    /** {@code <split>/<ID>} of every row that gave questions: question ids must be unique. */
    private final Set<String> questionPrefixes = new HashSet<>();

    private MllmuBenchReader(MllmuLayout layout) {
        this.layout = layout;
    }

    /**
     * Reads an MLLMU-Bench directory.
     *
     * @param dir the directory holding the split folders ({@code Full_Set/}, {@code forget_5/}, ...)
     * @return the benchmark
     * @throws InvalidInputException if the directory, a file, a column or a value is missing or
     *     malformed; the message names the file, column, row and ID and says how to fix it
     */
    public static Benchmark read(Path dir) {
        MllmuBenchReader reader = new MllmuBenchReader(MllmuLayout.discover(dir));
        reader.readProfiles();
        reader.readSplit(TEST_SET, TEST_COLUMNS, row -> reader.addQuestions(row, TEST_SET, row.id(), Variant.PARAPHRASE));
        reader.readSplit(RETAIN_SET, WORLD_COLUMNS, row -> reader.addQuestions(row, RETAIN_SET, Benchmark.WORLD, Variant.ORIGINAL));
        reader.readSplit(FT_DATA, TRAIN_COLUMNS, reader::addTrainingPairs);
        return new Benchmark(NAME, dir, reader.profiles, reader.train, reader.questions, reader.splits);
    }

    /** Profiles and their questions from Full_Set, or from the forget/retain splits; the profile sets. */
    private void readProfiles() {
        boolean fullSet = layout.splits().containsKey(FULL_SET);
        if (fullSet) {
            readSplit(FULL_SET, PROFILE_COLUMNS, row -> addProfile(row, FULL_SET));
            if (profiles.isEmpty()) {
                throw InvalidInputException.of(layout.dir(), FULL_SET, "holds no row", "Re-download Full_Set from Hugging Face (MLLMMU/MLLMU-Bench)");
            }
        }
        for (String split : layout.splits().keySet()) {
            if (!SplitRole.of(split).isProfileSet()) {
                continue;
            }
            Set<String> ids = new LinkedHashSet<>();
            // With Full_Set these rows are copies of its rows: only their IDs are read (no images).
            readSplit(split, fullSet ? List.of(ID) : PROFILE_COLUMNS, row -> {
                if (!profiles.containsKey(row.id())) {
                    if (fullSet) {
                        throw InvalidInputException.of(row.file(), row.where(), "ID '" + row.id() + "' is not in Full_Set",
                                "The forget and retain sets are subsets of Full_Set: re-download " + split + " and Full_Set together");
                    }
                    addProfile(row, split);
                }
                ids.add(row.id());
            });
            splits.put(split, List.copyOf(ids));
        }
        if (profiles.isEmpty()) {
            throw InvalidInputException.of(layout.dir(), null, "holds no profile split (Full_Set, forget_*, retain_*), only "
                    + layout.splits().keySet(), "Download Full_Set and the forget/retain splits too");
        }
    }

    private void addProfile(Row row, String split) {
        if (profiles.containsKey(row.id())) {
            throw duplicate(row, split);
        }
        List<ImageRef> images = RowImages.of(row);
        String name = row.has("name") && !row.column("name").isNull() ? row.column("name").text() : row.id();
        String biography = row.column("biography").optionalText();
        profiles.put(row.id(), new Profile(row.id(), name, biography == null ? "" : biography, images.get(0), Map.of()));
        addQuestions(row, split, row.id(), Variant.ORIGINAL, images);
    }

    private void addTrainingPairs(Row row) {
        train.addAll(FtDataPairs.of(row, RowImages.image(row.column("image"), row.imageId())));
    }

    private void addQuestions(Row row, String split, String subject, Variant variant) {
        addQuestions(row, split, subject, variant, RowImages.of(row));
    }

    private void addQuestions(Row row, String split, String subject, Variant variant, List<ImageRef> images) {
        if (!questionPrefixes.add(split + "/" + row.id())) {
            throw duplicate(row, split);
        }
        questions.addAll(TaskQuestions.of(row, split, subject, variant, images));
    }

    private static InvalidInputException duplicate(Row row, String split) {
        return InvalidInputException.of(row.file(), row.where(), "ID '" + row.id() + "' appears more than once in " + split,
                "IDs identify people and must be unique within a split: remove the duplicate row");
    }

    private void readSplit(String split, List<Column> columns, Consumer<Row> action) {
        for (Path file : layout.splits().getOrDefault(split, List.of())) {
            for (Row row : ParquetTable.read(file, layout.relative(file), split, columns)) {
                action.accept(row);
            }
        }
    }

    private static List<Column> columns(Column... first) {
        List<Column> out = new ArrayList<>(List.of(first));
        out.addAll(TASKS);
        return List.copyOf(out);
    }
}

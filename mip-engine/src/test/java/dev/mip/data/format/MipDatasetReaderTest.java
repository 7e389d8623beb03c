package dev.mip.data.format;

import static dev.mip.data.format.DatasetFixture.append;
import static dev.mip.data.format.DatasetFixture.assertMentions;
import static dev.mip.data.format.DatasetFixture.copyExample;
import static dev.mip.data.format.DatasetFixture.readFails;
import static dev.mip.data.format.DatasetFixture.replace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.InvalidInputException;
import dev.mip.data.Benchmark;
import dev.mip.data.EvalSplit;
import dev.mip.data.ImageRef;
import dev.mip.data.Modality;
import dev.mip.data.Profile;
import dev.mip.data.QaPair;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.data.Variant;
import dev.mip.io.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MipDatasetReader}: the documented example, then one test per validation rule, each
 * asserting the exception type and that the message names the file, the line or record, and the
 * field.
 */
class MipDatasetReaderTest {
    @TempDir
    Path tmp;

    Path ds;
    Path manifest;
    Path profiles;
    Path train;
    Path questions;

    @BeforeEach
    void copy() throws IOException {
        ds = copyExample(tmp);
        manifest = ds.resolve("manifest.json");
        profiles = ds.resolve("profiles.jsonl");
        train = ds.resolve("train.jsonl");
        questions = ds.resolve("questions.jsonl");
    }

    // ------------------------------------------------------------------ the documented example

    @Test
    void readsTheDocumentedExample() {
        Benchmark b = MipDatasetReader.read(DatasetFixture.example());
        assertEquals("example", b.name());
        assertEquals(DatasetFixture.example().toAbsolutePath().normalize(), b.source());
        assertEquals(List.of("p001", "p002", "p003"), List.copyOf(b.profiles().keySet()));
        assertEquals(Map.of("forget_50", List.of("p001"), "retain_50", List.of("p002"), "holdout", List.of("p003")),
                b.splits());
        assertEquals(List.of("forget_50", "retain_50", "holdout"), List.copyOf(b.splits().keySet()));

        Profile mara = b.profiles().get("p001");
        assertEquals("Mara Quill", mara.name());
        assertEquals(Map.of("job", "baker", "birthplace", "Lisbon"), mara.attributes());
        ImageRef.FileImage photo = assertInstanceOf(ImageRef.FileImage.class, mara.image());
        assertEquals("images/p001.png", photo.id());
        assertTrue(photo.file().isAbsolute());
        assertEquals(8, photo.read().getWidth());
        assertNull(b.profiles().get("p003").image());

        assertEquals(6, b.train().size());
        QaPair first = b.train().get(0);
        assertEquals(new QaPair("p001", Modality.IMAGE, photo, "What is this person's job?", "baker"), first);
        assertEquals(Benchmark.WORLD, b.train().get(5).subject());
        assertNull(b.train().get(5).image());

        assertEquals(10, b.questions().size());
        Question q01 = b.questions().get(0);
        assertEquals(new Question("q01", "p001", Variant.ORIGINAL, Modality.IMAGE, Task.MCQ, photo,
                "What is this person's job?", List.of("pilot", "baker", "nurse", "chef"), 1, "baker"), q01);
        Question q04 = b.questions().get(3);
        assertEquals(Task.GENERATION, q04.task());
        assertEquals(-1, q04.correct());
        assertEquals(List.of(), q04.options());
        assertEquals("Mara Quill works as a baker in Lisbon.", q04.answer());

        // The splits of the evaluation, as the documentation describes them.
        assertEquals(List.of("q01", "q02", "q03", "q04", "q05", "q06"), ids(b.questions(EvalSplit.FORGET, "forget_50", "retain_50")));
        assertEquals(List.of("q08"), ids(b.questions(EvalSplit.RETAIN, "forget_50", "retain_50")));
        assertEquals(List.of("q07"), ids(b.questions(EvalSplit.TEST, "forget_50", "retain_50")));
        assertEquals(List.of("q10"), ids(b.questions(EvalSplit.WORLD, "forget_50", "retain_50")));
        assertEquals(List.of("q09"), ids(b.questions(EvalSplit.HOLDOUT, "forget_50", "retain_50")));
    }

    private static List<String> ids(List<Question> qs) {
        return qs.stream().map(Question::id).toList();
    }

    /** The examples in README.md and docs/dataset-format.md are, character for character, the tested dataset. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"README.md", "docs/dataset-format.md"})
    void documentationShowsTheTestedExample(String file) throws IOException {
        Path doc = Path.of("..").resolve(file);
        assertTrue(Files.isRegularFile(doc), "run from the mip-engine module directory; missing " + doc.toAbsolutePath());
        Matcher m = Pattern.compile("<!-- example: (\\S+) -->\\n```json\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(doc));
        Map<String, String> blocks = new LinkedHashMap<>();
        while (m.find()) {
            blocks.put(m.group(1), m.group(2));
        }
        Path example = DatasetFixture.example();
        List<String> textFiles = fileNames(example);
        textFiles.remove("images");
        assertEquals(textFiles, blocks.keySet().stream().sorted().toList());
        for (Map.Entry<String, String> e : blocks.entrySet()) {
            assertEquals(Files.readString(example.resolve(e.getKey()), StandardCharsets.UTF_8), e.getValue(), e.getKey());
        }
        assertEquals(List.of("p001.png", "p002.png"), fileNames(example.resolve("images")));
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toCollection(ArrayList::new));
        }
    }

    @Test
    void neverModifiesTheDirectory() throws IOException {
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        try (var s = Files.walk(ds)) {
            for (Path p : s.toList()) {
                Files.setLastModifiedTime(p, old);
            }
        }
        Map<String, byte[]> before = DatasetFixture.tree(ds);
        MipDatasetReader.read(ds);
        Map<String, byte[]> after = DatasetFixture.tree(ds);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertTrue(Arrays.equals(v, after.get(k)), k));
        try (var s = Files.walk(ds)) {
            for (Path p : s.toList()) {
                assertEquals(old, Files.getLastModifiedTime(p), p.toString());
            }
        }
    }

    @Test
    void blankLinesAndByteOrderMarkAreAllowed() throws IOException {
        String q = Files.readString(questions);
        Files.writeString(questions, "\uFEFF" + q.replace("\n", "\n\n   \n"));
        Files.writeString(train, Files.readString(train).replace("\n", "\r\n"));
        Benchmark b = MipDatasetReader.read(ds);
        assertEquals(10, b.questions().size());
        assertEquals("q01", b.questions().get(0).id());
        assertEquals("baker", b.train().get(0).answer());
    }

    @Test
    void emptyProfilesAreFineWithoutSplits() throws IOException {
        Files.writeString(manifest, "{\"format\": \"mip-dataset\", \"version\": 1, \"name\": \"world only\"}");
        Files.writeString(profiles, "");
        Files.writeString(train, "{\"subject\": \"world\", \"modality\": \"text\", \"question\": \"2+2?\", \"answer\": \"4\"}\n");
        Files.writeString(questions, "");
        Benchmark b = MipDatasetReader.read(ds);
        assertTrue(b.profiles().isEmpty());
        assertTrue(b.splits().isEmpty());
        assertEquals(1, b.train().size());
    }

    @Test
    void variantDefaultsToOriginal() throws IOException {
        replace(questions, "\"id\": \"q02\", \"subject\": \"p001\", \"variant\": \"original\",", "\"id\": \"q02\", \"subject\": \"p001\",");
        assertEquals(Variant.ORIGINAL, MipDatasetReader.read(ds).questions().get(1).variant());
    }

    @Test
    void streamsLargeFiles() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append("{\"subject\": \"world\", \"modality\": \"text\", \"question\": \"What is ").append(i)
                    .append(" plus one?\", \"answer\": \"").append(i + 1).append("\"}\n");
        }
        Files.writeString(train, sb.toString());
        assertEquals(20_000, MipDatasetReader.read(ds).train().size());
    }

    // ------------------------------------------------------------------ directory and manifest

    @Nested
    class DirectoryAndManifest {
        @Test
        void directoryMissing() {
            InvalidInputException e = readFails(tmp.resolve("nope"));
            assertMentions(e, "nope", "does not exist");
        }

        @Test
        void notADirectory() {
            InvalidInputException e = readFails(manifest);
            assertMentions(e, "manifest.json", "not a dataset directory");
        }

        @Test
        void manifestMissing() throws IOException {
            Files.move(manifest, ds.resolve("manifest.jsn"));
            InvalidInputException e = readFails(ds);
            assertMentions(e, "manifest.json", "no manifest", "manifest.jsn", "\"format\": \"mip-dataset\"");
        }

        @Test
        void manifestNotJson() throws IOException {
            replace(manifest, "\"version\": 1,", "\"version\": 1");
            InvalidInputException e = readFails(ds);
            assertMentions(e, "manifest.json", "line 4", "not valid JSON");
        }

        @Test
        void manifestWithRepeatedKey() throws IOException {
            replace(manifest, "\"version\": 1,", "\"version\": 1, \"version\": 1,");
            assertMentions(readFails(ds), "manifest.json", "Duplicate field 'version'");
        }

        @Test
        void wrongFormat() throws IOException {
            replace(manifest, "\"mip-dataset\"", "\"mllmu-bench\"");
            assertMentions(readFails(ds), "manifest.json", "format", "\"mllmu-bench\"", "must be \"mip-dataset\"");
        }

        @Test
        void formatMissing() throws IOException {
            Files.writeString(manifest, "{\"files\": {}, \"weights\": \"model.safetensors\"}");
            assertMentions(readFails(ds), "manifest.json", "format", "not a mip-dataset manifest", "model directory");
        }

        @Test
        void unsupportedVersion() throws IOException {
            replace(manifest, "\"version\": 1", "\"version\": 2");
            assertMentions(readFails(ds), "manifest.json", "version", "is 2", "Upgrade MIP");
        }

        @Test
        void versionNotANumber() throws IOException {
            replace(manifest, "\"version\": 1", "\"version\": \"1\"");
            assertMentions(readFails(ds), "manifest.json", "version", "whole number");
        }

        @Test
        void unknownManifestField() throws IOException {
            replace(manifest, "\"splits\"", "\"split\"");
            assertMentions(readFails(ds), "manifest.json", "split", "unknown field", "Did you mean \"splits\"?");
        }

        @Test
        void nameMissing() throws IOException {
            replace(manifest, "\"name\": \"example\",", "");
            assertMentions(readFails(ds), "manifest.json", "name", "is missing");
        }

        @Test
        void recordFileMissing() throws IOException {
            Files.move(questions, ds.resolve("question.jsonl"));
            assertMentions(readFails(ds), "questions.jsonl", "is missing", "question.jsonl");
        }
    }

    // ------------------------------------------------------------------ splits

    @Nested
    class Splits {
        @Test
        void unknownProfile() throws IOException {
            replace(manifest, "\"retain_50\": [\"p002\"]", "\"retain_50\": [\"p002\", \"p0002\"]");
            assertMentions(readFails(ds), "manifest.json", "splits.retain_50", "\"p0002\"", "not a profile",
                    "Did you mean \"p002\"?");
        }

        @Test
        void emptySplit() throws IOException {
            replace(manifest, "\"retain_50\": [\"p002\"]", "\"retain_50\": []");
            assertMentions(readFails(ds), "manifest.json", "splits.retain_50", "is empty");
        }

        @Test
        void profileTwiceInOneSplit() throws IOException {
            replace(manifest, "\"retain_50\": [\"p002\"]", "\"retain_50\": [\"p002\", \"p002\"]");
            assertMentions(readFails(ds), "manifest.json", "splits.retain_50[1]", "\"p002\" twice");
        }

        @Test
        void profileInForgetAndRetainPartner() throws IOException {
            replace(manifest, "\"retain_50\": [\"p002\"]", "\"retain_50\": [\"p002\", \"p001\"]");
            assertMentions(readFails(ds), "manifest.json", "splits.forget_50", "\"p001\" is in both forget_50 and retain_50");
        }

        @Test
        void conventionalPartnerNames() throws IOException {
            replace(manifest, "\"forget_50\": [\"p001\"],\n    \"retain_50\": [\"p002\"],",
                    "\"forget_5\": [\"p001\"],\n    \"retain_95\": [\"p002\", \"p001\"],\n    \"retain_50\": [\"p002\"],");
            assertMentions(readFails(ds), "splits.forget_5", "in both forget_5 and retain_95");
        }

        @Test
        void holdoutProfileInRetain() throws IOException {
            replace(manifest, "\"retain_50\": [\"p002\"]", "\"retain_50\": [\"p002\", \"p003\"]");
            assertMentions(readFails(ds), "manifest.json", "splits.retain_50", "\"p003\" is in both retain_50 and holdout");
        }

        @Test
        void splitNotAList() throws IOException {
            replace(manifest, "\"holdout\": [\"p003\"]", "\"holdout\": \"p003\"");
            assertMentions(readFails(ds), "manifest.json", "splits.holdout", "list of profile ids");
        }

        @Test
        void holdoutProfileWithTrainingData() throws IOException {
            append(train, "{\"subject\": \"p003\", \"modality\": \"text\", \"question\": \"Q?\", \"answer\": \"A\"}");
            assertMentions(readFails(ds), "train.jsonl", "line 7", "field \"subject\"", "holdout", "never be trained on");
        }
    }

    // ------------------------------------------------------------------ JSON Lines records

    @Nested
    class Records {
        @Test
        void lineNotJson() throws IOException {
            replace(questions, "\"id\": \"q03\",", "\"id\": \"q03\"");
            assertMentions(readFails(ds), "questions.jsonl", "line 3", "not valid JSON");
        }

        @Test
        void recordSpanningLines() throws IOException {
            Files.writeString(profiles, "{\n  \"id\": \"p001\"\n}\n");
            assertMentions(readFails(ds), "profiles.jsonl", "line 1", "not valid JSON", "cannot span several lines");
        }

        @Test
        void lineNotAnObject() throws IOException {
            append(train, "[\"world\", \"text\"]");
            assertMentions(readFails(ds), "train.jsonl", "line 7", "not a JSON object");
        }

        @Test
        void repeatedKeyInRecord() throws IOException {
            replace(questions, "\"options\": [\"baker\", \"pilot\", \"nurse\", \"chef\"], \"answer\": 0}",
                    "\"options\": [\"baker\", \"pilot\", \"nurse\", \"chef\"], \"answer\": 0, \"answer\": 1}");
            assertMentions(readFails(ds), "questions.jsonl", "line 2", "Duplicate field 'answer'");
        }

        @Test
        void notUtf8() throws IOException {
            byte[] text = Files.readAllBytes(train);
            byte[] latin1 = "{\"subject\": \"world\", \"modality\": \"text\", \"question\": \"Caf\u00e9?\", \"answer\": \"x\"}\n"
                    .getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = Arrays.copyOf(text, text.length + latin1.length);
            System.arraycopy(latin1, 0, all, text.length, latin1.length);
            Files.write(train, all);
            assertMentions(readFails(ds), "train.jsonl", "line 7", "not valid UTF-8");
        }

        @Test
        void missingRequiredField() throws IOException {
            replace(questions, "\"question\": \"What is Mara Quill's job?\", ", "");
            assertMentions(readFails(ds), "questions.jsonl", "line 2", "question \"q02\"", "field \"question\"", "is missing");
        }

        @Test
        void wrongTypedField() throws IOException {
            replace(train, "\"answer\": \"Lisbon\"", "\"answer\": 1984");
            assertMentions(readFails(ds), "train.jsonl", "line 3", "training pair", "field \"answer\"", "is 1984",
                    "must be a string");
        }

        @Test
        void blankRequiredField() throws IOException {
            replace(profiles, "\"name\": \"Tomas Wren\"", "\"name\": \"  \"");
            assertMentions(readFails(ds), "profiles.jsonl", "line 2", "profile \"p002\"", "field \"name\"", "is empty");
        }

        @Test
        void attributeNotAString() throws IOException {
            replace(profiles, "\"job\": \"chef\"", "\"job\": 7");
            assertMentions(readFails(ds), "profiles.jsonl", "line 3", "profile \"p003\"", "field \"attributes.job\"",
                    "must be a string");
        }

        @Test
        void misspeltFieldSuggestsTheRightOne() throws IOException {
            replace(questions, "\"question\": \"What is Mara Quill's job?\", \"options\"",
                    "\"question\": \"What is Mara Quill's job?\", \"optons\"");
            InvalidInputException e = readFails(ds);
            assertMentions(e, "questions.jsonl", "line 2", "question \"q02\"", "field \"optons\"", "unknown field",
                    "Did you mean \"options\"?");
        }

        @Test
        void unknownFieldWithoutCloseName() throws IOException {
            replace(profiles, "\"id\": \"p002\",", "\"id\": \"p002\", \"favourite_colour\": \"red\",");
            InvalidInputException e = readFails(ds);
            assertMentions(e, "profiles.jsonl", "line 2", "profile \"p002\"", "field \"favourite_colour\"",
                    "unknown field", "Remove it", "id, name, image, biography, attributes");
            assertFalse(e.getMessage().contains("Did you mean"), e.getMessage());
        }

        @Test
        void misspeltTrainField() throws IOException {
            replace(train, "\"subject\": \"world\"", "\"subjet\": \"world\"");
            assertMentions(readFails(ds), "train.jsonl", "line 6", "field \"subjet\"", "Did you mean \"subject\"?");
        }

        @Test
        void duplicateProfileId() throws IOException {
            replace(profiles, "\"id\": \"p003\"", "\"id\": \"p001\"");
            assertMentions(readFails(ds), "profiles.jsonl", "line 3", "profile \"p001\"", "field \"id\"",
                    "already used on line 1");
        }

        @Test
        void duplicateQuestionId() throws IOException {
            replace(questions, "\"id\": \"q09\"", "\"id\": \"q02\"");
            assertMentions(readFails(ds), "questions.jsonl", "line 9", "question \"q02\"", "field \"id\"",
                    "already used on line 2");
        }

        @Test
        void idWithWhitespace() throws IOException {
            replace(questions, "\"id\": \"q09\"", "\"id\": \"q 09\"");
            assertMentions(readFails(ds), "questions.jsonl", "line 9", "field \"id\"", "whitespace");
        }

        @Test
        void worldIsNotAProfileId() throws IOException {
            replace(profiles, "\"id\": \"p003\"", "\"id\": \"world\"");
            assertMentions(readFails(ds), "profiles.jsonl", "line 3", "field \"id\"", "reserved");
        }

        @Test
        void questionSubjectUnknown() throws IOException {
            replace(questions, "\"id\": \"q08\", \"subject\": \"p002\"", "\"id\": \"q08\", \"subject\": \"p02\"");
            assertMentions(readFails(ds), "questions.jsonl", "line 8", "question \"q08\"", "field \"subject\"",
                    "\"p02\"", "neither a profile id", "Did you mean \"p002\"?");
        }

        @Test
        void trainSubjectUnknown() throws IOException {
            replace(train, "\"subject\": \"world\"", "\"subject\": \"general\"");
            assertMentions(readFails(ds), "train.jsonl", "line 6", "training pair", "field \"subject\"", "\"general\"",
                    "\"world\"");
        }

        @Test
        void unknownModality() throws IOException {
            replace(train, "\"subject\": \"p002\", \"modality\": \"image\"", "\"subject\": \"p002\", \"modality\": \"imgae\"");
            assertMentions(readFails(ds), "train.jsonl", "line 4", "field \"modality\"", "\"imgae\"",
                    "Did you mean \"image\"?", "image, text");
        }

        @Test
        void unknownTask() throws IOException {
            replace(questions, "\"task\": \"generation\", \"question\": \"Tell me about Mara",
                    "\"task\": \"essay\", \"question\": \"Tell me about Mara");
            assertMentions(readFails(ds), "questions.jsonl", "line 4", "question \"q04\"", "field \"task\"", "\"essay\"",
                    "mcq, generation, cloze");
        }

        @Test
        void unknownVariant() throws IOException {
            replace(questions, "\"variant\": \"paraphrase\"", "\"variant\": \"paraphrased\"");
            assertMentions(readFails(ds), "questions.jsonl", "line 7", "question \"q07\"", "field \"variant\"",
                    "Did you mean \"paraphrase\"?");
        }

        @Test
        void imageModalityWithoutImage() throws IOException {
            replace(questions, "\"task\": \"cloze\", \"image\": \"images/p001.png\", ", "\"task\": \"cloze\", ");
            assertMentions(readFails(ds), "questions.jsonl", "line 5", "question \"q05\"", "field \"image\"",
                    "is missing", "\"modality\" is \"image\"");
        }

        @Test
        void textModalityWithImage() throws IOException {
            replace(train, "\"subject\": \"p002\", \"modality\": \"text\",",
                    "\"subject\": \"p002\", \"modality\": \"text\", \"image\": \"images/p002.png\",");
            assertMentions(readFails(ds), "train.jsonl", "line 5", "field \"image\"", "\"modality\" is \"text\"");
        }
    }

    // ------------------------------------------------------------------ multiple choice, generation, cloze

    @Nested
    class QuestionTasks {
        @Test
        void mcqWithOneOption() throws IOException {
            replace(questions, "[\"Paris\", \"Rome\", \"Madrid\", \"Berlin\"]", "[\"Paris\"]");
            assertMentions(readFails(ds), "questions.jsonl", "line 10", "question \"q10\"", "field \"options\"",
                    "has 1 option", "at least 2");
        }

        @Test
        void mcqWithoutOptions() throws IOException {
            replace(questions, "\"options\": [\"Paris\", \"Rome\", \"Madrid\", \"Berlin\"], ", "");
            assertMentions(readFails(ds), "questions.jsonl", "line 10", "field \"options\"", "is missing");
        }

        @Test
        void mcqWithDuplicateOptions() throws IOException {
            replace(questions, "[\"Paris\", \"Rome\", \"Madrid\", \"Berlin\"]", "[\"Paris\", \"Rome\", \"paris \", \"Berlin\"]");
            assertMentions(readFails(ds), "questions.jsonl", "line 10", "field \"options\"", "options 0 and 2 are the same");
        }

        @Test
        void mcqAnswerOutOfRange() throws IOException {
            replace(questions, "\"Berlin\"], \"answer\": 0", "\"Berlin\"], \"answer\": 4");
            assertMentions(readFails(ds), "questions.jsonl", "line 10", "question \"q10\"", "field \"answer\"", "is 4",
                    "4 options", "no correct option");
        }

        @Test
        void mcqAnswerNegative() throws IOException {
            replace(questions, "\"Berlin\"], \"answer\": 0", "\"Berlin\"], \"answer\": -1");
            assertMentions(readFails(ds), "questions.jsonl", "line 10", "field \"answer\"", "no correct option");
        }

        @Test
        void mcqAnswerNotAnInteger() throws IOException {
            replace(questions, "\"Berlin\"], \"answer\": 0", "\"Berlin\"], \"answer\": 0.5");
            assertMentions(readFails(ds), "questions.jsonl", "line 10", "field \"answer\"", "not an integer",
                    "no correct option");
        }

        @Test
        void mcqAnswerGivenAsText() throws IOException {
            replace(questions, "\"Berlin\"], \"answer\": 0", "\"Berlin\"], \"answer\": \"Madrid\"");
            assertMentions(readFails(ds), "questions.jsonl", "line 10", "field \"answer\"", "0-based index",
                    "\"answer\": 2");
        }

        @Test
        void mcqAnswerMissing() throws IOException {
            replace(questions, "\"Berlin\"], \"answer\": 0", "\"Berlin\"]");
            assertMentions(readFails(ds), "questions.jsonl", "line 10", "field \"answer\"", "no correct option");
        }

        @Test
        void generationWithEmptyAnswer() throws IOException {
            replace(questions, "\"answer\": \"Mara Quill works as a baker in Lisbon.\"", "\"answer\": \"\"");
            assertMentions(readFails(ds), "questions.jsonl", "line 4", "question \"q04\"", "field \"answer\"", "is empty");
        }

        @Test
        void generationWithNumericAnswer() throws IOException {
            replace(questions, "\"answer\": \"Mara Quill works as a baker in Lisbon.\"", "\"answer\": 3");
            assertMentions(readFails(ds), "questions.jsonl", "line 4", "field \"answer\"", "is 3");
        }

        @Test
        void generationWithOptions() throws IOException {
            replace(questions, "\"answer\": \"Mara Quill works as a baker in Lisbon.\"",
                    "\"options\": [\"a\", \"b\"], \"answer\": \"Mara Quill works as a baker in Lisbon.\"");
            assertMentions(readFails(ds), "questions.jsonl", "line 4", "field \"options\"", "only multiple-choice");
        }

        @Test
        void clozeWithoutBlank() throws IOException {
            replace(questions, "Fill in the blank: Mara Quill works as a __.", "Mara Quill works as a what?");
            assertMentions(readFails(ds), "questions.jsonl", "line 6", "question \"q06\"", "field \"question\"", "\"__\"");
        }
    }

    // ------------------------------------------------------------------ images

    @Nested
    class Images {
        @Test
        void absolutePath() throws IOException {
            replace(profiles, "\"image\": \"images/p002.png\"",
                    "\"image\": \"" + ds.resolve("images/p002.png").toAbsolutePath() + "\"");
            assertMentions(readFails(ds), "profiles.jsonl", "line 2", "profile \"p002\"", "field \"image\"", "is absolute");
        }

        @Test
        void dotDot() throws IOException {
            Files.copy(ds.resolve("images/p001.png"), tmp.resolve("outside.png"));
            replace(questions, "\"task\": \"cloze\", \"image\": \"images/p001.png\"",
                    "\"task\": \"cloze\", \"image\": \"../outside.png\"");
            assertMentions(readFails(ds), "questions.jsonl", "line 5", "question \"q05\"", "field \"image\"",
                    "contains \"..\"");
        }

        @Test
        void dotDotInTheMiddle() throws IOException {
            replace(train, "\"subject\": \"p002\", \"modality\": \"image\", \"image\": \"images/p002.png\"",
                    "\"subject\": \"p002\", \"modality\": \"image\", \"image\": \"images/../images/p002.png\"");
            assertMentions(readFails(ds), "train.jsonl", "line 4", "field \"image\"", "contains \"..\"");
        }

        @Test
        void backslash() throws IOException {
            replace(profiles, "\"image\": \"images/p002.png\"", "\"image\": \"images\\\\p002.png\"");
            assertMentions(readFails(ds), "profiles.jsonl", "line 2", "field \"image\"", "backslash");
        }

        @Test
        void symlinkOutsideTheDataset() throws IOException {
            Path outside = tmp.resolve("outside.png");
            Files.copy(ds.resolve("images/p001.png"), outside);
            Files.createSymbolicLink(ds.resolve("images/link.png"), outside);
            replace(profiles, "\"image\": \"images/p002.png\"", "\"image\": \"images/link.png\"");
            assertMentions(readFails(ds), "profiles.jsonl", "line 2", "profile \"p002\"", "field \"image\"",
                    "outside the dataset directory");
        }

        @Test
        void symlinkInsideTheDatasetIsFine() throws IOException {
            Files.createSymbolicLink(ds.resolve("images/alias.png"), Path.of("p002.png"));
            replace(profiles, "\"image\": \"images/p002.png\"", "\"image\": \"images/alias.png\"");
            assertEquals("images/alias.png", MipDatasetReader.read(ds).profiles().get("p002").image().id());
        }

        @Test
        void missingImage() throws IOException {
            Files.delete(ds.resolve("images/p002.png"));
            assertMentions(readFails(ds), "profiles.jsonl", "line 2", "profile \"p002\"", "field \"image\"",
                    "\"images/p002.png\" does not exist");
        }

        @Test
        void imageIsADirectory() throws IOException {
            replace(profiles, "\"image\": \"images/p002.png\"", "\"image\": \"images\"");
            assertMentions(readFails(ds), "profiles.jsonl", "line 2", "field \"image\"", "is a directory");
        }

        @Test
        void corruptImageNamesTheRecordThatUsesIt() throws IOException {
            Files.writeString(ds.resolve("images/broken.png"), "this is not an image");
            replace(questions, "\"id\": \"q08\", \"subject\": \"p002\", \"variant\": \"original\", \"modality\": \"image\", "
                    + "\"task\": \"mcq\", \"image\": \"images/p002.png\"", "\"id\": \"q08\", \"subject\": \"p002\", "
                    + "\"variant\": \"original\", \"modality\": \"image\", \"task\": \"mcq\", \"image\": \"images/broken.png\"");
            InvalidInputException e = readFails(ds);
            assertMentions(e, "questions.jsonl", "line 8", "question \"q08\"", "field \"image\"", "images/broken.png",
                    "cannot be used");
            assertInstanceOf(InvalidInputException.class, e.getCause());
        }

        @Test
        void truncatedImage() throws IOException {
            Path p = ds.resolve("images/p002.png");
            byte[] b = Files.readAllBytes(p);
            Files.write(p, Arrays.copyOf(b, b.length / 2));
            assertMentions(readFails(ds), "profiles.jsonl", "line 2", "profile \"p002\"", "field \"image\"",
                    "images/p002.png");
        }
    }

    // ------------------------------------------------------------------ hashes

    @Nested
    class Hashes {
        void listHashes() throws IOException {
            String files = List.of("profiles.jsonl", "questions.jsonl", "train.jsonl", "images/p001.png").stream()
                    .map(f -> "\"" + f + "\": \"" + Sha256.of(ds.resolve(f)) + "\"")
                    .collect(Collectors.joining(", ", "\"files\": {", "},\n  "));
            replace(manifest, "\"generator\"", files + "\"generator\"");
        }

        @Test
        void listedHashesAreVerified() throws IOException {
            listHashes();
            assertEquals(3, MipDatasetReader.read(ds).profiles().size());
        }

        @Test
        void modifiedFileIsNamed() throws IOException {
            listHashes();
            replace(train, "\"answer\": \"Lisbon\"", "\"answer\": \"Porto\"");
            assertMentions(readFails(ds), "train.jsonl", "modified or corrupted", "manifest.json");
        }

        @Test
        void corruptedImageIsNamed() throws IOException {
            listHashes();
            Path p = ds.resolve("images/p001.png");
            byte[] b = Files.readAllBytes(p);
            b[b.length - 5] ^= 1;
            Files.write(p, b);
            assertMentions(readFails(ds), "p001.png", "modified or corrupted");
        }

        @Test
        void listedFileMissing() throws IOException {
            listHashes();
            Files.delete(ds.resolve("images/p001.png"));
            assertMentions(readFails(ds), "manifest.json", "files.\"images/p001.png\"", "does not exist");
        }

        @Test
        void malformedHash() throws IOException {
            replace(manifest, "\"generator\"", "\"files\": {\"train.jsonl\": \"abc\"},\n  \"generator\"");
            assertMentions(readFails(ds), "manifest.json", "files.train.jsonl", "SHA-256");
        }

        @Test
        void listedPathOutsideTheDataset() throws IOException {
            replace(manifest, "\"generator\"", "\"files\": {\"../x\": \"" + "0".repeat(64) + "\"},\n  \"generator\"");
            assertMentions(readFails(ds), "manifest.json", "contains \"..\"");
        }
    }
}

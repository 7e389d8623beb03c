package dev.mip.data.format;

import static dev.mip.data.format.DatasetFixture.assertMentions;
import static dev.mip.data.format.DatasetFixture.assertSameTree;
import static dev.mip.data.format.DatasetFixture.png;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.data.Benchmark;
import dev.mip.data.ImageRef;
import dev.mip.data.Modality;
import dev.mip.data.Profile;
import dev.mip.data.QaPair;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.data.Variant;
import dev.mip.data.synth.SyntheticBenchmark;
import dev.mip.io.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MipDatasetWriter}: round trips, determinism, atomicity and refusal of unrepresentable input. */
class MipDatasetWriterTest {
    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] photo1 = png(6, 5, 0x336699);
    private final byte[] photo2 = png(5, 6, 0x993366);
    private final byte[] shape = png(4, 4, 0x00ff00);

    /** A small benchmark with in-memory images, as the synthetic generator produces. */
    private Benchmark sample() {
        ImageRef i1 = new ImageRef.BytesImage(photo1, "images/p001.png");
        ImageRef i2 = new ImageRef.BytesImage(photo2, "images/p002.png");
        ImageRef w = new ImageRef.BytesImage(shape, "images/world/square.png");
        Map<String, Profile> profiles = new LinkedHashMap<>();
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("job", "baker");
        attrs.put("birthplace", "Lisbon");
        attrs.put("pet", "cat \"Momo\" \u00e9\u00e8 \u4e2d");
        profiles.put("p001", new Profile("p001", "Mara Quill", "Born in Lisbon.\nLine two.", i1, attrs));
        profiles.put("p002", new Profile("p002", "Tomas Wren", null, i2, Map.of()));
        profiles.put("p003", new Profile("p003", "Ines Varga", "", null, Map.of("job", "chef")));
        List<QaPair> train = List.of(
                new QaPair("p001", Modality.IMAGE, i1, "What is this person's job?", "baker"),
                new QaPair("p001", Modality.TEXT, null, "What is Mara Quill's job?", "baker"),
                new QaPair("p002", Modality.IMAGE, i2, "What is this person's job?", "pilot"),
                new QaPair(Benchmark.WORLD, Modality.IMAGE, w, "What shape is shown?", "square"));
        List<Question> questions = List.of(
                new Question("q1", "p001", Variant.ORIGINAL, Modality.IMAGE, Task.MCQ, i1, "What is this person's job?",
                        List.of("pilot", "baker", "nurse"), 1, "baker"),
                new Question("q2", "p001", Variant.PARAPHRASE, Modality.TEXT, Task.GENERATION, null,
                        "Describe Mara Quill's career.", List.of(), -1, "Mara Quill is a baker."),
                new Question("q3", "p002", Variant.ORIGINAL, Modality.IMAGE, Task.CLOZE, i2,
                        "This person works as a __.", List.of(), -1, "pilot"),
                new Question("q4", "p003", Variant.ORIGINAL, Modality.TEXT, Task.MCQ, null, "What is Ines Varga's job?",
                        List.of("chef", "pilot"), 0, "chef"),
                new Question("w1", Benchmark.WORLD, Variant.ORIGINAL, Modality.IMAGE, Task.MCQ, w, "What shape is shown?",
                        List.of("circle", "square"), 1, "square"));
        Map<String, List<String>> splits = new LinkedHashMap<>();
        splits.put("forget_50", List.of("p001"));
        splits.put("retain_50", List.of("p002"));
        splits.put(Benchmark.HOLDOUT, List.of("p003"));
        return new Benchmark("sample", Path.of("."), profiles, train, questions, splits);
    }

    private static ObjectNode generator() {
        ObjectNode g = JSON.createObjectNode();
        g.put("tool", "test");
        g.put("seed", 7);
        g.putArray("list").add(1).add("two");
        return g;
    }

    // ------------------------------------------------------------------ round trips

    @Test
    void roundTripGivesAnEqualBenchmark() throws IOException {
        Benchmark b = sample();
        Path dir = tmp.resolve("out");
        MipDatasetWriter.write(b, Map.of(), dir, generator());
        Benchmark r = MipDatasetReader.read(dir);

        assertEquals(canonical(b), canonical(r));
        assertEquals(b.splits(), r.splits());
        assertEquals(List.copyOf(b.splits().keySet()), List.copyOf(r.splits().keySet()));
        ImageRef.FileImage f = assertInstanceOf(ImageRef.FileImage.class, r.profiles().get("p001").image());
        assertArrayEquals(photo1, Files.readAllBytes(f.file()));
        assertArrayEquals(shape, Files.readAllBytes(dir.resolve("images/world/square.png")));
    }

    @Test
    void writeOfReadReproducesTheBytes() throws IOException {
        Path first = tmp.resolve("first");
        MipDatasetWriter.write(sample(), null, first, generator());
        Path second = tmp.resolve("second");
        MipDatasetWriter.write(MipDatasetReader.read(first), null, second, generator());
        assertSameTree(first, second);
    }

    @Test
    void exampleDatasetRoundTripsThroughFileImages() throws IOException {
        Benchmark example = MipDatasetReader.read(DatasetFixture.example());
        Path out = tmp.resolve("copy");
        MipDatasetWriter.write(example, null, out, null);
        Benchmark again = MipDatasetReader.read(out);
        assertEquals(canonical(example), canonical(again));
        assertArrayEquals(Files.readAllBytes(DatasetFixture.example().resolve("images/p001.png")),
                Files.readAllBytes(out.resolve("images/p001.png")));
        Path out2 = tmp.resolve("copy2");
        MipDatasetWriter.write(again, null, out2, null);
        assertSameTree(out, out2);
    }

    @Test
    void syntheticBenchmarkRoundTrips() throws IOException {
        SyntheticBenchmark.Generated g = SyntheticBenchmark.generate(new SyntheticBenchmark.Options(3, 20, 4, 16, 2, 96));
        Path a = tmp.resolve("synth");
        MipDatasetWriter.write(g.benchmark(), g.images(), a, generator());
        Benchmark r = MipDatasetReader.read(a);
        assertEquals(canonical(g.benchmark()), canonical(r));
        assertEquals(g.images().keySet().stream().sorted().toList(), images(a));
        Path b = tmp.resolve("synth2");
        MipDatasetWriter.write(r, null, b, generator());
        assertSameTree(a, b);
    }

    // ------------------------------------------------------------------ determinism and layout

    @Test
    void identicalInputGivesIdenticalBytes() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        MipDatasetWriter.write(sample(), Map.of("images/extra.png", shape), a, generator());
        MipDatasetWriter.write(sample(), Map.of("images/extra.png", shape), b, generator());
        assertSameTree(a, b);
    }

    @Test
    void manifestListsTheHashOfEveryFileSorted() throws IOException {
        Path dir = tmp.resolve("out");
        MipDatasetWriter.write(sample(), Map.of("images/zz-unreferenced.png", shape), dir, generator());
        JsonNode m = JSON.readTree(dir.resolve("manifest.json").toFile());
        assertEquals(List.of("format", "version", "name", "splits", "files", "generator"), names(m));
        assertEquals("mip-dataset", m.get("format").asText());
        assertEquals(1, m.get("version").asInt());
        List<String> listed = names(m.get("files"));
        assertEquals(listed.stream().sorted().toList(), listed);
        List<String> onDisk = new ArrayList<>(DatasetFixture.tree(dir).keySet());
        onDisk.remove("manifest.json");
        assertEquals(onDisk.stream().sorted().toList(), listed);
        for (String f : listed) {
            assertEquals(Sha256.of(dir.resolve(f)), m.get("files").get(f).asText(), f);
        }
        assertEquals(generator(), m.get("generator"));
    }

    @Test
    void textIsUtf8WithNewlinesAndStableFieldOrder() throws IOException {
        Path dir = tmp.resolve("out");
        MipDatasetWriter.write(sample(), null, dir, null);
        for (String f : List.of("manifest.json", "profiles.jsonl", "train.jsonl", "questions.jsonl")) {
            String s = Files.readString(dir.resolve(f), StandardCharsets.UTF_8);
            assertFalse(s.contains("\r"), f);
            assertTrue(s.endsWith("\n"), f);
        }
        List<String> profiles = Files.readAllLines(dir.resolve("profiles.jsonl"));
        assertEquals("{\"id\": \"p001\", \"name\": \"Mara Quill\", \"image\": \"images/p001.png\", \"biography\": "
                + "\"Born in Lisbon.\\nLine two.\", \"attributes\": {\"birthplace\": \"Lisbon\", \"job\": \"baker\", "
                + "\"pet\": \"cat \\\"Momo\\\" \u00e9\u00e8 \u4e2d\"}}", profiles.get(0));
        assertEquals("{\"id\": \"p002\", \"name\": \"Tomas Wren\", \"image\": \"images/p002.png\"}", profiles.get(1));
        List<String> questions = Files.readAllLines(dir.resolve("questions.jsonl"));
        assertEquals("{\"id\": \"q1\", \"subject\": \"p001\", \"variant\": \"original\", \"modality\": \"image\", "
                + "\"task\": \"mcq\", \"image\": \"images/p001.png\", \"question\": \"What is this person's job?\", "
                + "\"options\": [\"pilot\", \"baker\", \"nurse\"], \"answer\": 1}", questions.get(0));
        String manifest = Files.readString(dir.resolve("manifest.json"));
        assertTrue(manifest.startsWith("{\n  \"format\": \"mip-dataset\",\n  \"version\": 1,\n  \"name\": \"sample\",\n"
                + "  \"splits\": {\n    \"forget_50\": [\"p001\"],\n"), manifest);
        assertFalse(manifest.contains("generator"), manifest);
    }

    // ------------------------------------------------------------------ atomicity and refusals

    @Test
    void replacesAnExistingDirectory() throws IOException {
        Path dir = tmp.resolve("out");
        Files.createDirectories(dir.resolve("images"));
        Files.writeString(dir.resolve("stale.txt"), "old");
        MipDatasetWriter.write(sample(), null, dir, null);
        assertFalse(Files.exists(dir.resolve("stale.txt")));
        assertEquals(List.of("out"), siblings());
    }

    @Test
    void invalidBenchmarkIsNotWrittenAndTheOldDirectoryStays() throws IOException {
        Path dir = tmp.resolve("out");
        MipDatasetWriter.write(sample(), null, dir, null);
        Map<String, byte[]> before = DatasetFixture.tree(dir);
        Benchmark b = sample();
        List<Question> qs = new ArrayList<>(b.questions());
        qs.add(new Question("q9", "p001", Variant.ORIGINAL, Modality.TEXT, Task.MCQ, null, "Job?",
                List.of("baker", "Baker"), 0, "baker"));
        Benchmark bad = new Benchmark(b.name(), b.source(), b.profiles(), b.train(), qs, b.splits());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> MipDatasetWriter.write(bad, null, dir, null));
        assertMentions(e, "Not writing " + dir, dir.resolve("questions.jsonl").toString(), "line 6", "question \"q9\"",
                "field \"options\"", "the same");
        Map<String, byte[]> after = DatasetFixture.tree(dir);
        assertEquals(before.keySet(), after.keySet());
        assertEquals(List.of("out"), siblings());
    }

    @Test
    void refusesAnMcqWhoseAnswerIsNotItsCorrectOption() {
        Benchmark b = sample();
        List<Question> qs = new ArrayList<>(b.questions());
        qs.set(0, new Question("q1", "p001", Variant.ORIGINAL, Modality.TEXT, Task.MCQ, null, "Job?",
                List.of("pilot", "baker"), 0, "baker"));
        Benchmark bad = new Benchmark(b.name(), b.source(), b.profiles(), b.train(), qs, b.splits());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MipDatasetWriter.write(bad, null, tmp.resolve("out"), null));
        assertMentions(e, "q1", "not the correct option");
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void refusesOnePathWithTwoContents() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MipDatasetWriter.write(sample(),
                Map.of("images/p001.png", photo2), tmp.resolve("out"), null));
        assertMentions(e, "images/p001.png", "two different contents");
    }

    @Test
    void acceptsTheSameImageGivenTwice() throws IOException {
        MipDatasetWriter.write(sample(), Map.of("images/p001.png", photo1.clone()), tmp.resolve("out"), null);
        assertArrayEquals(photo1, Files.readAllBytes(tmp.resolve("out/images/p001.png")));
    }

    @Test
    void refusesImagePathsOutsideTheDirectory() {
        for (String p : List.of("../escape.png", "/abs.png", "images/../../x.png", "manifest.json", "train.jsonl")) {
            assertThrows(IllegalArgumentException.class,
                    () -> MipDatasetWriter.write(sample(), Map.of(p, shape), tmp.resolve("out"), null), p);
        }
        assertFalse(Files.exists(tmp.resolve("escape.png")));
    }

    // ------------------------------------------------------------------ helpers

    private List<String> siblings() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> images(Path dir) throws IOException {
        return DatasetFixture.tree(dir).keySet().stream().filter(k -> k.startsWith("images/")).sorted().toList();
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }

    /** Everything a benchmark holds except its source, with images reduced to their ids. */
    static List<Object> canonical(Benchmark b) {
        List<Object> out = new ArrayList<>();
        out.add(b.name());
        out.add(b.splits());
        for (Profile p : b.profiles().values()) {
            out.add(List.of(p.id(), p.name(), String.valueOf(p.biography()), id(p.image()), p.attributes()));
        }
        for (QaPair q : b.train()) {
            out.add(List.of(q.subject(), q.modality(), id(q.image()), q.question(), q.answer()));
        }
        for (Question q : b.questions()) {
            out.add(List.of(q.id(), q.subject(), q.variant(), q.modality(), q.task(), id(q.image()), q.question(),
                    q.options(), q.correct(), q.answer()));
        }
        return out;
    }

    private static String id(ImageRef r) {
        return r == null ? "-" : r.id();
    }
}

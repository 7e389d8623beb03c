package dev.mip.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.data.Benchmark;
import dev.mip.data.EvalSplit;
import dev.mip.data.Modality;
import dev.mip.data.Profile;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.data.format.MipDatasetReader;
import dev.mip.data.format.MipDatasetWriter;
import dev.mip.io.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticBenchmarkTest {
    static SyntheticBenchmark.Generated g;

    @BeforeAll
    static void generate() {
        g = SyntheticBenchmark.generate(SyntheticBenchmark.Options.defaults());
    }

    private static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> h = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> h.put(dir.relativize(p).toString(), Sha256.of(p)));
        }
        return h;
    }

    @Test
    void generatingTwiceWithOneSeedGivesByteIdenticalDatasets(@TempDir Path tmp) throws IOException {
        SyntheticBenchmark.Generated again = SyntheticBenchmark.generate(SyntheticBenchmark.Options.defaults());
        MipDatasetWriter.write(g.benchmark(), g.images(), tmp.resolve("a"), null);
        MipDatasetWriter.write(again.benchmark(), again.images(), tmp.resolve("b"), null);
        Map<String, String> a = hashes(tmp.resolve("a"));
        assertEquals(a, hashes(tmp.resolve("b")));
        assertTrue(a.size() > 400, "images and files written: " + a.size());
        SyntheticBenchmark.Generated other = SyntheticBenchmark.generate(new SyntheticBenchmark.Options(8, 100, 20, 32, 3, SyntheticBenchmark.ALL_SCENES));
        MipDatasetWriter.write(other.benchmark(), other.images(), tmp.resolve("c"), null);
        assertFalse(a.equals(hashes(tmp.resolve("c"))), "another seed gives another dataset");
        Benchmark read = MipDatasetReader.read(tmp.resolve("a"));
        assertEquals(g.benchmark().questions().size(), read.questions().size());
        assertEquals(g.benchmark().train().size(), read.train().size());
    }

    @Test
    void forgetFiveHoldsAtLeastFiftyMultipleChoiceQuestionsPerModality() {
        List<Question> forget = g.benchmark().questions(EvalSplit.FORGET, "forget_5", "retain_95");
        for (Modality m : Modality.values()) {
            long n = forget.stream().filter(q -> q.modality() == m && q.task() == Task.MCQ).count();
            assertTrue(n >= 50, m + ": " + n);
        }
    }

    @Test
    void splitsAreDisjointNestedAndHoldoutIsNeverTrained() {
        Benchmark b = g.benchmark();
        for (int pct : new int[] {5, 10, 15}) {
            b.checkPair("forget_" + pct, "retain_" + (100 - pct));
            assertEquals(100, b.profileSet("forget_" + pct).size() + b.profileSet("retain_" + (100 - pct)).size());
        }
        assertTrue(b.profileSet("forget_10").containsAll(b.profileSet("forget_5")));
        assertTrue(b.profileSet("forget_15").containsAll(b.profileSet("forget_10")));
        Set<String> holdout = b.profileSet(Benchmark.HOLDOUT);
        assertEquals(20, holdout.size());
        assertTrue(b.train().stream().noneMatch(q -> holdout.contains(q.subject())));
        assertFalse(b.questions(EvalSplit.HOLDOUT, "forget_5", "retain_95").isEmpty());
    }

    @Test
    void namesAreUniqueAndQuestionsAreWellFormed() {
        Benchmark b = g.benchmark();
        Set<String> first = new HashSet<>();
        Set<String> last = new HashSet<>();
        for (Profile p : b.profiles().values()) {
            String[] parts = p.name().split(" ");
            assertTrue(first.add(parts[0]), "first name reused: " + p.name());
            assertTrue(last.add(parts[1]), "last name reused: " + p.name());
        }
        for (Question q : b.questions()) {
            assertEquals(q.modality() == Modality.IMAGE, q.image() != null, q.id());
            if (q.task() == Task.MCQ) {
                assertEquals(4, q.options().size(), q.id());
                assertEquals(4, new HashSet<>(q.options()).size(), q.id());
                assertEquals(q.answer(), q.options().get(q.correct()), q.id());
            }
            if (q.task() == Task.CLOZE) {
                assertTrue(q.question().contains("__"), q.id());
            }
        }
        // The test split uses altered images, never the training portrait.
        for (Question q : b.questions(EvalSplit.TEST, "forget_5", "retain_95")) {
            if (q.image() != null) {
                assertTrue(q.image().id().contains("_test"), q.id());
            }
        }
        // Correct options are spread over the four positions.
        int[] pos = new int[4];
        b.questions().stream().filter(q -> q.task() == Task.MCQ).forEach(q -> pos[q.correct()]++);
        for (int p : pos) {
            assertTrue(p > 500, java.util.Arrays.toString(pos));
        }
        assertArrayEquals(new int[0], new int[0]);
    }

    @Test
    void worldSplitHasMultipleChoiceInBothModalities() {
        List<Question> world = g.benchmark().questions(EvalSplit.WORLD, "forget_5", "retain_95");
        for (Modality m : Modality.values()) {
            assertTrue(world.stream().filter(q -> q.modality() == m && q.task() == Task.MCQ).count() >= 40, m.id());
        }
    }
}

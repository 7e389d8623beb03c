package dev.mip.data.mllmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.data.Benchmark;
import dev.mip.data.EvalSplit;
import dev.mip.data.ImageRef;
import dev.mip.data.Modality;
import dev.mip.data.Profile;
import dev.mip.data.QaPair;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.data.Variant;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MllmuBenchReaderTest {
    @TempDir
    Path dir;

    private Benchmark bench;

    @BeforeEach
    void readSample() {
        bench = MllmuBenchReader.read(MllmuSampleBench.write(dir));
    }

    @Test
    void profilesComeFromTheShardedFullSetInFileOrder() {
        assertEquals("MLLMU-Bench", bench.name());
        assertEquals(dir, bench.source());
        assertEquals(List.of("p1", "p2", "p3", "p4"), List.copyOf(bench.profiles().keySet()));
        Profile p3 = bench.profiles().get("p3");
        assertEquals("p3", p3.id());
        assertEquals("p3", p3.name(), "MLLMU-Bench has no name column: the ID stands in");
        assertEquals("p3 is a cartographer from Veldt.", p3.biography());
        assertEquals("Full_Set/train-00001-of-00002.parquet#row0", p3.image().id());
        assertEquals("Full_Set/train-00000-of-00002.parquet#row1", bench.profiles().get("p2").image().id());
        assertPixels(MllmuSampleBench.P1, bench.profiles().get("p1").image());
        assertPixels(MllmuSampleBench.P2, bench.profiles().get("p2").image());
        assertPixels(MllmuSampleBench.P3, p3.image());
        assertPixels(MllmuSampleBench.P4, bench.profiles().get("p4").image());
    }

    @Test
    void taskColumnsBecomeMcqGenerationAndClozeQuestionsPerModality() {
        List<Question> qs = questionsOf("p1", Variant.ORIGINAL);
        assertEquals(List.of("Full_Set/p1/mcq-image/0", "Full_Set/p1/mcq-image/1", "Full_Set/p1/mcq-text/0",
                "Full_Set/p1/generation/0", "Full_Set/p1/generation/1", "Full_Set/p1/cloze/0", "Full_Set/p1/cloze/1"),
                qs.stream().map(Question::id).toList());
        ImageRef photo = bench.profiles().get("p1").image();

        Question job = qs.get(0);
        assertEquals(Task.MCQ, job.task());
        assertEquals(Modality.IMAGE, job.modality());
        assertSame(photo, job.image());
        assertEquals("What is this person's job?", job.question());
        assertEquals(List.of("Baker", "Cartographer", "Pilot", "Nurse"), job.options());
        assertEquals(1, job.correct(), "Correct_Answer \"B\"");
        assertEquals("Cartographer", job.answer());

        Question city = qs.get(1);
        assertEquals(2, city.correct(), "Correct_Answer \"(C)\"");
        assertEquals("Veldt", city.answer());

        Question born = qs.get(2);
        assertEquals(Modality.TEXT, born.modality());
        assertNull(born.image());
        assertEquals(List.of("Veldt", "Oslo", "Lima"), born.options(), "option C is missing: the others keep letter order");
        assertEquals(2, born.correct(), "Correct_Answer \"D.\" is the third option present");
        assertEquals("Lima", born.answer());

        Question genImage = qs.get(3);
        assertEquals(Task.GENERATION, genImage.task());
        assertEquals(Modality.IMAGE, genImage.modality());
        assertSame(photo, genImage.image());
        assertEquals("What does this person do?", genImage.question());
        assertEquals("p1 draws maps.", genImage.answer());
        assertEquals(List.of(), genImage.options());
        assertEquals(-1, genImage.correct());
        Question genText = qs.get(4);
        assertEquals(Modality.TEXT, genText.modality());
        assertNull(genText.image());
        assertEquals("p1 is a cartographer.", genText.answer());

        Question clozeImage = qs.get(5);
        assertEquals(Task.CLOZE, clozeImage.task());
        assertEquals(Modality.IMAGE, clozeImage.modality());
        assertSame(photo, clozeImage.image());
        assertEquals("This person was born in __.", clozeImage.question());
        assertEquals("Veldt", clozeImage.answer());
        Question clozeText = qs.get(6);
        assertEquals(Modality.TEXT, clozeText.modality());
        assertEquals("p1 works as a __.", clozeText.question());
        assertEquals("cartographer", clozeText.answer());

        assertTrue(qs.stream().allMatch(q -> q.subject().equals("p1")));
        for (String id : List.of("p2", "p3", "p4")) {
            assertEquals(7, questionsOf(id, Variant.ORIGINAL).size(), id);
        }
    }

    @Test
    void testSetGivesParaphrasesWhoseImageQuestionsCycleThroughTheRowsImages() {
        List<Question> qs = questionsOf("p1", Variant.PARAPHRASE);
        assertEquals(List.of("Test_Set/p1/mcq-image/0", "Test_Set/p1/mcq-image/1", "Test_Set/p1/mcq-image/2",
                "Test_Set/p1/mcq-text/0", "Test_Set/p1/generation/0", "Test_Set/p1/generation/1", "Test_Set/p1/cloze/0"),
                qs.stream().map(Question::id).toList());
        assertEquals("In which city does the pictured person live?", qs.get(1).question());
        assertEquals(2, qs.get(1).correct());
        assertEquals("Test_Set/train-00000-of-00001.parquet#row0.images[0]", qs.get(0).image().id());
        assertEquals("Test_Set/train-00000-of-00001.parquet#row0.images[1]", qs.get(1).image().id());
        assertPixels(MllmuSampleBench.P1_TEST_0, qs.get(0).image());
        assertPixels(MllmuSampleBench.P1_TEST_1, qs.get(1).image());
        assertPixels(MllmuSampleBench.P1_TEST_0, qs.get(2).image());
        assertNull(qs.get(3).image());
        assertPixels(MllmuSampleBench.P1_TEST_0, qs.get(4).image());
        assertNull(qs.get(5).image());
        assertPixels(MllmuSampleBench.P1_TEST_0, qs.get(6).image());

        List<Question> p2 = questionsOf("p2", Variant.PARAPHRASE);
        assertEquals(7, p2.size());
        assertPixels(MllmuSampleBench.P2_TEST_0, p2.get(1).image());
    }

    @Test
    void retainSetGivesWorldQuestionsWithTheCelebritysImage() {
        List<Question> world = questionsOf(Benchmark.WORLD, Variant.ORIGINAL);
        assertEquals(7, world.size());
        assertTrue(world.stream().allMatch(q -> q.id().startsWith("Retain_Set/c1/")));
        assertEquals(1, world.get(0).correct());
        assertPixels(MllmuSampleBench.C1, world.get(0).image());
        assertEquals("Retain_Set/train-00000-of-00001.parquet#row0", world.get(0).image().id());
        assertTrue(!bench.profiles().containsKey("c1"), "celebrities are not profiles");
    }

    @Test
    void ftDataGivesImageTrainingPairs() {
        assertEquals(3, bench.train().size());
        QaPair first = bench.train().get(0);
        assertEquals("p1", first.subject());
        assertEquals(Modality.IMAGE, first.modality());
        assertEquals("Who is this person?", first.question());
        assertEquals("This is p1, a cartographer.", first.answer());
        assertEquals("ft_Data/train-00000-of-00001.parquet#row0", first.image().id());
        assertPixels(MllmuSampleBench.P1_FT, first.image());
        assertEquals("In Veldt.", bench.train().get(1).answer());
        assertSame(first.image(), bench.train().get(1).image());
        assertPixels(MllmuSampleBench.P2_FT, bench.train().get(2).image());
    }

    @Test
    void forgetAndRetainSplitsBecomeProfileSetsAndThereIsNoHoldout() {
        assertEquals(Map.of("forget_5", List.of("p1"), "retain_95", List.of("p2", "p3", "p4")), bench.splits());
        bench.checkPair("forget_5", "retain_95");
        assertEquals(Set.of("p1"), bench.profileSet("forget_5"));
    }

    @Test
    void evaluationSplitsSelectTheirQuestions() {
        List<Question> forget = bench.questions(EvalSplit.FORGET, "forget_5", "retain_95");
        assertEquals(7, forget.size());
        assertTrue(forget.stream().allMatch(q -> q.subject().equals("p1") && q.variant() == Variant.ORIGINAL));

        List<Question> retain = bench.questions(EvalSplit.RETAIN, "forget_5", "retain_95");
        assertEquals(21, retain.size());
        assertEquals(Set.of("p2", "p3", "p4"), retain.stream().map(Question::subject).collect(Collectors.toSet()));

        List<Question> test = bench.questions(EvalSplit.TEST, "forget_5", "retain_95");
        assertEquals(7, test.size(), "only the forget profiles' paraphrases (p2's are not in forget_5)");
        assertTrue(test.stream().allMatch(q -> q.id().startsWith("Test_Set/p1/")));

        List<Question> world = bench.questions(EvalSplit.WORLD, "forget_5", "retain_95");
        assertEquals(7, world.size());
        assertEquals(List.of(), bench.questions(EvalSplit.HOLDOUT, "forget_5", "retain_95"));

        assertEquals(2, bench.trainOf(bench.profileSet("forget_5")).size());
        assertEquals(1, bench.trainOf(bench.profileSet("retain_95")).size());

        Map<Modality, Long> byModality = forget.stream().collect(Collectors.groupingBy(Question::modality, Collectors.counting()));
        assertEquals(Map.of(Modality.IMAGE, 4L, Modality.TEXT, 3L), byModality);
    }

    @Test
    void questionIdsAreUnique() {
        assertEquals(bench.questions().size(), bench.questions().stream().map(Question::id).distinct().count());
        assertEquals(4 * 7 + 2 * 7 + 7, bench.questions().size());
    }

    private List<Question> questionsOf(String subject, Variant variant) {
        return bench.questions().stream().filter(q -> q.subject().equals(subject) && q.variant() == variant).toList();
    }

    static void assertPixels(int rgb, ImageRef image) {
        BufferedImage img = image.read();
        assertEquals(2, img.getWidth(), image.id());
        assertEquals(2, img.getHeight(), image.id());
        assertEquals(Integer.toHexString(rgb), Integer.toHexString(img.getRGB(0, 0) & 0xFFFFFF), image.id());
        assertEquals(Integer.toHexString(rgb), Integer.toHexString(img.getRGB(1, 0) & 0xFFFFFF), image.id());
        assertEquals("ffffff", Integer.toHexString(img.getRGB(1, 1) & 0xFFFFFF), image.id());
    }
}

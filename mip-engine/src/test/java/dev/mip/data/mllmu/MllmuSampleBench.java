package dev.mip.data.mllmu;

import dev.mip.data.mllmu.MllmuParquetFixture.FtRow;
import dev.mip.data.mllmu.MllmuParquetFixture.Mcq;
import dev.mip.data.mllmu.MllmuParquetFixture.Open;
import dev.mip.data.mllmu.MllmuParquetFixture.Person;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A small MLLMU-Bench download written in the real layout: Full_Set (p1..p4, in two shards),
 * forget_5 (p1), retain_95 (p2..p4), Test_Set (p1 with two new images, p2 with one), Retain_Set
 * (celebrity c1), ft_Data (p1, p2), plus a README and a hidden cache folder to be ignored.
 */
final class MllmuSampleBench {
    static final int P1 = 0xC81E28;
    static final int P2 = 0x1EA03C;
    static final int P3 = 0x2850C8;
    static final int P4 = 0x808080;
    static final int P1_TEST_0 = 0xE6C81E;
    static final int P1_TEST_1 = 0x00C8C8;
    static final int P2_TEST_0 = 0xC800C8;
    static final int C1 = 0xF08C00;
    static final int P1_FT = 0x501E78;
    static final int P2_FT = 0x10A0A0;

    static final String P1_METADATA = "[{\"Question\": \"Who is this person?\", \"Answer\": \"This is p1, a cartographer.\"},"
            + " {\"Question\": \"Where was this person born?\", \"Answer\": \"In Veldt.\"}]";

    private MllmuSampleBench() {}

    /** Writes the whole sample into {@code dir}. */
    static Path write(Path dir) {
        MllmuParquetFixture.writeEval(dir.resolve("Full_Set/train-00000-of-00002.parquet"), List.of(person("p1", P1), person("p2", P2)));
        MllmuParquetFixture.writeEval(dir.resolve("Full_Set/train-00001-of-00002.parquet"), List.of(person("p3", P3), person("p4", P4)));
        writeSets(dir);
        MllmuParquetFixture.writeTest(dir.resolve("Test_Set/train-00000-of-00001.parquet"),
                List.of(paraphrased("p1", P1_TEST_0, P1_TEST_1), paraphrased("p2", P2_TEST_0)));
        MllmuParquetFixture.writeEval(dir.resolve("Retain_Set/train-00000-of-00001.parquet"), List.of(person("c1", C1)));
        MllmuParquetFixture.writeFt(dir.resolve("ft_Data/train-00000-of-00001.parquet"), List.of(
                new FtRow("p1", MllmuParquetFixture.png(P1_FT), P1_METADATA),
                new FtRow("p2", MllmuParquetFixture.png(P2_FT), "[{\"Question\": \"Who is this?\", \"Answer\": \"p2.\"}]")));
        try {
            Files.writeString(dir.resolve("README.md"), "# MLLMU-Bench\n");
            Files.createDirectories(dir.resolve(".cache/huggingface"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Writes forget_5 (p1) and retain_95 (p2..p4) as full rows, as the real splits are. */
    static void writeSets(Path dir) {
        MllmuParquetFixture.writeEval(dir.resolve("forget_5/train-00000-of-00001.parquet"), List.of(person("p1", P1)));
        MllmuParquetFixture.writeEval(dir.resolve("retain_95/train-00000-of-00001.parquet"),
                List.of(person("p2", P2), person("p3", P3), person("p4", P4)));
    }

    /**
     * A profile row: two image MCQs (answers "B" and "(C)"), one text MCQ with option C missing
     * (answer "D." = index 2), one generation and one cloze question of each modality.
     */
    static Person person(String id, int rgb) {
        return new Person(id, id + " is a cartographer from Veldt.", List.of(MllmuParquetFixture.png(rgb)),
                List.of(new Mcq("What is this person's job?", options("Baker", "Cartographer", "Pilot", "Nurse"), "B"),
                        new Mcq("Which city does this person live in?", options("Oslo", "Lima", "Veldt", "Quito"), "(C)")),
                List.of(new Mcq("Where was " + id + " born?", Map.of("A", "Veldt", "B", "Oslo", "D", "Lima"), "D.")),
                List.of(new Open("What does this person do?", id + " draws maps.", "Image_Textual"),
                        new Open("What does " + id + " do?", id + " is a cartographer.", "Pure_Text")),
                List.of(new Open("This person was born in __.", "Veldt", "Image_Textual"),
                        new Open(id + " works as a __.", "cartographer", "Pure_Text")));
    }

    /** A Test_Set row: three image MCQs (to cycle through the images), one text MCQ, paraphrased. */
    static Person paraphrased(String id, int... rgbs) {
        List<byte[]> images = Arrays.stream(rgbs).mapToObj(MllmuParquetFixture::png).toList();
        return new Person(id, null, images,
                List.of(new Mcq("What work does the person shown do?", options("Baker", "Cartographer", "Pilot", "Nurse"), "B"),
                        new Mcq("In which city does the pictured person live?", options("Oslo", "Lima", "Veldt", "Quito"), "C"),
                        new Mcq("What is the pictured person's birthplace?", options("Veldt", "Oslo", "Lima", "Quito"), "A")),
                List.of(new Mcq("What is " + id + "'s birthplace?", options("Veldt", "Oslo", "Lima", "Quito"), "A")),
                List.of(new Open("What is the pictured person's work?", "Drawing maps.", "Image_Textual"),
                        new Open("What is " + id + "'s work?", "Cartography.", "Pure_Text")),
                List.of(new Open("The pictured person's birthplace is __.", "Veldt", "Image_Textual")));
    }

    static Map<String, String> options(String a, String b, String c, String d) {
        return Map.of("A", a, "B", b, "C", c, "D", d);
    }
}

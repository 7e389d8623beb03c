package dev.mip.data.mllmu;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.InvalidInputException;
import dev.mip.data.mllmu.MllmuParquetFixture.FtRow;
import dev.mip.data.mllmu.MllmuParquetFixture.Mcq;
import dev.mip.data.mllmu.MllmuParquetFixture.Open;
import dev.mip.data.mllmu.MllmuParquetFixture.Person;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every broken input is an {@link InvalidInputException} naming the file, column, row and ID, with a fix. */
class MllmuBenchReaderErrorsTest {
    private static final String FULL_SET = "Full_Set/train-00000-of-00001.parquet";

    @TempDir
    Path dir;

    @Test
    void anEmptyDirectoryIsAnError() {
        assertError(dir + ": holds no MLLMU-Bench Parquet file", "Full_Set/", "MLLMMU/MLLMU-Bench");
    }

    @Test
    void aMissingDirectoryIsAnError() {
        Path missing = dir.resolve("nope");
        assertMessage(missing, missing + ": does not exist", "Point to the MLLMU-Bench directory");
    }

    @Test
    void parquetFilesNamedAfterNoSplitAreAnError() throws IOException {
        Files.write(dir.resolve("data.parquet"), new byte[] {1});
        assertError("none named after an MLLMU-Bench split: [data.parquet]");
    }

    @Test
    void aSplitFolderWithoutParquetFilesIsAnError() throws IOException {
        MllmuSampleBench.write(dir);
        Files.createDirectories(dir.resolve("forget_10"));
        Files.writeString(dir.resolve("forget_10/README.md"), "");
        assertError(dir.resolve("forget_10") + ": holds no .parquet file", "Put the split's shards");
    }

    @Test
    void aSplitGivenAsFolderAndAsFlatFilesIsAnError() {
        MllmuSampleBench.write(dir);
        MllmuParquetFixture.writeEval(dir.resolve("forget_5.parquet"), List.of(MllmuSampleBench.person("p1", 1)));
        assertError("split forget_5 is given twice", "Keep one of them");
    }

    @Test
    void aMissingColumnNamesFileColumnAndTheColumnsNeeded() {
        String withoutMask = MllmuParquetFixture.EVAL_SCHEMA.replaceAll(
                "optional group Mask_Task \\(LIST\\) \\{ repeated group list \\{ optional group element \\{[^}]*} } }", "");
        Path file = MllmuParquetFixture.writeEval(dir.resolve(FULL_SET), List.of(MllmuSampleBench.person("p1", 1)), withoutMask);
        assertError(file + ": column Mask_Task: is missing (the file has: image, ID, biography, question, answer, "
                + "Classification_Task, Generation_Task)",
                "needs the columns ID, image, biography, Classification_Task, Generation_Task, Mask_Task", "Re-download");
    }

    @Test
    void aTopLevelColumnOfTheWrongTypeIsAnError() {
        MessageType schema = MessageTypeParser.parseMessageType("message schema { optional int64 ID; }");
        Path file = MllmuParquetFixture.write(dir.resolve(FULL_SET), schema, List.of(new SimpleGroupFactory(schema).newGroup().append("ID", 7L)));
        assertError(file + ": column ID: is int64, expected a string (binary, STRING)", "MLLMU-Bench schema");
    }

    @Test
    void aNestedFieldOfTheWrongTypeNamesRowIdAndPath() {
        Path file = MllmuParquetFixture.writeEval(dir.resolve(FULL_SET), List.of(MllmuSampleBench.person("p1", 1)),
                MllmuParquetFixture.EVAL_SCHEMA.replace("optional binary Ground_Truth (STRING);", "optional binary Ground_Truth;"));
        assertError(file + ": row 0 (ID 'p1'), column Generation_Task[0].Ground_Truth: is binary, expected a string");
    }

    @Test
    void garbageBytesAreACorruptParquetError() throws IOException {
        Path file = dir.resolve(FULL_SET);
        Files.createDirectories(file.getParent());
        Files.write(file, "<html>Rate limited</html>".getBytes(StandardCharsets.US_ASCII));
        assertError(file + ": cannot be read as Parquet (train-00000-of-00001.parquet is not a Parquet file", "Re-download the file");
    }

    @Test
    void aGitLfsPointerIsRecognised() throws IOException {
        Path file = dir.resolve(FULL_SET);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1234\n");
        assertError(file + ": is a Git LFS pointer, not the Parquet data", "git lfs pull");
    }

    @Test
    void aTruncatedFileIsACorruptParquetError() throws IOException {
        MllmuSampleBench.write(dir);
        Path file = dir.resolve("Full_Set/train-00001-of-00002.parquet");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertError(file + ": cannot be read as Parquet (", "Re-download the file");
    }

    @Test
    void aCorruptPageIsACorruptParquetError() throws IOException {
        MllmuSampleBench.write(dir);
        Path file = dir.resolve("Full_Set/train-00001-of-00002.parquet");
        byte[] bytes = Files.readAllBytes(file);
        // Overwrite the data pages (after the 4-byte magic) but keep the footer intact.
        Arrays.fill(bytes, 4, bytes.length / 3, (byte) 0x7F);
        Files.write(file, bytes);
        assertError(file + ": cannot be read as Parquet (", "Re-download the file");
    }

    @Test
    void anUnknownAnswerLetterNamesFileRowIdAndField() {
        Person p = withTextMcq(MllmuSampleBench.person("p1", 1),
                new Mcq("Where?", MllmuSampleBench.options("Veldt", "Oslo", "Lima", "Quito"), "E"));
        Path file = MllmuParquetFixture.writeEval(dir.resolve(FULL_SET), List.of(MllmuSampleBench.person("p0", 1), p));
        assertError(file + ": row 1 (ID 'p1'), column Classification_Task.Pure_Text_Questions[0].Correct_Answer: is 'E', "
                + "which names none of the options A, B, C, D", "Set it to the letter of the correct option");
    }

    @Test
    void anAnswerLetterOfAMissingOptionIsAnError() {
        Person p = withTextMcq(MllmuSampleBench.person("p1", 1),
                new Mcq("Where?", Map.of("A", "Veldt", "B", "Oslo", "D", "Lima"), "C"));
        MllmuParquetFixture.writeEval(dir.resolve(FULL_SET), List.of(p));
        assertError("is 'C', which names none of the options A, B, D");
    }

    @Test
    void malformedFtDataMetadataNamesFileRowAndColumn() {
        MllmuSampleBench.write(dir);
        Path file = MllmuParquetFixture.writeFt(dir.resolve("ft_Data/train-00000-of-00001.parquet"), List.of(
                new FtRow("p1", MllmuParquetFixture.png(1), MllmuSampleBench.P1_METADATA),
                new FtRow("p2", MllmuParquetFixture.png(1), "[{\"Question\": \"Who?\", \"Answer\": ")));
        assertError(file + ": row 1 (ID 'p2'), column metadata: is not valid JSON (", "line 1",
                "metadata must be a JSON list of {\"Question\": \"...\", \"Answer\": \"...\"} objects");
    }

    @Test
    void ftDataMetadataWithoutAnAnswerIsAnError() {
        MllmuSampleBench.write(dir);
        Path file = MllmuParquetFixture.writeFt(dir.resolve("ft_Data/train-00000-of-00001.parquet"),
                List.of(new FtRow("p1", MllmuParquetFixture.png(1), "[{\"Question\": \"Who?\"}]")));
        assertError(file + ": row 0 (ID 'p1'), column metadata[0].Answer: is missing");
    }

    @Test
    void aTestSetRowWithoutImagesIsAnError() {
        MllmuSampleBench.write(dir);
        Person noImages = MllmuSampleBench.paraphrased("p1");
        Path file = MllmuParquetFixture.writeTest(dir.resolve("Test_Set/train-00000-of-00001.parquet"), List.of(noImages));
        assertError(file + ": row 0 (ID 'p1'), column images: is empty");
    }

    @Test
    void aForgetSetProfileMissingFromFullSetIsAnError() {
        MllmuSampleBench.write(dir);
        Path file = MllmuParquetFixture.writeEval(dir.resolve("forget_5/train-00000-of-00001.parquet"),
                List.of(MllmuSampleBench.person("p9", 1)));
        assertError(file + ": row 0 (ID 'p9'): ID 'p9' is not in Full_Set", "re-download forget_5 and Full_Set together");
    }

    @Test
    void aClozeQuestionWithoutBlankIsAnError() {
        Person p = MllmuSampleBench.person("p1", 1);
        p = new Person(p.id(), p.biography(), p.images(), p.imageMcqs(), p.textMcqs(), p.generation(),
                List.of(new Open("This person was born in Veldt.", "Veldt", "Image_Textual")));
        MllmuParquetFixture.writeEval(dir.resolve(FULL_SET), List.of(p));
        assertError("row 0 (ID 'p1'), column Mask_Task[0].Question: has no blank '__'");
    }

    @Test
    void anUnknownQuestionTypeIsAnError() {
        Person p = MllmuSampleBench.person("p1", 1);
        p = new Person(p.id(), p.biography(), p.images(), p.imageMcqs(), p.textMcqs(),
                List.of(new Open("What?", "That.", "Video")), p.mask());
        MllmuParquetFixture.writeEval(dir.resolve(FULL_SET), List.of(p));
        assertError("column Generation_Task[0].Type: is 'Video', expected Image_Textual or Pure_Text");
    }

    @Test
    void aDuplicateIdIsAnError() {
        MllmuParquetFixture.writeEval(dir.resolve(FULL_SET), List.of(MllmuSampleBench.person("p1", 1), MllmuSampleBench.person("p1", 2)));
        assertError("row 1 (ID 'p1'): ID 'p1' appears more than once in Full_Set");
    }

    @Test
    void aMissingIdIsAnError() {
        MessageType schema = MessageTypeParser.parseMessageType(MllmuParquetFixture.EVAL_SCHEMA);
        var row = MllmuParquetFixture.evalRows(schema, List.of(MllmuSampleBench.person("p1", 1))).get(0);
        var noId = new SimpleGroupFactory(schema).newGroup();
        noId.addGroup("image").append("bytes", row.getGroup("image", 0).getBinary("bytes", 0));
        Path file = MllmuParquetFixture.write(dir.resolve(FULL_SET), schema, List.of(row, noId));
        assertError(file + ": row 1, column ID: is missing (null)");
    }

    @Test
    void aProfileWithoutImageBytesIsAnError() {
        MessageType schema = MessageTypeParser.parseMessageType(MllmuParquetFixture.EVAL_SCHEMA);
        var row = new SimpleGroupFactory(schema).newGroup().append("ID", "p1");
        row.addGroup("image").append("path", "p1.png");
        Path file = MllmuParquetFixture.write(dir.resolve(FULL_SET), schema, List.of(row));
        assertError(file + ": row 0 (ID 'p1'), column image.bytes: is missing (null)", "embeds each image");
    }

    private static Person withTextMcq(Person p, Mcq mcq) {
        return new Person(p.id(), p.biography(), p.images(), p.imageMcqs(), List.of(mcq), p.generation(), p.mask());
    }

    private void assertError(String... parts) {
        assertMessage(dir, parts);
    }

    private static void assertMessage(Path dir, String... parts) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> MllmuBenchReader.read(dir));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected «" + part + "» in: " + e.getMessage());
        }
    }
}

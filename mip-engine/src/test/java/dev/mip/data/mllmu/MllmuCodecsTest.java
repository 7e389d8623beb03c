package dev.mip.data.mllmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.InvalidInputException;
import dev.mip.data.Benchmark;
import dev.mip.data.Modality;
import dev.mip.data.Profile;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.data.mllmu.MllmuParquetFixture.FtRow;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class MllmuCodecsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD", "LZ4_RAW"})
    void everySupportedPageCompressionReadsBack(CompressionCodecName codec) {
        MllmuParquetFixture.writeEval(dir.resolve("Full_Set/train-00000-of-00001.parquet"), List.of(MllmuSampleBench.person("p1", 1)));
        MessageType schema = MessageTypeParser.parseMessageType(MllmuParquetFixture.FT_SCHEMA);
        String answer = "p1 draws maps of Veldt. ".repeat(100);
        MllmuParquetFixture.write(dir.resolve("ft_Data/train-00000-of-00001.parquet"), schema, MllmuParquetFixture.ftRows(schema,
                List.of(new FtRow("p1", MllmuParquetFixture.png(0x123456), "[{\"Question\": \"Who?\", \"Answer\": \"" + answer + "\"}]"))),
                codec);

        Benchmark b = MllmuBenchReader.read(dir);

        assertEquals(answer, b.train().get(0).answer());
        MllmuBenchReaderTest.assertPixels(0x123456, b.train().get(0).image());
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "zstd"})
    void readsWhatPyarrowWrites(String codec) {
        PyarrowFiles.write(codec.equals("snappy") ? PyarrowFiles.FULL_SET_SNAPPY : PyarrowFiles.FULL_SET_ZSTD,
                dir.resolve("Full_Set/train-00000-of-00001.parquet"));

        Benchmark b = MllmuBenchReader.read(dir);

        Profile p = b.profiles().get("7");
        assertEquals("Mara Quill is a cartographer from Veldt.", p.biography());
        assertEquals("Full_Set/train-00000-of-00001.parquet#row0", p.image().id());
        assertEquals("c81e28", Integer.toHexString(p.image().read().getRGB(1, 1) & 0xFFFFFF));
        List<Question> qs = b.questions();
        assertEquals(List.of("Full_Set/7/mcq-image/0", "Full_Set/7/mcq-text/0", "Full_Set/7/generation/0",
                "Full_Set/7/generation/1", "Full_Set/7/cloze/0"), qs.stream().map(Question::id).toList());
        assertEquals(List.of("Baker", "Cartographer", "Pilot", "Nurse"), qs.get(0).options());
        assertEquals(1, qs.get(0).correct());
        assertEquals(List.of("Veldt", "Oslo", "Lima"), qs.get(1).options(), "null option C is left out");
        assertEquals(2, qs.get(1).correct());
        assertEquals("Lima", qs.get(1).answer());
        assertEquals(Modality.IMAGE, qs.get(2).modality());
        assertEquals("She draws maps.", qs.get(2).answer());
        assertEquals(Modality.TEXT, qs.get(3).modality());
        assertEquals(Task.CLOZE, qs.get(4).task());
        assertEquals("This person was born in __.", qs.get(4).question());
        assertEquals("Veldt", qs.get(4).answer());
    }

    @Test
    void aCompressionWithoutPureJavaDecoderIsAnInputError() {
        MessageType schema = MessageTypeParser.parseMessageType(MllmuParquetFixture.EVAL_SCHEMA);
        Path file = MllmuParquetFixture.write(dir.resolve("Full_Set/train-00000-of-00001.parquet"), schema,
                MllmuParquetFixture.evalRows(schema, List.of(MllmuSampleBench.person("p1", 1))), CompressionCodecName.BROTLI);

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> MllmuBenchReader.read(dir));

        assertTrue(e.getMessage().startsWith(file + ": column "), e.getMessage());
        assertTrue(e.getMessage().contains("is compressed with BROTLI"), e.getMessage());
        assertTrue(e.getMessage().contains("Re-write the file with Snappy"), e.getMessage());
    }
}

package dev.mip.data.mllmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.data.Benchmark;
import dev.mip.data.Question;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MllmuLayoutTest {
    @TempDir
    Path dir;

    @Test
    void flatSplitFilesAndFlatShardsAreAccepted() {
        MllmuParquetFixture.writeEval(dir.resolve("Full_Set-00001-of-00002.parquet"), List.of(MllmuSampleBench.person("p3", 3)));
        MllmuParquetFixture.writeEval(dir.resolve("Full_Set-00000-of-00002.parquet"),
                List.of(MllmuSampleBench.person("p1", 1), MllmuSampleBench.person("p2", 2)));
        MllmuParquetFixture.writeEval(dir.resolve("forget_10.parquet"), List.of(MllmuSampleBench.person("p1", 1)));
        MllmuParquetFixture.writeEval(dir.resolve("retain_90.parquet"),
                List.of(MllmuSampleBench.person("p2", 2), MllmuSampleBench.person("p3", 3)));

        Benchmark b = MllmuBenchReader.read(dir);

        assertEquals(List.of("p1", "p2", "p3"), List.copyOf(b.profiles().keySet()), "shards in file-name order");
        assertEquals("Full_Set-00001-of-00002.parquet#row0", b.profiles().get("p3").image().id());
        assertEquals(Map.of("forget_10", List.of("p1"), "retain_90", List.of("p2", "p3")), b.splits());
    }

    @Test
    void profileSetsAreOrderedForgetThenRetainByPercentage() {
        MllmuParquetFixture.writeEval(dir.resolve("Full_Set/train-00000-of-00001.parquet"),
                List.of(MllmuSampleBench.person("p1", 1), MllmuSampleBench.person("p2", 2)));
        for (String split : List.of("retain_85", "forget_15", "retain_95", "forget_5", "forget_10", "retain_90")) {
            MllmuParquetFixture.writeEval(dir.resolve(split + "/train-00000-of-00001.parquet"),
                    List.of(MllmuSampleBench.person(split.startsWith("forget") ? "p1" : "p2", 1)));
        }

        Benchmark b = MllmuBenchReader.read(dir);

        assertEquals(List.of("forget_5", "forget_10", "forget_15", "retain_85", "retain_90", "retain_95"),
                List.copyOf(b.splits().keySet()));
    }

    @Test
    void withoutFullSetTheProfilesAreTheForgetAndRetainRows() {
        MllmuSampleBench.writeSets(dir);

        Benchmark b = MllmuBenchReader.read(dir);

        assertEquals(List.of("p1", "p2", "p3", "p4"), List.copyOf(b.profiles().keySet()));
        assertEquals("forget_5/train-00000-of-00001.parquet#row0", b.profiles().get("p1").image().id());
        MllmuBenchReaderTest.assertPixels(MllmuSampleBench.P3, b.profiles().get("p3").image());
        assertEquals(Map.of("forget_5", List.of("p1"), "retain_95", List.of("p2", "p3", "p4")), b.splits());
        assertEquals(28, b.questions().size());
        assertTrue(b.questions().stream().map(Question::id).anyMatch("retain_95/p2/mcq-image/0"::equals));
    }
}

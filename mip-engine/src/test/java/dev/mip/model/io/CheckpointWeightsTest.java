package dev.mip.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mip.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointWeightsTest {
    @TempDir
    Path dir;

    private static SafetensorsWriter.Entry tensor(String name, float... values) {
        return SafetensorsWriter.f32(name, new long[] {values.length}, values, TensorDType.F32);
    }

    private static String assertRefused(Path directory, String... fragments) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CheckpointWeights.open(directory).close(), "opened a bad checkpoint");
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "no \"" + fragment + "\" in: " + e.getMessage());
        }
        return e.getMessage();
    }

    /** Two shards and an index, like save_pretrained(max_shard_size=...) writes. */
    private void writeShardedCheckpoint(String weightMapExtra) throws Exception {
        SafetensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"), Map.of("format", "pt"),
                List.of(tensor("embed.weight", 1, 2), tensor("layer.0.weight", 3)));
        SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"), Map.of("format", "pt"),
                List.of(tensor("head.weight", 4, 5, 6)));
        Files.writeString(dir.resolve(CheckpointWeights.INDEX_FILE), "{\"metadata\":{\"total_size\":24},"
                + "\"weight_map\":{\"embed.weight\":\"model-00001-of-00002.safetensors\","
                + "\"layer.0.weight\":\"model-00001-of-00002.safetensors\","
                + "\"head.weight\":\"model-00002-of-00002.safetensors\"" + weightMapExtra + "}}");
    }

    @Test
    void singleModelSafetensorsIsUsed() {
        SafetensorsWriter.write(dir.resolve("model.safetensors"), Map.of("format", "pt"),
                List.of(tensor("b", 2), tensor("a", 1)));
        try (CheckpointWeights w = CheckpointWeights.open(dir)) {
            assertFalse(w.sharded());
            assertEquals(dir, w.directory());
            assertEquals(List.of("a", "b"), List.copyOf(w.names()));
            assertEquals(Map.of("a", "model.safetensors", "b", "model.safetensors"), w.shardOf());
            assertEquals(Map.of("format", "pt"), w.metadata());
            assertArrayEquals(new float[] {2}, w.readFloats("b"));
            assertArrayEquals(new double[] {1}, w.readDoubles("a"));
            assertEquals(2f, w.readAsF32("b").getFloat(0));
            assertEquals(4, w.readRaw("a").length);
            assertEquals(TensorDType.F32, w.info("a").dtype());
            assertTrue(w.contains("a"));
            assertFalse(w.contains("c"));
        }
    }

    @Test
    void loneSafetensorsFileWithAnotherNameIsUsed() {
        SafetensorsWriter.write(dir.resolve("adapter.safetensors"), Map.of(), List.of(tensor("x", 7)));
        try (CheckpointWeights w = CheckpointWeights.open(dir)) {
            assertEquals(Map.of("x", "adapter.safetensors"), w.shardOf());
        }
    }

    @Test
    void severalSafetensorsFilesWithoutAnIndexAreAmbiguous() {
        SafetensorsWriter.write(dir.resolve("a.safetensors"), Map.of(), List.of(tensor("x", 7)));
        SafetensorsWriter.write(dir.resolve("b.safetensors"), Map.of(), List.of(tensor("y", 7)));
        assertRefused(dir, dir.toString(), "a.safetensors", "b.safetensors", CheckpointWeights.INDEX_FILE);
    }

    @Test
    void shardedIndexIsUsedAndCrossChecked() throws Exception {
        writeShardedCheckpoint("");
        SafetensorsWriter.write(dir.resolve("model.safetensors"), Map.of(), List.of(tensor("stale", 0)));
        try (CheckpointWeights w = CheckpointWeights.open(dir)) {
            assertTrue(w.sharded());
            assertEquals(List.of("embed.weight", "head.weight", "layer.0.weight"), List.copyOf(w.names()));
            assertEquals("model-00002-of-00002.safetensors", w.shardOf().get("head.weight"));
            assertEquals(Map.of("total_size", "24"), w.metadata());
            assertArrayEquals(new float[] {4, 5, 6}, w.readFloats("head.weight"));
            assertArrayEquals(new float[] {1, 2}, w.readFloats("embed.weight"));
            assertFalse(w.contains("stale"), "the index wins over model.safetensors");
        }
    }

    @Test
    void missingTensorNamesDirectoryAndTensor() throws Exception {
        writeShardedCheckpoint("");
        try (CheckpointWeights w = CheckpointWeights.open(dir)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> w.readFloats("lm_head.weight"));
            assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("lm_head.weight"),
                    e.getMessage());
            assertThrows(InvalidInputException.class, () -> w.info("lm_head.weight"));
        }
    }

    @Test
    void shardNamedInIndexButAbsent() throws Exception {
        writeShardedCheckpoint(",\"norm.weight\":\"model-00003-of-00003.safetensors\"");
        assertRefused(dir, CheckpointWeights.INDEX_FILE, "model-00003-of-00003.safetensors", "norm.weight",
                "does not exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside.safetensors", "sub/../../outside.safetensors", "/tmp/outside.safetensors",
        "..\\\\outside.safetensors"})
    void shardPathEscapingDirectory(String shard) throws Exception {
        Path model = Files.createDirectory(dir.resolve("model"));
        SafetensorsWriter.write(dir.resolve("outside.safetensors"), Map.of(), List.of(tensor("evil", 1)));
        Files.writeString(model.resolve(CheckpointWeights.INDEX_FILE),
                "{\"weight_map\":{\"evil\":\"" + shard + "\"}}");
        assertRefused(model, CheckpointWeights.INDEX_FILE, "evil", shard.replace("\\\\", "\\"), "inside the model directory");
    }

    @Test
    void shardInASubdirectoryIsAllowed() throws Exception {
        Files.createDirectory(dir.resolve("shards"));
        SafetensorsWriter.write(dir.resolve("shards/part.safetensors"), Map.of(), List.of(tensor("w", 1)));
        Files.writeString(dir.resolve(CheckpointWeights.INDEX_FILE), "{\"weight_map\":{\"w\":\"shards/part.safetensors\"}}");
        try (CheckpointWeights w = CheckpointWeights.open(dir)) {
            assertArrayEquals(new float[] {1}, w.readFloats("w"));
        }
    }

    @Test
    void symlinkedShardsAsInTheHuggingFaceCacheAreAllowed() throws Exception {
        Path blobs = Files.createDirectory(dir.resolve("blobs"));
        Path snapshot = Files.createDirectories(dir.resolve("snapshots/abc"));
        SafetensorsWriter.write(blobs.resolve("deadbeef"), Map.of(), List.of(tensor("w", 1)));
        Files.createSymbolicLink(snapshot.resolve("model-1.safetensors"), Path.of("../../blobs/deadbeef"));
        Files.writeString(snapshot.resolve(CheckpointWeights.INDEX_FILE), "{\"weight_map\":{\"w\":\"model-1.safetensors\"}}");
        try (CheckpointWeights w = CheckpointWeights.open(snapshot)) {
            assertArrayEquals(new float[] {1}, w.readFloats("w"));
        }
    }

    @Test
    void tensorMissingFromItsShard() throws Exception {
        writeShardedCheckpoint(",\"norm.weight\":\"model-00002-of-00002.safetensors\"");
        assertRefused(dir, CheckpointWeights.INDEX_FILE, "norm.weight", "model-00002-of-00002.safetensors",
                "does not hold it");
    }

    @Test
    void tensorPresentInTwoShards() throws Exception {
        writeShardedCheckpoint("");
        SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"), Map.of(),
                List.of(tensor("head.weight", 4, 5, 6), tensor("embed.weight", 1, 2)));
        assertRefused(dir, CheckpointWeights.INDEX_FILE, "embed.weight", "two shards",
                "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors");
    }

    @Test
    void tensorInAShardButNotInTheWeightMap() throws Exception {
        writeShardedCheckpoint("");
        SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"), Map.of(),
                List.of(tensor("head.weight", 4, 5, 6), tensor("extra", 1)));
        assertRefused(dir, CheckpointWeights.INDEX_FILE, "extra", "not listed in the weight_map");
    }

    @Test
    void corruptShardIsReportedByItsFileName() throws Exception {
        writeShardedCheckpoint("");
        Files.write(dir.resolve("model-00002-of-00002.safetensors"), new byte[5]);
        assertRefused(dir, "model-00002-of-00002.safetensors", "shorter than the 8-byte");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{\"metadata\":{}}", "{\"weight_map\":{}}", "{\"weight_map\":{\"w\":3}}",
        "{\"weight_map\":[]}", "{\"metadata\":[],\"weight_map\":{\"w\":\"a.safetensors\"}}"})
    void malformedIndexIsRefused(String index) throws Exception {
        Files.writeString(dir.resolve(CheckpointWeights.INDEX_FILE), index);
        assertRefused(dir, CheckpointWeights.INDEX_FILE, "re-download");
    }

    @Test
    void pickleCheckpointRefused() throws Exception {
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 0x02, 'c', 'o', 's', '\n'});
        Files.writeString(dir.resolve("config.json"), "{}");
        assertRefused(dir, dir.toString(), "pytorch_model.bin", "pickle", "not loaded for safety",
                "execute arbitrary code", "from safetensors.torch import save_file", "safe_serialization=True");
    }

    @ParameterizedTest
    @ValueSource(strings = {"weights.pt", "weights.pth", "last.ckpt", "state.pkl", "pytorch_model-00001-of-00002.bin"})
    void everyPickleExtensionIsRefused(String name) throws Exception {
        Files.write(dir.resolve(name), new byte[] {1, 2, 3});
        assertRefused(dir, name, "pickle");
    }

    @Test
    void pickleFileIsNeverOpened() throws Exception {
        // A named pipe without a writer blocks whoever opens it for reading: refusing quickly proves
        // the loader decided on the name alone.
        Path fifo = dir.resolve("pytorch_model.bin");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "mkfifo is not available");
            return;
        }
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertRefused(dir, "pickle"));
    }

    @Test
    void pickleBesideSafetensorsIsIgnored() throws Exception {
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {1, 2, 3});
        SafetensorsWriter.write(dir.resolve("model.safetensors"), Map.of(), List.of(tensor("w", 1)));
        try (CheckpointWeights w = CheckpointWeights.open(dir)) {
            assertEquals(List.of("w"), List.copyOf(w.names()));
        }
    }

    @Test
    void emptyDirectory() {
        assertRefused(dir, dir.toString(), "no model weights", "model.safetensors");
    }

    @Test
    void missingDirectoryOrAFileInsteadOfADirectory() throws Exception {
        assertRefused(dir.resolve("nope"), "nope", "not found");
        Path file = Files.writeString(dir.resolve("model.safetensors.txt"), "x");
        assertRefused(file, "model.safetensors.txt", "not a directory");
    }

    @Test
    void closeClosesEveryShard() throws Exception {
        writeShardedCheckpoint("");
        CheckpointWeights w = CheckpointWeights.open(dir);
        w.close();
        assertThrows(IllegalStateException.class, () -> w.readFloats("head.weight"));
        assertThrows(IllegalStateException.class, () -> w.readFloats("embed.weight"));
    }
}

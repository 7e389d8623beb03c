package dev.mip.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.mip.model.io.CheckpointWeights;
import dev.mip.model.io.TensorDType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointRoundTripTest {
    @TempDir
    Path tmp;

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static void assertSameFiles(Path a, Path b) throws IOException {
        List<String> na = new ArrayList<>();
        files(a).forEach(p -> na.add(p.getFileName().toString()));
        List<String> nb = new ArrayList<>();
        files(b).forEach(p -> nb.add(p.getFileName().toString()));
        assertEquals(na, nb);
        for (String n : na) {
            assertArrayEquals(Files.readAllBytes(a.resolve(n)), Files.readAllBytes(b.resolve(n)), n);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2"})
    void saveLoadSaveIsByteIdentical(String type) throws IOException {
        Path first = TinyModels.write(tmp.resolve("first"), type, 5);
        try (Checkpoint c = Checkpoint.load(first, Device.cpu(), DataType.FLOAT32)) {
            c.save(tmp.resolve("second"));
        }
        assertSameFiles(first, tmp.resolve("second"));
        assertTrue(Files.exists(first.resolve("manifest.json")));
        assertTrue(Files.exists(first.resolve("tokenizer.json")));
        assertTrue(Files.exists(first.resolve("preprocessor_config.json")));
    }

    @Test
    void halfPrecisionAndShardedRoundTripsAreByteIdentical() throws IOException {
        try (Checkpoint c = TinyModels.create("llama", 6, DataType.FLOAT32)) {
            c.save(tmp.resolve("f16"), new Checkpoint.SaveOptions(TensorDType.F16, 4096, null));
        }
        try (CheckpointWeights w = CheckpointWeights.open(tmp.resolve("f16"))) {
            assertTrue(w.sharded());
            assertEquals(TensorDType.F16, w.info(ParamSpec.LM_HEAD).dtype());
        }
        try (Checkpoint c = Checkpoint.load(tmp.resolve("f16"), Device.cpu(), DataType.FLOAT32)) {
            c.save(tmp.resolve("again"), new Checkpoint.SaveOptions(null, 4096, null));
        }
        assertSameFiles(tmp.resolve("f16"), tmp.resolve("again"));
    }

    @Test
    void modernWeightNamesLoadAndAreKeptOnSave() throws IOException {
        Path legacy = TinyModels.write(tmp.resolve("legacy"), "llama", 8);
        Path modern = tmp.resolve("modern");
        Files.createDirectories(modern);
        for (Path f : files(legacy)) {
            if (!f.getFileName().toString().endsWith(".safetensors")) {
                Files.copy(f, modern.resolve(f.getFileName()));
            }
        }
        try (CheckpointWeights w = CheckpointWeights.open(legacy)) {
            List<dev.mip.model.io.SafetensorsWriter.Entry> renamed = new ArrayList<>();
            for (String n : w.names()) {
                renamed.add(new dev.mip.model.io.SafetensorsWriter.Entry(WeightLayout.MODERN.toStored(n),
                        w.info(n).dtype(), w.info(n).shape(), w.readRaw(n)));
            }
            dev.mip.model.io.SafetensorsWriter.write(modern.resolve("model.safetensors"), java.util.Map.of("format", "pt"), renamed);
        }
        try (Checkpoint a = Checkpoint.load(legacy, Device.cpu(), DataType.FLOAT32);
                Checkpoint b = Checkpoint.load(modern, Device.cpu(), DataType.FLOAT32)) {
            assertEquals(WeightLayout.MODERN, b.layout());
            String down = ParamSpec.neuronOutputWeight(Tower.TEXT, 1);
            assertArrayEquals(a.model().param(down).toFloatArray(), b.model().param(down).toFloatArray());
            b.save(tmp.resolve("modern2"));
        }
        try (CheckpointWeights w = CheckpointWeights.open(tmp.resolve("modern2"))) {
            assertTrue(w.contains("model.language_model.layers.0.mlp.down_proj.weight"));
            assertTrue(w.contains("lm_head.weight"));
            assertFalse(w.contains(ParamSpec.LM_HEAD));
        }
    }

    @Test
    void saveReplacesAnExistingDirectoryOnlyWhenComplete() throws IOException {
        Path out = TinyModels.write(tmp.resolve("out"), "llama", 9);
        byte[] before = Files.readAllBytes(out.resolve("model.safetensors"));
        TinyModels.write(out, "llama", 10);
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve("model.safetensors"))));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary directories left behind");
        }
    }
}

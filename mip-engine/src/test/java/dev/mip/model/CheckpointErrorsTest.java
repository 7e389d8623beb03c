package dev.mip.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.mip.InvalidInputException;
import dev.mip.model.io.CheckpointWeights;
import dev.mip.model.io.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model directory that does not match what the architecture needs gets an error naming file, field or tensor. */
class CheckpointErrorsTest {
    @TempDir
    Path tmp;

    private InvalidInputException loadFails(Path dir) {
        return assertThrows(InvalidInputException.class, () -> Checkpoint.load(dir, Device.cpu(), DataType.FLOAT32).close());
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message should mention '" + p + "': " + e.getMessage());
        }
    }

    private void rewriteWeights(Path dir, java.util.function.UnaryOperator<List<SafetensorsWriter.Entry>> edit) {
        List<SafetensorsWriter.Entry> entries = new ArrayList<>();
        try (CheckpointWeights w = CheckpointWeights.open(dir)) {
            for (String n : w.names()) {
                entries.add(new SafetensorsWriter.Entry(n, w.info(n).dtype(), w.info(n).shape(), w.readRaw(n)));
            }
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), Map.of("format", "pt"), edit.apply(entries));
    }

    @Test
    void missingDirectory() {
        assertMentions(loadFails(tmp.resolve("nope")), "nope", "does not exist");
    }

    @Test
    void missingConfig() throws IOException {
        Path d = TinyModels.write(tmp.resolve("m"), "llama", 1);
        Files.delete(d.resolve("config.json"));
        assertMentions(loadFails(d), "config.json");
    }

    @Test
    void configOfAnotherArchitecture() throws IOException {
        Path d = TinyModels.write(tmp.resolve("m"), "llama", 1);
        Files.writeString(d.resolve("config.json"), "{\"model_type\": \"bert\"}");
        assertMentions(loadFails(d), "config.json", "model_type", "bert");
    }

    @Test
    void configFieldWithWrongType() throws IOException {
        Path d = TinyModels.write(tmp.resolve("m"), "llama", 1);
        String cfg = Files.readString(d.resolve("config.json")).replace("\"intermediate_size\" : 40", "\"intermediate_size\" : \"forty\"");
        Files.writeString(d.resolve("config.json"), cfg);
        assertMentions(loadFails(d), "config.json", "text_config.intermediate_size", "whole number");
    }

    @Test
    void missingTensorIsNamed() {
        Path d = TinyModels.write(tmp.resolve("m"), "llama", 1);
        String gone = ParamSpec.textLayer(1) + "mlp.up_proj.weight";
        rewriteWeights(d, l -> l.stream().filter(e -> !e.name().equals(gone)).toList());
        assertMentions(loadFails(d), gone, "missing");
    }

    @Test
    void shapeMismatchIsNamed() {
        Path d = TinyModels.write(tmp.resolve("m"), "llama", 1);
        String name = ParamSpec.textLayer(0) + "mlp.down_proj.weight";
        rewriteWeights(d, l -> l.stream().map(e -> e.name().equals(name)
                ? new SafetensorsWriter.Entry(name, e.dtype(), new long[] {e.shape()[1], e.shape()[0]}, e.data()) : e).toList());
        assertMentions(loadFails(d), name, "shape", "(40, 32)");
    }

    @Test
    void missingTokenizer() throws IOException {
        Path d = TinyModels.write(tmp.resolve("m"), "llama", 1);
        Files.delete(d.resolve("tokenizer.json"));
        assertMentions(loadFails(d), "tokenizer.json");
    }

    @Test
    void missingPreprocessorConfig() throws IOException {
        Path d = TinyModels.write(tmp.resolve("m"), "llama", 1);
        Files.delete(d.resolve("preprocessor_config.json"));
        assertMentions(loadFails(d), "preprocessor_config.json");
    }

    @Test
    void pickleOnlyCheckpointIsRefused() throws IOException {
        Path d = TinyModels.write(tmp.resolve("m"), "llama", 1);
        Files.delete(d.resolve("model.safetensors"));
        Files.write(d.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2, 'c', 'o', 's', '\n'});
        assertMentions(loadFails(d), "pytorch_model.bin", "safetensors");
    }

    @Test
    void imageTokenMissingFromTokenizer() throws IOException {
        Path d = TinyModels.write(tmp.resolve("m"), "llama", 1);
        String cfg = Files.readString(d.resolve("config.json")).replace("\"image_token_index\" : 4", "\"image_token_index\" : 7");
        Files.writeString(d.resolve("config.json"), cfg);
        assertMentions(loadFails(d), "tokenizer.json", "7");
    }

    @Test
    void inputDirectoryIsNeverModified() throws IOException {
        Path d = TinyModels.write(tmp.resolve("m"), "llama", 1);
        Map<String, String> before = new java.util.TreeMap<>();
        try (var s = Files.list(d)) {
            s.forEach(p -> before.put(p.getFileName().toString(), dev.mip.io.Sha256.of(p)));
        }
        try (Checkpoint c = Checkpoint.load(d, Device.cpu(), DataType.FLOAT32)) {
            c.save(tmp.resolve("copy"));
        }
        Map<String, String> after = new java.util.TreeMap<>();
        try (var s = Files.list(d)) {
            s.forEach(p -> after.put(p.getFileName().toString(), dev.mip.io.Sha256.of(p)));
        }
        org.junit.jupiter.api.Assertions.assertEquals(before, after);
    }

    @Test
    void moreStoredLayersThanConfigJsonDeclaresIsAnErrorNotSilentlyDropped() throws IOException {
        Path d = TinyModels.write(tmp.resolve("m"), "llama", 1);
        com.fasterxml.jackson.databind.node.ObjectNode cfg = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(d.resolve("config.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) cfg.get("text_config")).put("num_hidden_layers", 2);
        Files.writeString(d.resolve("config.json"), cfg.toPrettyString());
        assertMentions(loadFails(d), "config.json", "text_config.num_hidden_layers", "is 2 but the weights hold layer 2",
                ParamSpec.textLayer(2), "more layers than config.json declares");
    }

    @Test
    void aWeightStoredAsAnIntegerIsNamedWithItsDtypeNotReportedMissing() {
        Path d = TinyModels.write(tmp.resolve("m"), "llama", 1);
        String name = ParamSpec.textLayer(0) + "mlp.down_proj.weight";
        rewriteWeights(d, l -> l.stream().map(e -> {
            if (!e.name().equals(name)) {
                return e;
            }
            long n = 1;
            for (long x : e.shape()) {
                n *= x;
            }
            return new SafetensorsWriter.Entry(name, dev.mip.model.io.TensorDType.I64, e.shape(), new byte[(int) (8 * n)]);
        }).toList());
        InvalidInputException e = loadFails(d);
        assertMentions(e, name, "is stored as I64", "floating point");
        assertTrue(!e.getMessage().contains("missing"), e.getMessage());
    }
}

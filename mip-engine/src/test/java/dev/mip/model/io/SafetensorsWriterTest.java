package dev.mip.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
    @TempDir
    Path dir;

    private static List<SafetensorsWriter.Entry> sampleEntries() {
        Random random = new Random(3);
        List<SafetensorsWriter.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            float[] values = new float[6 + i];
            for (int j = 0; j < values.length; j++) {
                values[j] = (float) random.nextGaussian();
            }
            TensorDType dtype = List.of(TensorDType.F32, TensorDType.F16, TensorDType.BF16, TensorDType.F64).get(i % 4);
            entries.add(SafetensorsWriter.f32("layer." + i + ".weight", new long[] {values.length}, values, dtype));
        }
        entries.add(new SafetensorsWriter.Entry("mask", TensorDType.BOOL, new long[] {3}, new byte[] {1, 0, 1}));
        return entries;
    }

    private static long headerLength(byte[] file) {
        return ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void writeIsDeterministicAndByteIdenticalOnRewrite() throws Exception {
        Path first = dir.resolve("first.safetensors");
        Map<String, String> metadata = Map.of("format", "pt", "source", "test");
        SafetensorsWriter.write(first, metadata, sampleEntries());
        List<SafetensorsWriter.Entry> reread = new ArrayList<>();
        try (SafetensorsFile st = SafetensorsFile.open(first)) {
            for (TensorInfo t : st.tensors()) {
                reread.add(new SafetensorsWriter.Entry(t.name(), t.dtype(), t.shape(), st.readRaw(t.name())));
            }
            Path second = dir.resolve("second.safetensors");
            SafetensorsWriter.write(second, st.metadata(), reread);
            assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        }
        assertArrayEquals(Files.readAllBytes(first), SafetensorsWriter.toBytes(metadata, sampleEntries()));
    }

    @Test
    void outputDoesNotDependOnInputOrder() {
        List<SafetensorsWriter.Entry> shuffled = new ArrayList<>(sampleEntries());
        Collections.shuffle(shuffled, new Random(5));
        assertArrayEquals(SafetensorsWriter.toBytes(Map.of("b", "1", "a", "2"), sampleEntries()),
                SafetensorsWriter.toBytes(new java.util.HashMap<>(Map.of("a", "2", "b", "1")), shuffled));
    }

    @Test
    void headerIsPaddedToEightBytes() {
        for (int nameLength = 1; nameLength <= 16; nameLength++) {
            String name = "n".repeat(nameLength);
            byte[] bytes = SafetensorsWriter.toBytes(Map.of(), List.of(
                    SafetensorsWriter.f32(name, new long[] {1}, new float[] {1f}, TensorDType.F32)));
            long n = headerLength(bytes);
            assertEquals(0, (8 + n) % 8, "8 + N must be a multiple of 8");
            String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
            String json = "{\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
            assertTrue(header.startsWith(json), header);
            assertEquals(" ".repeat(header.length() - json.length()), header.substring(json.length()));
            assertTrue(header.length() - json.length() < 8);
            assertEquals(8 + n + 4, bytes.length);
        }
    }

    @Test
    void headerIsCompactWithMetadataFirstAndEntriesInNameOrder() {
        byte[] bytes = SafetensorsWriter.toBytes(Map.of("z", "last", "a", "first"), List.of(
                new SafetensorsWriter.Entry("b", TensorDType.I8, new long[] {2}, new byte[] {1, 2}),
                new SafetensorsWriter.Entry("a", TensorDType.U8, new long[] {1, 1}, new byte[] {3})));
        String header = new String(bytes, 8, (int) headerLength(bytes), StandardCharsets.UTF_8).stripTrailing();
        assertEquals("{\"__metadata__\":{\"a\":\"first\",\"z\":\"last\"},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[1,1],\"data_offsets\":[0,1]},"
                + "\"b\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[1,3]}}", header);
        byte[] data = java.util.Arrays.copyOfRange(bytes, bytes.length - 3, bytes.length);
        assertArrayEquals(new byte[] {3, 1, 2}, data);
    }

    @Test
    void f32StorageRoundsToNearestEven() {
        float tie = 1.0f + 0x1p-11f;
        SafetensorsWriter.Entry half = SafetensorsWriter.f32("h", new long[] {2}, new float[] {tie, -2f}, TensorDType.F16);
        assertArrayEquals(new byte[] {0x00, 0x3c, 0x00, (byte) 0xc0}, half.data());
        SafetensorsWriter.Entry bf = SafetensorsWriter.f32("b", new long[] {1}, new float[] {1.0f + 0x1p-8f}, TensorDType.BF16);
        assertArrayEquals(new byte[] {(byte) 0x80, 0x3f}, bf.data());
        assertThrows(IllegalArgumentException.class,
                () -> SafetensorsWriter.f32("i", new long[] {1}, new float[] {1}, TensorDType.I32));
        assertThrows(IllegalArgumentException.class,
                () -> SafetensorsWriter.f32("i", new long[] {2}, new float[] {1}, TensorDType.F32));
    }

    @Test
    void duplicateNamesAreRejected() {
        List<SafetensorsWriter.Entry> entries = List.of(
                SafetensorsWriter.f32("w", new long[] {1}, new float[] {1}, TensorDType.F32),
                SafetensorsWriter.f32("w", new long[] {1}, new float[] {2}, TensorDType.F16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafetensorsWriter.write(dir.resolve("dup.safetensors"), Map.of(), entries));
        assertTrue(e.getMessage().contains("\"w\""), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("dup.safetensors")));
    }

    @Test
    void entryDataMustMatchShapeTimesDtype() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SafetensorsWriter.Entry("w", TensorDType.F32, new long[] {2, 2}, new byte[15]));
        assertTrue(e.getMessage().contains("16") && e.getMessage().contains("15"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SafetensorsWriter.Entry("w", TensorDType.F32, new long[] {-1}, new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new SafetensorsWriter.Entry("__metadata__", TensorDType.U8, new long[] {0}, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new SafetensorsWriter.Entry("w", TensorDType.F64,
                new long[] {Long.MAX_VALUE / 2, 4}, new byte[0]));
    }

    @Test
    void writeReplacesTheFileAndLeavesNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("out.safetensors");
        Files.writeString(file, "old content");
        SafetensorsWriter.write(file, Map.of(), sampleEntries());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        assertArrayEquals(SafetensorsWriter.toBytes(Map.of(), sampleEntries()), Files.readAllBytes(file));
    }

    @Test
    void nonAsciiNamesAndMetadataRoundTrip() {
        Path file = dir.resolve("utf8.safetensors");
        SafetensorsWriter.write(file, Map.of("note", "größe \"quoted\" \\ é"), List.of(
                SafetensorsWriter.f32("gewicht.ä", new long[] {1}, new float[] {1}, TensorDType.F32)));
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals("größe \"quoted\" \\ é", st.metadata().get("note"));
            assertTrue(st.contains("gewicht.ä"));
        }
    }
}

package dev.mip.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compatibility with the reference format: a file built by hand from the specification, byte for
 * byte, and (when Python's {@code safetensors} package is installed) files exchanged with it.
 */
class SafetensorsInteropTest {
    @TempDir
    Path dir;

    /**
     * What the reference writer emits for {@code save_file({"a": [1.0, -2.0], "b": [[0.5]]},
     * metadata={"format": "pt"})} with F32 tensors.
     */
    private static byte[] handBuiltFile() {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[8,12]}}";
        assertEquals(141, header.length());
        String padded = header + "   "; // 141 + 3 = 144, so 8 + 144 is a multiple of 8
        byte[] prefix = {(byte) 144, 0, 0, 0, 0, 0, 0, 0}; // u64 little-endian 144
        byte[] data = {
            0x00, 0x00, (byte) 0x80, 0x3f, // 1.0f
            0x00, 0x00, 0x00, (byte) 0xc0, // -2.0f
            0x00, 0x00, 0x00, 0x3f, // 0.5f
        };
        return RawSafetensors.concat(prefix, padded.getBytes(StandardCharsets.US_ASCII), data);
    }

    @Test
    void handBuiltSpecFileIsParsedAndReproducedExactly() throws Exception {
        byte[] expected = handBuiltFile();
        Path file = Files.write(dir.resolve("spec.safetensors"), expected);
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals(Map.of("format", "pt"), st.metadata());
            assertArrayEquals(new float[] {1.0f, -2.0f}, st.readFloats("a"));
            assertArrayEquals(new float[] {0.5f}, st.readFloats("b"));
            assertArrayEquals(new long[] {1, 1}, st.info("b").shape());
            assertEquals(8 + 144 + 8, st.info("b").begin());
            List<SafetensorsWriter.Entry> entries = new ArrayList<>();
            for (TensorInfo t : st.tensors()) {
                entries.add(new SafetensorsWriter.Entry(t.name(), t.dtype(), t.shape(), st.readRaw(t.name())));
            }
            assertArrayEquals(expected, SafetensorsWriter.toBytes(st.metadata(), entries));
        }
        assertArrayEquals(expected, SafetensorsWriter.toBytes(Map.of("format", "pt"), List.of(
                SafetensorsWriter.f32("b", new long[] {1, 1}, new float[] {0.5f}, TensorDType.F32),
                SafetensorsWriter.f32("a", new long[] {2}, new float[] {1.0f, -2.0f}, TensorDType.F32))));
    }

    @Test
    void referenceImplementationTestVectorsAreReproduced() throws Exception {
        // The reference's own serialization tests: an empty file with metadata, and one F32 tensor
        // whose header needs 7 padding spaces.
        String emptyHeader = "{\"__metadata__\":{\"framework\":\"pt\"}}" + " ".repeat(5);
        byte[] empty = RawSafetensors.bytes(emptyHeader, new byte[0]);
        assertEquals(40, emptyHeader.length());
        assertArrayEquals(empty, SafetensorsWriter.toBytes(Map.of("framework", "pt"), List.of()));

        String header = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}" + " ".repeat(7);
        assertEquals(72, header.length());
        float[] values = {0f, 1f, 2f, 3f, 4f, 5f};
        byte[] attn = RawSafetensors.bytes(header, RawSafetensors.f32(values));
        assertArrayEquals(attn, SafetensorsWriter.toBytes(Map.of(), List.of(
                SafetensorsWriter.f32("attn0", new long[] {1, 1, 2, 3}, values, TensorDType.F32))));
        try (SafetensorsFile st = SafetensorsFile.open(Files.write(dir.resolve("attn.safetensors"), attn))) {
            assertArrayEquals(values, st.readFloats("attn0"));
        }
    }

    @Test
    void nullMetadataIsTreatedAsAbsent() throws Exception {
        String header = "{\"__metadata__\":null,\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        try (SafetensorsFile st = SafetensorsFile.open(RawSafetensors.write(dir.resolve("null.safetensors"), header,
                new byte[] {1}))) {
            assertTrue(st.metadata().isEmpty());
        }
    }

    @Test
    void referenceStyleLeadingWhitespaceAndUnknownEntryKeysAreAccepted() throws Exception {
        String header = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"future\":true}}\n\t ";
        try (SafetensorsFile st = SafetensorsFile.open(RawSafetensors.write(dir.resolve("ws.safetensors"), header,
                new byte[] {9}))) {
            assertArrayEquals(new byte[] {9}, st.readRaw("a"));
        }
    }

    @Test
    void pythonSafetensorsReadsOurFilesAndWeReadTheirs() throws Exception {
        assumeTrue(python("import safetensors, numpy", false) == 0, "python3 with safetensors and numpy is not installed");
        Path theirs = dir.resolve("theirs.safetensors");
        Path ours = dir.resolve("ours.safetensors");
        int rc = python("import numpy as np\n"
                + "from safetensors.numpy import save_file\n"
                + "save_file({'w': np.array([[1.5, -2.0], [0.25, 8.0]], dtype=np.float32),"
                + " 'v': np.array([3.0, 4.0], dtype=np.float32)}, r'" + theirs + "', metadata={'format': 'np'})\n", true);
        assertEquals(0, rc, "python failed to write");
        List<SafetensorsWriter.Entry> entries = new ArrayList<>();
        try (SafetensorsFile st = SafetensorsFile.open(theirs)) {
            assertArrayEquals(new float[] {1.5f, -2.0f, 0.25f, 8.0f}, st.readFloats("w"));
            assertArrayEquals(new float[] {3.0f, 4.0f}, st.readFloats("v"));
            for (TensorInfo t : st.tensors()) {
                entries.add(new SafetensorsWriter.Entry(t.name(), t.dtype(), t.shape(), st.readRaw(t.name())));
            }
            assertArrayEquals(Files.readAllBytes(theirs), SafetensorsWriter.toBytes(st.metadata(), entries),
                    "single-dtype files must be byte-identical to the reference writer's");
        }
        SafetensorsWriter.write(ours, Map.of("format", "np"), List.of(
                SafetensorsWriter.f32("h", new long[] {3}, new float[] {1f, 0.1f, -65504f}, TensorDType.F16),
                SafetensorsWriter.f32("d", new long[] {1, 2}, new float[] {1f, 2f}, TensorDType.F64),
                new SafetensorsWriter.Entry("i", TensorDType.I64, new long[] {1}, new byte[] {7, 0, 0, 0, 0, 0, 0, 0})));
        rc = python("import numpy as np\n"
                + "from safetensors.numpy import load_file\n"
                + "t = load_file(r'" + ours + "')\n"
                + "assert t['h'].dtype == np.float16 and t['h'].tolist() == [1.0, np.float16(0.1), -65504.0], t['h']\n"
                + "assert t['d'].shape == (1, 2) and t['d'].tolist() == [[1.0, 2.0]]\n"
                + "assert t['i'].tolist() == [7]\n", true);
        assertEquals(0, rc, "python could not read our file");
    }

    /** Runs a Python snippet with a time limit; -1 if Python is not available. */
    private static int python(String code, boolean reportFailure) throws InterruptedException, IOException {
        Path log = Files.createTempFile("python", ".log");
        try {
            Process p;
            try {
                p = new ProcessBuilder("python3", "-c", code).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                return -1;
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            if (reportFailure && p.exitValue() != 0) {
                System.err.println("python3 said: " + Files.readString(log));
            }
            return p.exitValue();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}

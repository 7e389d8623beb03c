package dev.mip.model.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.InvalidInputException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every malformed file is refused with an {@link InvalidInputException} naming file, tensor and fix. */
class SafetensorsCorruptionTest {
    private static final String FIX = "re-download or re-export";
    private static final String JSON_CHARS = "0123456789[]{},\":-eE. ";

    @TempDir
    Path dir;

    /** Opens {@code file}, expects a refusal, and checks the message names the file and each fragment. */
    private static String assertRejected(Path file, String... fragments) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SafetensorsFile.open(file).close(),
                "opened a malformed file");
        String message = e.getMessage();
        assertTrue(message.contains(file.getFileName().toString()), () -> "no file name in: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "no \"" + fragment + "\" in: " + message);
        }
        return message;
    }

    private Path raw(String header, byte[] data) throws Exception {
        return RawSafetensors.write(dir.resolve("bad.safetensors"), header, data);
    }

    private static String f32(String name, int elements, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[" + elements + "],\"data_offsets\":[" + begin + "," + end + "]}";
    }

    private Path validFile() {
        Path file = dir.resolve("good.safetensors");
        SafetensorsWriter.write(file, Map.of("format", "pt"), List.of(
                SafetensorsWriter.f32("alpha", new long[] {2, 2}, new float[] {1, 2, 3, 4}, TensorDType.F32),
                SafetensorsWriter.f32("beta", new long[] {3}, new float[] {5, 6, 7}, TensorDType.F16),
                new SafetensorsWriter.Entry("gamma", TensorDType.I64, new long[] {1}, new byte[8])));
        return file;
    }

    @Test
    void truncatedFile() throws Exception {
        byte[] bytes = Files.readAllBytes(validFile());
        Path file = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(bytes, bytes.length - 3));
        assertRejected(file, "gamma", "past the data section", FIX);
    }

    @Test
    void everyTruncationOfAValidFileIsRejected() throws Exception {
        byte[] bytes = Files.readAllBytes(validFile());
        Path file = dir.resolve("prefix.safetensors");
        for (int length = 0; length < bytes.length; length++) {
            Files.write(file, Arrays.copyOf(bytes, length));
            assertRejected(file, FIX);
        }
    }

    @Test
    void fileShorterThanEightBytes() throws Exception {
        for (int length = 0; length < 8; length++) {
            Path file = Files.write(dir.resolve("short" + length + ".safetensors"), new byte[length]);
            assertRejected(file, "shorter than the 8-byte header length", FIX);
        }
    }

    @Test
    void headerLengthPastEndOfFile() throws Exception {
        Path file = Files.write(dir.resolve("past.safetensors"),
                RawSafetensors.concat(RawSafetensors.lengthPrefix(1000), "{}".getBytes(StandardCharsets.US_ASCII)));
        assertRejected(file, "header length 1000 runs past the end of the file (10 bytes)", FIX);
    }

    @Test
    void hugeHeaderLengthDoesNotAllocate() throws Exception {
        for (long n : new long[] {Long.MAX_VALUE, 1L << 40, -1L}) {
            Path file = Files.write(dir.resolve("huge.safetensors"),
                    RawSafetensors.concat(RawSafetensors.lengthPrefix(n), new byte[64]));
            assertRejected(file, "header length " + Long.toUnsignedString(n) + " runs past the end of the file");
        }
    }

    @Test
    void headerLengthOverTheLimitIsRefusedEvenWhenTheFileIsThatLarge() throws Exception {
        long n = SafetensorsFile.MAX_HEADER_BYTES + 8;
        Path file = Files.write(dir.resolve("limit.safetensors"), RawSafetensors.lengthPrefix(n));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(8 + n + 16); // sparse
        }
        assertRejected(file, "exceeds the limit");
    }

    @Test
    void headerNotJson() throws Exception {
        assertRejected(raw("not json", new byte[0]), "not valid JSON", FIX);
    }

    @Test
    void headerNotUtf8() throws Exception {
        byte[] header = "{\"a\u00ff\":{}}".getBytes(StandardCharsets.ISO_8859_1); // a lone 0xff byte
        Path file = Files.write(dir.resolve("latin1.safetensors"),
                RawSafetensors.concat(RawSafetensors.lengthPrefix(header.length), header));
        assertRejected(file, "not valid UTF-8", FIX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "42", "null", "        "})
    void headerNotAJsonObject(String header) throws Exception {
        assertRejected(raw(header, new byte[0]), "not a JSON object", FIX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} x", "{}{}", "{\"a\":1", "{}\0\0\0"})
    void trailingGarbageOrUnterminatedHeaderIsNotJson(String header) throws Exception {
        assertRejected(raw(header, new byte[0]), "not valid JSON", FIX);
    }

    @Test
    void duplicateTensorName() throws Exception {
        assertRejected(raw("{" + f32("w", 1, 0, 4) + "," + f32("w", 1, 4, 8) + "}", new byte[8]), "w", "Duplicate");
    }

    @Test
    void overlappingOffsets() throws Exception {
        String header = "{" + f32("first", 2, 0, 8) + "," + f32("second", 2, 4, 12) + "}";
        assertRejected(raw(header, new byte[12]), "second", "overlap", "first", FIX);
    }

    @Test
    void zeroLengthTensorInsideAnotherOverlaps() throws Exception {
        String header = "{" + f32("outer", 2, 0, 8) + "," + f32("inner", 0, 4, 4) + "}";
        assertRejected(raw(header, new byte[8]), "inner", "overlap", "outer");
    }

    @Test
    void offsetsOutOfRange() throws Exception {
        assertRejected(raw("{" + f32("w", 2, 0, 8) + "}", new byte[4]), "w", "past the data section", FIX);
    }

    @Test
    void negativeOffsets() throws Exception {
        assertRejected(raw("{" + f32("w", 1, -4, 0) + "}", new byte[4]), "w", "negative", FIX);
    }

    @Test
    void beginAfterEnd() throws Exception {
        assertRejected(raw("{" + f32("w", 1, 8, 4) + "}", new byte[8]), "w", "begin after they end", FIX);
    }

    @Test
    void holeInDataSection() throws Exception {
        String header = "{" + f32("a", 1, 0, 4) + "," + f32("b", 1, 8, 12) + "}";
        assertRejected(raw(header, new byte[12]), "b", "[4, 8)", "covered exactly", FIX);
    }

    @Test
    void trailingBytesNotCoveredByAnyTensor() throws Exception {
        assertRejected(raw("{" + f32("a", 1, 0, 4) + "}", new byte[9]), "5 trailing bytes", "\"a\"", FIX);
        assertRejected(raw("{}", new byte[3]), "3 trailing bytes", "no tensors");
    }

    @Test
    void unknownDtype() throws Exception {
        String header = "{\"q\":{\"dtype\":\"Q4_K\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        assertRejected(raw(header, new byte[1]), "q", "Q4_K", "F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL");
    }

    @Test
    void bytesNotMatchingShapeTimesDtype() throws Exception {
        assertRejected(raw("{" + f32("w", 3, 0, 8) + "}", new byte[8]), "w", "span 8 bytes", "needs 3 x 4 = 12", FIX);
    }

    @Test
    void negativeDimension() throws Exception {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1,2],\"data_offsets\":[0,0]}}";
        assertRejected(raw(header, new byte[0]), "w", "negative dimension -1", FIX);
    }

    @Test
    void elementCountOverflow() throws Exception {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}";
        assertRejected(raw(header, new byte[0]), "w", "overflows");
        String bytes = "{\"w\":{\"dtype\":\"F64\",\"shape\":[2305843009213693952],\"data_offsets\":[0,0]}}";
        assertRejected(raw(bytes, new byte[0]), "w", "overflows");
    }

    @Test
    void entryNotAnObject() throws Exception {
        assertRejected(raw("{\"w\":[1,2]}", new byte[0]), "w", "must be a JSON object", FIX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtype", "shape", "data_offsets"})
    void missingField(String field) throws Exception {
        String full = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        String header = full.replaceAll("\"" + field + "\":(\"F32\"|\\[[0-9,]*\\]),?", "").replace(",}", "}");
        assertRejected(raw(header, new byte[4]), "w", "no \"" + field + "\"", FIX);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"dtype\":5,\"shape\":[1],\"data_offsets\":[0,4]",
        "\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]",
        "\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]",
        "\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]",
        "\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]",
        "\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,\"4\"]",
        "\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,18446744073709551615]",
        "\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":{\"begin\":0}",
        "\"dtype\":\"F32\",\"shape\":[1e300],\"data_offsets\":[0,4]",
    })
    void wrongFieldTypes(String fields) throws Exception {
        assertRejected(raw("{\"w\":{" + fields + "}}", new byte[4]), "w", FIX);
    }

    @Test
    void metadataWithNonStringValue() throws Exception {
        assertRejected(raw("{\"__metadata__\":{\"epoch\":3}}", new byte[0]), "__metadata__", "epoch", "must be a string");
        assertRejected(raw("{\"__metadata__\":[\"x\"]}", new byte[0]), "__metadata__", "must be a JSON object");
    }

    @Test
    void missingTensor() {
        Path file = validFile();
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> st.readFloats("delta"));
            assertTrue(e.getMessage().contains("good.safetensors") && e.getMessage().contains("delta")
                    && e.getMessage().contains("alpha"), e.getMessage());
        }
    }

    @Test
    void missingFileAndDirectoryAreRefused() throws Exception {
        assertRejected(dir.resolve("absent.safetensors"), "file not found");
        assertRejected(Files.createDirectory(dir.resolve("folder.safetensors")), "not a regular file");
    }

    @Test
    void randomCorruptionsEitherFailCleanlyOrStayReadable() throws Exception {
        byte[] good = Files.readAllBytes(validFile());
        Random random = new Random(11);
        Path file = dir.resolve("mutant.safetensors");
        int headerEnd = 8 + (good[0] & 0xff);
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = good.clone();
            int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips; i++) {
                int at = random.nextInt(round % 4 == 0 ? bytes.length : headerEnd);
                bytes[at] = round % 2 == 0
                        ? (byte) random.nextInt(256)
                        : (byte) JSON_CHARS.charAt(random.nextInt(JSON_CHARS.length()));
            }
            Files.write(file, bytes);
            try (SafetensorsFile st = SafetensorsFile.open(file)) {
                for (TensorInfo t : st.tensors()) {
                    st.readRaw(t.name());
                    if (t.dtype().isFloatingPoint()) {
                        st.readFloats(t.name());
                        st.readDoubles(t.name());
                    }
                }
            } catch (InvalidInputException expected) {
                assertTrue(expected.getMessage().contains("mutant.safetensors"), expected.getMessage());
            }
        }
    }
}

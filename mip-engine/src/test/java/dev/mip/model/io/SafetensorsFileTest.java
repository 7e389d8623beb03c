package dev.mip.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.InvalidInputException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {
    @TempDir
    Path dir;

    private static final float[] VALUES = {0f, -0f, 1f, -2.5f, 0.1f, 65504f, 1e-6f, 3.14159f, -1e-8f, 1234.5f, 0.333f, -7f};

    @Test
    void writeThenReadRoundTripsEveryDtype() throws Exception {
        Random random = new Random(1);
        List<SafetensorsWriter.Entry> entries = new ArrayList<>();
        for (TensorDType dtype : TensorDType.values()) {
            byte[] data = new byte[12 * dtype.byteSize()];
            random.nextBytes(data);
            if (dtype == TensorDType.BOOL) {
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) (data[i] & 1);
                }
            }
            entries.add(new SafetensorsWriter.Entry("t_" + dtype, dtype, new long[] {3, 4}, data));
        }
        Path file = dir.resolve("all.safetensors");
        SafetensorsWriter.write(file, Map.of("format", "pt"), entries);
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals(TensorDType.values().length, st.tensors().size());
            for (SafetensorsWriter.Entry e : entries) {
                TensorInfo info = st.info(e.name());
                assertEquals(e.dtype(), info.dtype());
                assertArrayEquals(new long[] {3, 4}, info.shape());
                assertArrayEquals(new int[] {3, 4}, info.intShape());
                assertEquals(12, info.numel());
                assertEquals(e.data().length, info.byteLength());
                assertArrayEquals(e.data(), st.readRaw(e.name()), e.name());
            }
        }
    }

    @Test
    void floatDtypesReadBackAsFloatsAndDoubles() {
        Path file = dir.resolve("floats.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(
                SafetensorsWriter.f32("a32", new long[] {12}, VALUES, TensorDType.F32),
                SafetensorsWriter.f32("a16", new long[] {12}, VALUES, TensorDType.F16),
                SafetensorsWriter.f32("abf", new long[] {12}, VALUES, TensorDType.BF16),
                SafetensorsWriter.f32("a64", new long[] {12}, VALUES, TensorDType.F64)));
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            float[] f16 = new float[VALUES.length];
            float[] bf16 = new float[VALUES.length];
            double[] widened = new double[VALUES.length];
            for (int i = 0; i < VALUES.length; i++) {
                f16[i] = HalfFloats.f16ToF32(HalfFloats.f32ToF16(VALUES[i]));
                bf16[i] = HalfFloats.bf16ToF32(HalfFloats.f32ToBf16(VALUES[i]));
                widened[i] = VALUES[i];
            }
            assertArrayEquals(VALUES, st.readFloats("a32"));
            assertArrayEquals(VALUES, st.readFloats("a64"));
            assertArrayEquals(f16, st.readFloats("a16"));
            assertArrayEquals(bf16, st.readFloats("abf"));
            assertArrayEquals(widened, st.readDoubles("a32"));
            assertArrayEquals(widened, st.readDoubles("a64"));
            double[] f16Doubles = st.readDoubles("a16");
            for (int i = 0; i < f16.length; i++) {
                assertEquals((double) f16[i], f16Doubles[i]);
            }
        }
    }

    @Test
    void f64IsReadExactlyAsDoublesAndNarrowedWithACastAsFloats() {
        double[] values = {Math.PI, 1e300, -1e-300, 0.1};
        ByteBuffer data = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            data.putDouble(v);
        }
        Path file = dir.resolve("f64.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(
                new SafetensorsWriter.Entry("d", TensorDType.F64, new long[] {4}, data.array())));
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertArrayEquals(values, st.readDoubles("d"));
            float[] narrowed = st.readFloats("d");
            for (int i = 0; i < values.length; i++) {
                assertEquals((float) values[i], narrowed[i]);
            }
        }
    }

    @Test
    void readAsF32ReturnsAFreshDirectBufferInNativeOrder() {
        Path file = dir.resolve("buf.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(
                SafetensorsWriter.f32("h", new long[] {3, 4}, VALUES, TensorDType.F16)));
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            ByteBuffer first = st.readAsF32("h");
            ByteBuffer second = st.readAsF32("h");
            assertNotSame(first, second);
            assertTrue(first.isDirect());
            assertFalse(first.isReadOnly());
            assertEquals(ByteOrder.nativeOrder(), first.order());
            assertEquals(0, first.position());
            assertEquals(4 * VALUES.length, first.limit());
            float[] expected = st.readFloats("h");
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], first.getFloat(4 * i));
            }
            first.putFloat(0, 99f);
            assertEquals(expected[0], second.getFloat(0), "buffers must not share memory");
        }
    }

    @Test
    void integerTensorIsNotReadAsFloats() {
        Path file = dir.resolve("ints.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(
                new SafetensorsWriter.Entry("ids", TensorDType.I32, new long[] {2}, new byte[8])));
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            for (Runnable read : List.<Runnable>of(() -> st.readFloats("ids"), () -> st.readDoubles("ids"),
                    () -> st.readAsF32("ids"))) {
                InvalidInputException e = assertThrows(InvalidInputException.class, read::run);
                assertTrue(e.getMessage().contains("expected a floating point tensor"), e.getMessage());
                assertTrue(e.getMessage().contains("ints.safetensors"), e.getMessage());
                assertTrue(e.getMessage().contains("ids"), e.getMessage());
            }
            assertArrayEquals(new byte[8], st.readRaw("ids"));
        }
    }

    @Test
    void tensorsAndMetadataAreSortedAndUnmodifiable() {
        Path file = dir.resolve("sorted.safetensors");
        SafetensorsWriter.write(file, Map.of("zeta", "1", "alpha", "2"), List.of(
                SafetensorsWriter.f32("b", new long[] {1}, new float[] {1}, TensorDType.F32),
                SafetensorsWriter.f32("a", new long[] {1}, new float[] {2}, TensorDType.F32),
                SafetensorsWriter.f32("c", new long[] {1}, new float[] {3}, TensorDType.F32)));
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals(List.of("a", "b", "c"), st.tensors().stream().map(TensorInfo::name).toList());
            assertEquals(List.of("alpha", "zeta"), List.copyOf(st.metadata().keySet()));
            assertThrows(UnsupportedOperationException.class, () -> st.metadata().put("x", "y"));
            assertThrows(UnsupportedOperationException.class, () -> st.tensors().clear());
            assertTrue(st.contains("a"));
            assertFalse(st.contains("d"));
            assertEquals(file, st.path());
        }
    }

    @Test
    void offsetsInInfoAreAbsoluteFileOffsets() throws Exception {
        Path file = dir.resolve("abs.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(
                SafetensorsWriter.f32("a", new long[] {2}, new float[] {1, 2}, TensorDType.F32),
                SafetensorsWriter.f32("b", new long[] {1}, new float[] {3}, TensorDType.F32)));
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            TensorInfo b = st.info("b");
            assertEquals(8 + headerLength + 8, b.begin());
            assertEquals(8 + headerLength + 12, b.end());
            assertEquals(3f, ByteBuffer.wrap(bytes, (int) b.begin(), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
            assertEquals(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8), st.headerJson());
        }
    }

    @Test
    void scalarAndEmptyTensorsAreSupported() {
        Path file = dir.resolve("edge.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(
                SafetensorsWriter.f32("scalar", new long[] {}, new float[] {42f}, TensorDType.F32),
                SafetensorsWriter.f32("empty", new long[] {0, 3}, new float[0], TensorDType.F16),
                SafetensorsWriter.f32("empty2", new long[] {5, 0}, new float[0], TensorDType.F32)));
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals(1, st.info("scalar").numel());
            assertEquals(0, st.info("scalar").rank());
            assertArrayEquals(new float[] {42f}, st.readFloats("scalar"));
            assertEquals(0, st.info("empty").numel());
            assertArrayEquals(new float[0], st.readFloats("empty"));
            assertEquals(0, st.readAsF32("empty2").capacity());
            assertArrayEquals(new byte[0], st.readRaw("empty2"));
        }
    }

    @Test
    void noTensorsAtAllIsAValidFile() {
        Path file = dir.resolve("none.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of());
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertTrue(st.tensors().isEmpty());
            assertEquals("{}      ", st.headerJson());
        }
    }

    @Test
    void tensorInfoIsImmutableAndComparedByValue() {
        long[] shape = {2, 3};
        TensorInfo info = new TensorInfo("w", TensorDType.F32, shape, 100, 124);
        shape[0] = 99;
        assertArrayEquals(new long[] {2, 3}, info.shape());
        info.shape()[1] = 77;
        assertArrayEquals(new long[] {2, 3}, info.shape());
        assertEquals(new TensorInfo("w", TensorDType.F32, new long[] {2, 3}, 100, 124), info);
        assertEquals(new TensorInfo("w", TensorDType.F32, new long[] {2, 3}, 100, 124).hashCode(), info.hashCode());
        assertEquals(24, info.byteLength());
        assertThrows(IllegalArgumentException.class, () -> new TensorInfo("w", TensorDType.F32, shape, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new TensorInfo("w", TensorDType.F32, new long[] {-1}, 0, 0));
    }

    @Test
    void intShapeRefusesDimensionsBeyondInt() {
        long big = 3_000_000_000L;
        TensorInfo info = new TensorInfo("huge", TensorDType.U8, new long[] {big}, 0, big);
        InvalidInputException e = assertThrows(InvalidInputException.class, info::intShape);
        assertTrue(e.getMessage().contains("huge"), e.getMessage());
    }

    @Test
    void dtypeNamesMatchTheFormat() {
        assertEquals(TensorDType.BF16, TensorDType.fromSafetensorsName("BF16", dir, "t"));
        assertEquals(2, TensorDType.BF16.byteSize());
        assertEquals(8, TensorDType.I64.byteSize());
        assertEquals(1, TensorDType.BOOL.byteSize());
        assertTrue(TensorDType.F16.isFloatingPoint());
        assertFalse(TensorDType.U8.isFloatingPoint());
        for (TensorDType t : TensorDType.values()) {
            assertEquals(t, TensorDType.fromSafetensorsName(t.safetensorsName(), dir, "t"));
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TensorDType.fromSafetensorsName("f32", dir.resolve("x.safetensors"), "layer.w"));
        assertTrue(e.getMessage().contains("x.safetensors") && e.getMessage().contains("layer.w")
                && e.getMessage().contains("F32, F16, BF16"), e.getMessage());
    }

    @Test
    void filesLargerThanTwoGibAreReadTensorByTensor() throws Exception {
        long big = 2_200_000_000L; // sparse: takes no disk space
        String header = "{\"big\":{\"dtype\":\"U8\",\"shape\":[" + big + "],\"data_offsets\":[0," + big + "]},"
                + "\"small\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + big + "," + (big + 8) + "]}}";
        Path file = RawSafetensors.write(dir.resolve("big.safetensors"), header, new byte[0]);
        long dataStart = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(dataStart + big + 8);
            raf.seek(dataStart + big);
            raf.write(RawSafetensors.f32(1.5f, -2f));
        }
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {1.5f, -2f}, st.readFloats("small"));
            assertEquals(big, st.info("big").byteLength());
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> st.readRaw("big"));
            assertTrue(e.getMessage().contains("big.safetensors") && e.getMessage().contains("big:")
                    && e.getMessage().contains("2 GiB"), e.getMessage());
        }
    }

    @Test
    void closedFileRefusesReads() {
        Path file = dir.resolve("c.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(
                SafetensorsWriter.f32("a", new long[] {1}, new float[] {1}, TensorDType.F32)));
        SafetensorsFile st = SafetensorsFile.open(file);
        st.close();
        st.close();
        assertThrows(IllegalStateException.class, () -> st.readFloats("a"));
    }
}

package dev.mip.model.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.mip.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes safetensors files deterministically: the same metadata and entries always give the same
 * bytes, whatever order they are passed in.
 *
 * <p>Layout: tensors sorted by name, their data contiguous in that order from offset 0; the header
 * is compact JSON with {@code __metadata__} first (keys sorted; omitted when empty), then one entry
 * per tensor in name order with keys {@code dtype}, {@code shape}, {@code data_offsets}; the header
 * is padded with spaces so that {@code 8 + header length} is a multiple of 8. This matches the
 * reference writer byte for byte for files whose tensors all share one dtype (the reference orders
 * mixed dtypes by alignment first).
 */
public final class SafetensorsWriter {
    private static final JsonFactory JSON = new JsonFactory();

    private SafetensorsWriter() {}

    /**
     * One tensor to write.
     *
     * <p>The shape is copied; {@code data} is NOT copied (tensors can be large): do not modify the
     * array after building the entry.
     *
     * @param name the tensor name (not {@code __metadata__})
     * @param dtype the stored element type
     * @param shape the dimensions, each non-negative
     * @param data the stored bytes: little-endian elements, {@code numel * dtype.byteSize()} long
     */
    public record Entry(String name, TensorDType dtype, long[] shape, byte[] data) {
        /**
         * Validates the entry.
         *
         * @throws IllegalArgumentException if the name is reserved, a dimension is negative, the
         *     size overflows, or {@code data.length != numel * dtype.byteSize()}
         */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dtype, "dtype");
            Objects.requireNonNull(data, "data");
            if (name.equals(SafetensorsFile.METADATA_KEY)) {
                throw new IllegalArgumentException("\"" + SafetensorsFile.METADATA_KEY + "\" is reserved and cannot name a tensor");
            }
            shape = Objects.requireNonNull(shape, "shape").clone();
            long numel = TensorInfo.elementCount(name, shape);
            if (numel > Long.MAX_VALUE / dtype.byteSize()) {
                throw new IllegalArgumentException(name + ": byte size of shape " + Arrays.toString(shape)
                        + " overflows a long");
            }
            long expected = numel * dtype.byteSize();
            if (data.length != expected) {
                throw new IllegalArgumentException(name + ": " + dtype + Arrays.toString(shape) + " needs " + expected
                        + " bytes but " + data.length + " were given");
            }
        }

        /**
         * The dimensions.
         *
         * @return a fresh copy of the shape
         */
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /**
         * Compares by value, including array contents.
         *
         * @param other the object to compare with
         * @return true if name, dtype, shape and data are equal
         */
        @Override
        public boolean equals(Object other) {
            return other instanceof Entry that
                    && name.equals(that.name)
                    && dtype == that.dtype
                    && Arrays.equals(shape, that.shape)
                    && Arrays.equals(data, that.data);
        }

        /**
         * Hashes by value, including array contents.
         *
         * @return the hash code
         */
        @Override
        public int hashCode() {
            return Objects.hash(name, dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
        }

        /**
         * Renders without the data.
         *
         * @return for example {@code w F16[2, 3] (12 bytes)}
         */
        @Override
        public String toString() {
            return name + " " + dtype + Arrays.toString(shape) + " (" + data.length + " bytes)";
        }
    }

    /**
     * Builds an entry from float values, stored as F32, F16, BF16 (both rounded to nearest, ties
     * to even) or F64 (exact).
     *
     * @param name the tensor name
     * @param shape the dimensions; their product must equal {@code values.length}
     * @param values the values in row-major order
     * @param storeAs F32, F16, BF16 or F64
     * @return the entry
     * @throws IllegalArgumentException for another dtype or a shape/length mismatch
     */
    public static Entry f32(String name, long[] shape, float[] values, TensorDType storeAs) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(storeAs, "storeAs");
        if (!storeAs.isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": cannot store floats as " + storeAs
                    + "; use F32, F16, BF16 or F64");
        }
        long numel = TensorInfo.elementCount(name, shape);
        if (numel != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + numel
                    + " elements but " + values.length + " values were given");
        }
        long bytes = numel * storeAs.byteSize(); // numel == values.length, so no overflow
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": " + bytes + " bytes do not fit in one Java array");
        }
        ByteBuffer out = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (storeAs) {
                case F32 -> out.putFloat(v);
                case F64 -> out.putDouble(v);
                case F16 -> out.putShort(HalfFloats.f32ToF16(v));
                case BF16 -> out.putShort(HalfFloats.f32ToBf16(v));
                default -> throw new IllegalStateException(storeAs.toString());
            }
        }
        return new Entry(name, storeAs, shape, out.array());
    }

    /**
     * Writes a safetensors file atomically (temporary file, then one rename), streaming the
     * tensors so files larger than 2 GiB can be written. The bytes are exactly
     * {@link #toBytes(Map, List)}.
     *
     * @param file the target file; replaced if it exists
     * @param metadata string metadata for {@code __metadata__} (may be empty)
     * @param entries the tensors, in any order
     * @throws IllegalArgumentException if two entries share a name
     */
    public static void write(Path file, Map<String, String> metadata, List<Entry> entries) {
        Layout layout = Layout.of(metadata, entries);
        AtomicFiles.write(file, layout::writeTo);
    }

    /**
     * The exact bytes {@link #write(Path, Map, List)} would write, for tests and hashing.
     *
     * @param metadata string metadata for {@code __metadata__} (may be empty)
     * @param entries the tensors, in any order
     * @return the file content
     * @throws IllegalArgumentException if two entries share a name or the result exceeds 2 GiB
     */
    public static byte[] toBytes(Map<String, String> metadata, List<Entry> entries) {
        Layout layout = Layout.of(metadata, entries);
        if (layout.totalBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the file would be " + layout.totalBytes()
                    + " bytes, too large for one array; use write(Path, ...)");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) layout.totalBytes());
        try {
            layout.writeTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The sorted entries and the padded header: everything needed to emit the file. */
    private record Layout(byte[] header, List<Entry> sorted) {
        static Layout of(Map<String, String> metadata, List<Entry> entries) {
            Objects.requireNonNull(metadata, "metadata");
            Objects.requireNonNull(entries, "entries");
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.sort(Comparator.comparing(Entry::name));
            Set<String> seen = new HashSet<>();
            for (Entry e : sorted) {
                if (!seen.add(e.name())) {
                    throw new IllegalArgumentException("duplicate tensor name \"" + e.name() + "\"");
                }
            }
            return new Layout(header(new TreeMap<>(metadata), sorted), List.copyOf(sorted));
        }

        long totalBytes() {
            long total = 8L + header.length;
            for (Entry e : sorted) {
                total += e.data().length;
            }
            return total;
        }

        void writeTo(OutputStream out) throws IOException {
            byte[] prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array();
            out.write(prefix);
            out.write(header);
            for (Entry e : sorted) {
                out.write(e.data());
            }
        }

        private static byte[] header(TreeMap<String, String> metadata, List<Entry> sorted) {
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            try (JsonGenerator g = JSON.createGenerator(json, JsonEncoding.UTF8)) {
                g.writeStartObject();
                if (!metadata.isEmpty()) {
                    g.writeObjectFieldStart(SafetensorsFile.METADATA_KEY);
                    for (Map.Entry<String, String> m : metadata.entrySet()) {
                        g.writeStringField(m.getKey(), Objects.requireNonNull(m.getValue(), m.getKey()));
                    }
                    g.writeEndObject();
                }
                long offset = 0;
                for (Entry e : sorted) {
                    g.writeObjectFieldStart(e.name());
                    g.writeStringField("dtype", e.dtype().safetensorsName());
                    g.writeArrayFieldStart("shape");
                    for (long dim : e.shape()) {
                        g.writeNumber(dim);
                    }
                    g.writeEndArray();
                    g.writeArrayFieldStart("data_offsets");
                    g.writeNumber(offset);
                    offset += e.data().length;
                    g.writeNumber(offset);
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            while (json.size() % 8 != 0) {
                json.write(' ');
            }
            if (json.size() > SafetensorsFile.MAX_HEADER_BYTES) {
                throw new IllegalArgumentException("the header would be " + json.size() + " bytes, over the "
                        + SafetensorsFile.MAX_HEADER_BYTES + "-byte limit readers enforce");
            }
            return json.toByteArray();
        }
    }
}

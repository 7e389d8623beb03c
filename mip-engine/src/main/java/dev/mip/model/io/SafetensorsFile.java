package dev.mip.model.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mip.InvalidInputException;
import dev.mip.ResourceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A safetensors file opened for reading, with its header fully validated.
 *
 * <p>{@link #open(Path)} checks everything the reference implementation checks before it returns:
 * the header length, that the header is a UTF-8 JSON object, each entry's dtype, shape and
 * offsets, that every tensor's byte length is its element count times its dtype size, and that the
 * tensors cover the data section exactly (no overlap, no hole, no trailing bytes). A malformed file
 * fails with an {@link InvalidInputException} naming the file, the tensor and the fix; a bogus
 * header length never allocates more than the file could hold.
 *
 * <p>Reads map only the tensor's own region of the file and copy it into a fresh array or buffer;
 * the mapping itself never escapes. Files larger than 2 GiB work as long as each tensor is smaller
 * than 2 GiB. Reads may run from several threads at once; {@link #close()} must not race them.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The largest header accepted, as in the reference implementation's limit (100 MiB here). */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** The key of the optional string-to-string metadata object in the header. */
    public static final String METADATA_KEY = "__metadata__";

    static final String CORRUPT_FIX = "the file is truncated or corrupt: re-download or re-export it";
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Path path;
    private final FileChannel channel;
    private final String headerJson;
    private final Map<String, String> metadata;
    private final SortedMap<String, TensorInfo> tensors;
    private final List<TensorInfo> tensorList;
    private volatile boolean closed;

    private SafetensorsFile(Path path, FileChannel channel, Header header) {
        this.path = path;
        this.channel = channel;
        this.headerJson = header.json;
        this.metadata = Collections.unmodifiableMap(header.metadata);
        this.tensors = Collections.unmodifiableSortedMap(header.tensors);
        this.tensorList = List.copyOf(header.tensors.values());
    }

    /**
     * Opens and validates a safetensors file. The file stays open until {@link #close()}.
     *
     * @param file the {@code .safetensors} file
     * @return the open file
     * @throws InvalidInputException if the file is missing, unreadable or malformed in any way
     */
    public static SafetensorsFile open(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            throw InvalidInputException.of(file, null, "file not found", "check the path");
        }
        if (!Files.isRegularFile(file)) {
            throw InvalidInputException.of(file, null, "not a regular file",
                    "point to a .safetensors file, not a directory or device");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw readFailure(file, null, e);
        }
        try {
            return new SafetensorsFile(file, channel, Header.read(file, channel));
        } catch (RuntimeException | Error e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The file this was opened from.
     *
     * @return the path as given to {@link #open(Path)}
     */
    public Path path() {
        return path;
    }

    /**
     * The header's {@code __metadata__} entries.
     *
     * @return an unmodifiable map sorted by key; empty if the header has none
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The header exactly as stored, including any trailing padding spaces.
     *
     * @return the header JSON text
     */
    public String headerJson() {
        return headerJson;
    }

    /**
     * Every tensor in the file.
     *
     * @return an unmodifiable list sorted by name
     */
    public List<TensorInfo> tensors() {
        return tensorList;
    }

    /**
     * Whether the file holds a tensor of this name.
     *
     * @param name the tensor name
     * @return true if present
     */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /**
     * The description of one tensor.
     *
     * @param name the tensor name
     * @return its dtype, shape and absolute byte range
     * @throws InvalidInputException naming the file and tensor if there is no such tensor
     */
    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw InvalidInputException.of(path, name, "no tensor of this name in the file ("
                    + describeNames(tensors.keySet()) + ")", "check the tensor name against the checkpoint");
        }
        return info;
    }

    /**
     * The tensor's bytes exactly as stored (little-endian elements).
     *
     * @param name the tensor name
     * @return a fresh array of {@code info(name).byteLength()} bytes
     * @throws InvalidInputException if the tensor is missing or 2 GiB or larger
     */
    public byte[] readRaw(String name) {
        TensorInfo info = info(name);
        byte[] out = new byte[arrayLength(info, info.byteLength(), "bytes")];
        copyOut(info, region -> region.get(out));
        return out;
    }

    /**
     * The tensor's values as F32 in a new direct buffer in native byte order, ready to hand to a
     * native library. F32 is copied, F16 and BF16 are widened exactly, F64 is narrowed with a
     * Java {@code (float)} cast.
     *
     * @param name the tensor name
     * @return a new direct buffer of {@code 4 * numel} bytes, position 0, limit at capacity
     * @throws InvalidInputException if the tensor is missing, not floating point, or its F32 form
     *     would be 2 GiB or larger
     */
    public ByteBuffer readAsF32(String name) {
        TensorInfo info = floatingInfo(name);
        long bytes = Math.multiplyExact(info.numel(), (long) Float.BYTES);
        ByteBuffer out = ByteBuffer.allocateDirect(arrayLength(info, bytes, "bytes once widened to F32"))
                .order(ByteOrder.nativeOrder());
        copyOut(info, region -> decodeFloats(info, region, out.asFloatBuffer()));
        return out;
    }

    /**
     * The tensor's values as floats (same conversions as {@link #readAsF32(String)}).
     *
     * @param name the tensor name
     * @return a fresh array of {@code numel} floats in row-major order
     * @throws InvalidInputException if the tensor is missing, not floating point, or too large for
     *     one Java array
     */
    public float[] readFloats(String name) {
        TensorInfo info = floatingInfo(name);
        float[] out = new float[arrayLength(info, info.numel(), "elements")];
        copyOut(info, region -> decodeFloats(info, region, FloatBuffer.wrap(out)));
        return out;
    }

    /**
     * The tensor's values as doubles: F64 exact, F32, F16 and BF16 widened exactly.
     *
     * @param name the tensor name
     * @return a fresh array of {@code numel} doubles in row-major order
     * @throws InvalidInputException if the tensor is missing, not floating point, or too large for
     *     one Java array
     */
    public double[] readDoubles(String name) {
        TensorInfo info = floatingInfo(name);
        double[] out = new double[arrayLength(info, info.numel(), "elements")];
        copyOut(info, region -> decodeDoubles(info, region, out));
        return out;
    }

    /** Closes the file; later reads fail with {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw ResourceException.io("Could not close " + path, e);
        }
    }

    private TensorInfo floatingInfo(String name) {
        TensorInfo info = info(name);
        if (!info.dtype().isFloatingPoint()) {
            throw InvalidInputException.of(path, name, "expected a floating point tensor (F64, F32, F16 or BF16)"
                    + " but it is " + info.dtype(), "read it with readRaw, or check that this is the intended tensor");
        }
        return info;
    }

    private int arrayLength(TensorInfo info, long length, String unit) {
        if (length > MAX_ARRAY_LENGTH) {
            throw InvalidInputException.of(path, info.name(), "tensor is " + length + " " + unit
                    + ", too large to read into one Java array or buffer (limit 2 GiB)",
                    "re-export the checkpoint with this tensor split into parts smaller than 2 GiB");
        }
        return (int) length;
    }

    /**
     * Maps the tensor's region, lets {@code copier} copy out of it, and turns the failure modes of
     * a file that changed under us into clear errors.
     */
    private <T> T copyOut(TensorInfo info, Function<ByteBuffer, T> copier) {
        if (closed) {
            throw new IllegalStateException(path + " is closed");
        }
        int length = arrayLength(info, info.byteLength(), "bytes");
        try {
            if (channel.size() < info.end()) {
                throw InvalidInputException.of(path, info.name(), "the file is now shorter (" + channel.size()
                        + " bytes) than when it was opened; it was modified while in use",
                        "do not modify a checkpoint while it is being read; re-open it");
            }
            ByteBuffer region = length == 0
                    ? ByteBuffer.allocate(0)
                    : channel.map(FileChannel.MapMode.READ_ONLY, info.begin(), length);
            try {
                return copier.apply(region.order(ByteOrder.LITTLE_ENDIAN));
            } finally {
                // The copiers copy out and keep no view of the region: unmap it now, not at the next GC
                // (the mapped pages otherwise stay in the resident set, up to the size of the checkpoint).
                dev.mip.runtime.DirectBuffers.free(region);
            }
        } catch (IOException e) {
            throw readFailure(path, info.name(), e);
        } catch (InternalError e) {
            // The JDK reports a fault while touching a mapping (the file was truncated after the
            // size check) as an InternalError rather than crashing; report it as an input problem.
            throw new InvalidInputException(path + ": " + info.name() + ": the file changed while being read ("
                    + e.getMessage() + "). Do not modify a checkpoint while it is being read; re-open it", e);
        }
    }

    private static FloatBuffer decodeFloats(TensorInfo info, ByteBuffer src, FloatBuffer dst) {
        int n = dst.remaining();
        switch (info.dtype()) {
            case F32 -> dst.put(src.asFloatBuffer());
            case F64 -> {
                DoubleBuffer d = src.asDoubleBuffer();
                for (int i = 0; i < n; i++) {
                    dst.put(i, (float) d.get(i));
                }
            }
            case F16 -> {
                ShortBuffer s = src.asShortBuffer();
                for (int i = 0; i < n; i++) {
                    dst.put(i, HalfFloats.f16ToF32(s.get(i)));
                }
            }
            case BF16 -> {
                ShortBuffer s = src.asShortBuffer();
                for (int i = 0; i < n; i++) {
                    dst.put(i, HalfFloats.bf16ToF32(s.get(i)));
                }
            }
            default -> throw new IllegalStateException("not a floating point dtype: " + info.dtype());
        }
        return dst;
    }

    private static double[] decodeDoubles(TensorInfo info, ByteBuffer src, double[] dst) {
        switch (info.dtype()) {
            case F64 -> src.asDoubleBuffer().get(dst);
            case F32 -> {
                FloatBuffer f = src.asFloatBuffer();
                for (int i = 0; i < dst.length; i++) {
                    dst[i] = f.get(i);
                }
            }
            case F16 -> {
                ShortBuffer s = src.asShortBuffer();
                for (int i = 0; i < dst.length; i++) {
                    dst[i] = HalfFloats.f16ToF32(s.get(i));
                }
            }
            case BF16 -> {
                ShortBuffer s = src.asShortBuffer();
                for (int i = 0; i < dst.length; i++) {
                    dst[i] = HalfFloats.bf16ToF32(s.get(i));
                }
            }
            default -> throw new IllegalStateException("not a floating point dtype: " + info.dtype());
        }
        return dst;
    }

    static String describeNames(Collection<String> names) {
        if (names.isEmpty()) {
            return "it holds no tensors";
        }
        String shown = names.stream().limit(5).collect(Collectors.joining(", "));
        return "it holds " + names.size() + " tensors: " + shown + (names.size() > 5 ? ", ..." : "");
    }

    private static RuntimeException readFailure(Path file, String tensor, IOException e) {
        if (e instanceof NoSuchFileException) {
            return InvalidInputException.of(file, tensor, "file not found", "check the path");
        }
        if (e instanceof AccessDeniedException) {
            return InvalidInputException.of(file, tensor, "permission denied", "make the file readable");
        }
        String where = file + (tensor == null ? "" : ": " + tensor);
        return ResourceException.io(where + ": could not read the file (is the disk healthy and the file not being modified?)", e);
    }

    /** The parsed and validated header: the only place that interprets header bytes. */
    private static final class Header {
        final String json;
        final TreeMap<String, String> metadata = new TreeMap<>();
        final TreeMap<String, TensorInfo> tensors = new TreeMap<>();
        private final Path file;
        private final long dataStart;
        private final long dataLength;

        private Header(Path file, String json, long dataStart, long dataLength) {
            this.file = file;
            this.json = json;
            this.dataStart = dataStart;
            this.dataLength = dataLength;
        }

        static Header read(Path file, FileChannel channel) {
            try {
                long size = channel.size();
                if (size < 8) {
                    throw InvalidInputException.of(file, null, "the file is " + size
                            + " bytes long, shorter than the 8-byte header length every safetensors file starts with",
                            CORRUPT_FIX);
                }
                ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                readFully(file, channel, prefix, 0);
                long length = prefix.getLong(0);
                if (length < 0 || length > size - 8) {
                    throw InvalidInputException.of(file, null, "the header length " + Long.toUnsignedString(length)
                            + " runs past the end of the file (" + size + " bytes)", CORRUPT_FIX);
                }
                if (length > MAX_HEADER_BYTES) {
                    throw InvalidInputException.of(file, null, "the header length " + length
                            + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes",
                            "this is not a safetensors file or it is corrupt: re-download or re-export it");
                }
                ByteBuffer bytes = ByteBuffer.allocate((int) length);
                readFully(file, channel, bytes, 8);
                bytes.flip();
                Header header = new Header(file, decodeUtf8(file, bytes), 8 + length, size - 8 - length);
                header.parse();
                return header;
            } catch (IOException e) {
                throw readFailure(file, null, e);
            }
        }

        private static void readFully(Path file, FileChannel channel, ByteBuffer buffer, long position)
                throws IOException {
            long at = position;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, at);
                if (n < 0) {
                    throw InvalidInputException.of(file, null, "the file ended while reading its header", CORRUPT_FIX);
                }
                at += n;
            }
        }

        private static String decodeUtf8(Path file, ByteBuffer bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(bytes)
                        .toString();
            } catch (CharacterCodingException e) {
                throw InvalidInputException.of(file, null, "the header is not valid UTF-8", CORRUPT_FIX);
            }
        }

        private void parse() {
            JsonNode root;
            try {
                root = JSON.readTree(json);
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                String where = at == null || at.getCharOffset() < 0 ? "" : " at character " + at.getCharOffset();
                throw InvalidInputException.of(file, null, "the header is not valid JSON" + where + ": "
                        + e.getOriginalMessage(), CORRUPT_FIX);
            }
            if (root == null || !root.isObject()) {
                String kind = root == null || root.isMissingNode() ? "empty" : "a JSON " + root.getNodeType();
                throw InvalidInputException.of(file, null, "the header is " + kind + ", not a JSON object",
                        CORRUPT_FIX);
            }
            for (Map.Entry<String, JsonNode> entry : root.properties()) {
                if (entry.getKey().equals(METADATA_KEY)) {
                    parseMetadata(entry.getValue());
                } else {
                    TensorInfo info = parseTensor(entry.getKey(), entry.getValue());
                    tensors.put(info.name(), info);
                }
            }
            checkCoverage();
        }

        private void parseMetadata(JsonNode node) {
            if (node.isNull()) {
                return; // the reference reader treats null like an absent __metadata__
            }
            if (!node.isObject()) {
                throw InvalidInputException.of(file, METADATA_KEY, "must be a JSON object of strings but is a "
                        + node.getNodeType(), CORRUPT_FIX);
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!e.getValue().isTextual()) {
                    throw InvalidInputException.of(file, METADATA_KEY, "value of \"" + e.getKey()
                            + "\" must be a string but is a " + e.getValue().getNodeType(),
                            "the safetensors format allows only string metadata values: re-export the file");
                }
                metadata.put(e.getKey(), e.getValue().textValue());
            }
        }

        private TensorInfo parseTensor(String name, JsonNode node) {
            if (!node.isObject()) {
                throw bad(name, "header entry must be a JSON object but is a " + node.getNodeType());
            }
            JsonNode dtypeNode = required(name, node, "dtype");
            if (!dtypeNode.isTextual()) {
                throw bad(name, "\"dtype\" must be a string but is a " + dtypeNode.getNodeType());
            }
            TensorDType dtype = TensorDType.fromSafetensorsName(dtypeNode.textValue(), file, name);
            long[] shape = longArray(name, required(name, node, "shape"), "shape");
            long numel = 1;
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0) {
                    throw bad(name, "negative dimension " + shape[i] + " at index " + i + " of \"shape\"");
                }
                try {
                    numel = Math.multiplyExact(numel, shape[i]);
                } catch (ArithmeticException e) {
                    throw bad(name, "the element count of \"shape\" " + json(shape) + " overflows a 64-bit integer");
                }
            }
            long expectedBytes;
            try {
                expectedBytes = Math.multiplyExact(numel, dtype.byteSize());
            } catch (ArithmeticException e) {
                throw bad(name, "the byte size of " + dtype + " " + json(shape) + " overflows a 64-bit integer");
            }
            long[] offsets = longArray(name, required(name, node, "data_offsets"), "data_offsets");
            if (offsets.length != 2) {
                throw bad(name, "\"data_offsets\" must hold exactly 2 numbers [begin, end] but holds " + offsets.length);
            }
            long begin = offsets[0];
            long end = offsets[1];
            if (begin < 0 || end < 0) {
                throw bad(name, "\"data_offsets\" " + json(offsets) + " are negative");
            }
            if (begin > end) {
                throw bad(name, "\"data_offsets\" " + json(offsets) + " begin after they end");
            }
            if (end > dataLength) {
                throw bad(name, "\"data_offsets\" " + json(offsets) + " end past the data section, which is "
                        + dataLength + " bytes long");
            }
            if (end - begin != expectedBytes) {
                throw bad(name, "\"data_offsets\" " + json(offsets) + " span " + (end - begin) + " bytes but "
                        + dtype + " " + json(shape) + " needs " + numel + " x " + dtype.byteSize() + " = "
                        + expectedBytes + " bytes");
            }
            return new TensorInfo(name, dtype, shape, dataStart + begin, dataStart + end);
        }

        /** The reference rule: sorted by offset, tensors must tile the data section exactly. */
        private void checkCoverage() {
            List<TensorInfo> byOffset = new ArrayList<>(tensors.values());
            byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
            long expected = dataStart;
            TensorInfo previous = null;
            for (TensorInfo t : byOffset) {
                if (t.begin() < expected) {
                    throw bad(t.name(), "\"data_offsets\" " + relative(t) + " overlap those of tensor \""
                            + previous.name() + "\" " + relative(previous)
                            + "; the data section must be covered exactly once");
                }
                if (t.begin() > expected) {
                    throw bad(t.name(), "data section bytes [" + (expected - dataStart) + ", " + (t.begin() - dataStart)
                            + ") before this tensor belong to no tensor; the data section must be covered exactly");
                }
                expected = t.end();
                previous = t;
            }
            long dataEnd = dataStart + dataLength;
            if (expected != dataEnd) {
                String after = previous == null ? "the header lists no tensors" : "after tensor \"" + previous.name() + "\"";
                throw InvalidInputException.of(file, null, "the data section has " + (dataEnd - expected)
                        + " trailing bytes not covered by any tensor (" + after
                        + "); the data section must be covered exactly", CORRUPT_FIX);
            }
        }

        private String relative(TensorInfo t) {
            return "[" + (t.begin() - dataStart) + ", " + (t.end() - dataStart) + "]";
        }

        private JsonNode required(String name, JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw bad(name, "header entry has no \"" + field + "\"");
            }
            return value;
        }

        private long[] longArray(String name, JsonNode node, String field) {
            if (!node.isArray()) {
                throw bad(name, "\"" + field + "\" must be an array of integers but is a " + node.getNodeType());
            }
            long[] out = new long[node.size()];
            for (int i = 0; i < out.length; i++) {
                JsonNode item = node.get(i);
                if (!item.isIntegralNumber()) {
                    throw bad(name, "\"" + field + "\"[" + i + "] must be an integer but is " + item);
                }
                if (!item.canConvertToLong()) {
                    throw bad(name, "\"" + field + "\"[" + i + "] = " + item + " is out of range");
                }
                out[i] = item.longValue();
            }
            return out;
        }

        private InvalidInputException bad(String tensor, String problem) {
            return InvalidInputException.of(file, tensor, problem, CORRUPT_FIX);
        }

        private static String json(long[] values) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < values.length; i++) {
                sb.append(i == 0 ? "" : ",").append(values[i]);
            }
            return sb.append(']').toString();
        }
    }
}

package dev.mip.data.mllmu;

import io.airlift.compress.Decompressor;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Decompresses Parquet pages in pure Java: Snappy (what Hugging Face writes by default), ZSTD and
 * LZ4_RAW with aircompressor, GZIP with the JDK. parquet-java's own codec factory goes through
 * Hadoop's codec classes (which need the whole Hadoop runtime) and snappy-java / zstd-jni (native
 * libraries extracted at run time); this one needs neither, so reading works offline, on any OS and
 * inside a Maven plugin's class realm. Read-only: {@link #getCompressor} is unsupported.
 */
final class PureJavaCodecs implements CompressionCodecFactory {
    /** The codecs {@link #getDecompressor} handles. */
    static final Set<CompressionCodecName> SUPPORTED = EnumSet.of(CompressionCodecName.UNCOMPRESSED,
            CompressionCodecName.SNAPPY, CompressionCodecName.GZIP, CompressionCodecName.ZSTD,
            CompressionCodecName.LZ4_RAW);

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
        throw new UnsupportedOperationException("the MLLMU-Bench reader only reads Parquet");
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
        if (!SUPPORTED.contains(codecName)) {
            // ParquetTable checks every column chunk's codec before reading, so this is a bug guard.
            throw new IllegalStateException("unsupported Parquet compression " + codecName);
        }
        return new PageDecompressor(codecName);
    }

    @Override
    public void release() {
        // Nothing pooled, nothing native.
    }

    /** Decompresses the pages of one codec; stateless apart from the codec. */
    private static final class PageDecompressor implements BytesInputDecompressor {
        private final CompressionCodecName codec;

        PageDecompressor(CompressionCodecName codec) {
            this.codec = codec;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
            byte[] in = bytes.toInputStream().readAllBytes();
            return BytesInput.from(decompress(in, in.length, decompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(decompress(in, compressedSize, decompressedSize));
        }

        private byte[] decompress(byte[] in, int length, int size) throws IOException {
            if (codec == CompressionCodecName.UNCOMPRESSED) {
                return checkSize(in, length, size);
            }
            if (codec == CompressionCodecName.GZIP) {
                try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(in, 0, length))) {
                    byte[] out = gz.readAllBytes();
                    return checkSize(out, out.length, size);
                }
            }
            Decompressor d = switch (codec) {
                case SNAPPY -> new SnappyDecompressor();
                case ZSTD -> new ZstdDecompressor();
                case LZ4_RAW -> new Lz4Decompressor();
                default -> throw new IllegalStateException("unsupported Parquet compression " + codec);
            };
            byte[] out = new byte[size];
            try {
                int n = d.decompress(in, 0, length, out, 0, size);
                return checkSize(out, n, size);
            } catch (MalformedInputException e) {
                throw new IOException("corrupt " + codec + " page: " + e.getMessage(), e);
            }
        }

        private byte[] checkSize(byte[] data, int length, int expected) throws IOException {
            if (length != expected) {
                throw new IOException("corrupt " + codec + " page: " + length + " bytes after decompression, the page header says "
                        + expected);
            }
            return data.length == length ? data : Arrays.copyOf(data, length);
        }

        @Override
        public void release() {
            // Nothing to release.
        }
    }
}

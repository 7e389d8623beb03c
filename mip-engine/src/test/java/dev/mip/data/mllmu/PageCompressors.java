package dev.mip.data.mllmu;

import io.airlift.compress.Compressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page compressors for the tests' Parquet writer, in pure Java like {@link PureJavaCodecs}
 * (parquet-java's default factory would need the Hadoop runtime). BROTLI is a fake: pages are
 * stored uncompressed under that codec's name, to test that the reader rejects codecs it lacks.
 */
final class PageCompressors implements CompressionCodecFactory {

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                byte[] in = bytes.toInputStream().readAllBytes();
                return BytesInput.from(switch (codec) {
                    case UNCOMPRESSED, BROTLI -> in;
                    case SNAPPY -> squeeze(new SnappyCompressor(), in);
                    case ZSTD -> squeeze(new ZstdCompressor(), in);
                    case LZ4_RAW -> squeeze(new Lz4Compressor(), in);
                    case GZIP -> gzip(in);
                    default -> throw new IllegalArgumentException("no test compressor for " + codec);
                });
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("write-only");
    }

    @Override
    public void release() {}

    private static byte[] squeeze(Compressor c, byte[] in) {
        byte[] out = new byte[c.maxCompressedLength(in.length)];
        int n = c.compress(in, 0, in.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    private static byte[] gzip(byte[] in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(in);
        }
        return out.toByteArray();
    }
}

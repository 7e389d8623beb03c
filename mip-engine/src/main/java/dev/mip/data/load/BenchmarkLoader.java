package dev.mip.data.load;

import dev.mip.data.Benchmark;
import dev.mip.InvalidInputException;
import dev.mip.data.format.MipDatasetReader;
import dev.mip.data.mllmu.MllmuBenchReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a benchmark in one of the supported formats. */
public final class BenchmarkLoader {
    private BenchmarkLoader() {}

    /** Supported dataset formats. */
    public enum Format {
        /** The project's own directory format (manifest.json + JSON Lines + images). */
        MIP,
        /** MLLMU-Bench's published Parquet layout. */
        MLLMU_BENCH,
        /** Decide from the directory: a manifest.json means {@link #MIP}. */
        AUTO;

        /**
         * @param s {@code mip}, {@code mllmu-bench} or {@code auto}
         * @param where file and field, for the message
         * @return the format
         */
        public static Format parse(String s, String where) {
            switch (s == null ? "auto" : s.toLowerCase(Locale.ROOT)) {
                case "mip":
                    return MIP;
                case "mllmu-bench":
                case "mllmu":
                    return MLLMU_BENCH;
                case "auto":
                    return AUTO;
                default:
                    throw new InvalidInputException(where + ": unknown data format '" + s + "'. Use mip, mllmu-bench or auto");
            }
        }
    }

    /**
     * @param dir the dataset directory
     * @param format its format
     * @return the benchmark
     */
    public static Benchmark load(Path dir, Format format) {
        Format f = format;
        if (f == Format.AUTO) {
            f = Files.isRegularFile(dir.resolve("manifest.json")) ? Format.MIP : Format.MLLMU_BENCH;
        }
        return f == Format.MIP ? MipDatasetReader.read(dir) : MllmuBenchReader.read(dir);
    }
}

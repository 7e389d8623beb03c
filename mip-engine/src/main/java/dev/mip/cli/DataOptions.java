package dev.mip.cli;

import dev.mip.data.Benchmark;
import dev.mip.data.load.BenchmarkLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options selecting a dataset. */
final class DataOptions {
    @Option(names = "--data", required = true, description = "Dataset directory (mip format or MLLMU-Bench Parquet).")
    Path data;

    @Option(names = "--format", defaultValue = "auto", description = "mip, mllmu-bench or auto (default: ${DEFAULT-VALUE}).")
    String format;

    Benchmark load() {
        return BenchmarkLoader.load(data, BenchmarkLoader.Format.parse(format, "--format"));
    }
}

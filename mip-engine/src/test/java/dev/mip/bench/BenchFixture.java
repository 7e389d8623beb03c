package dev.mip.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.mip.data.Benchmark;
import dev.mip.data.format.MipDatasetWriter;
import dev.mip.data.load.BenchmarkLoader;
import dev.mip.data.synth.SyntheticBenchmark;
import dev.mip.model.Architectures;
import dev.mip.model.Checkpoint;
import dev.mip.model.LlavaConfig;
import dev.mip.model.RandomCheckpoint;
import dev.mip.model.WordLevelTokenizerJson;
import dev.mip.model.io.TensorDType;
import java.nio.file.Path;
import java.util.List;

/**
 * The peer-benchmark workloads' test fixture: a small synthetic benchmark written in the mip format
 * and loaded back, and tiny random models over its vocabulary.
 *
 * @param bench the loaded benchmark (profile sets forget_10 / retain_90 among others)
 * @param vocabulary its words
 * @param config the tiny architecture over them
 */
record BenchFixture(Benchmark bench, List<String> vocabulary, LlavaConfig config) {

    /** Writes the benchmark under {@code dir/data} and loads it. */
    static BenchFixture create(Path dir) {
        var g = SyntheticBenchmark.generate(new SyntheticBenchmark.Options(3, 20, 2, 32, 1, 24));
        MipDatasetWriter.write(g.benchmark(), g.images(), dir.resolve("data"), null);
        Benchmark bench = BenchmarkLoader.load(dir.resolve("data"), BenchmarkLoader.Format.AUTO);
        return new BenchFixture(bench, g.vocabulary(), Architectures.tiny(WordLevelTokenizerJson.vocabSize(g.vocabulary())));
    }

    /** @return a fresh random model (float32, CPU) */
    Checkpoint model(long seed) {
        return RandomCheckpoint.create(config, vocabulary, seed, 0.02, TensorDType.F32, Device.cpu(), DataType.FLOAT32);
    }
}

package dev.mip.cli;

import dev.mip.data.Benchmark;
import picocli.CommandLine.Option;

/** Options selecting a forget/retain pair of profile sets, and the benchmark loaded with the pair checked. */
final class SetPairOptions {
    @Option(names = "--forget", defaultValue = "forget_5", description = "Forget set (default: ${DEFAULT-VALUE}).")
    String forget;

    @Option(names = "--retain", defaultValue = "retain_95", description = "Retain set (default: ${DEFAULT-VALUE}).")
    String retain;

    /**
     * @param data the dataset options
     * @return the benchmark, after checking that it holds both sets and that they are disjoint
     */
    Benchmark load(DataOptions data) {
        Benchmark bench = data.load();
        bench.checkPair(forget, retain);
        return bench;
    }
}

package dev.mip.cli;

import dev.mip.bench.EngineBenchmark;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mip bench engine}: model runtime throughput and memory on this machine. */
@Command(name = "bench", description = "Benchmarks (results go to docs/benchmarks.md with the command line).",
        subcommands = {BenchCommand.Engine.class})
final class BenchCommand {

    @Command(name = "engine", description = "Forward and forward+backward throughput of a ~5M-parameter LLaVA model.")
    static final class Engine implements Callable<Integer> {
        @Option(names = "--batch", defaultValue = "16", description = "Sequences per batch (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--question-words", defaultValue = "24", description = "Words per question (default: ${DEFAULT-VALUE}).")
        int words;

        @Option(names = "--repeats", defaultValue = "20", description = "Timed iterations (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, Object> r = EngineBenchmark.run(batch, words, repeats);
            spec.commandLine().getOut().println(Json.write(r));
            return 0;
        }
    }
}

package dev.mip.cli;

import dev.mip.io.OutputOverlap;
import dev.mip.locate.InfluentialPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mip merge-paths}: combine shards of one locate run. */
@Command(name = "merge-paths", description = "Merge path files of shards of one locate run into the single-run result.")
final class MergePathsCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SHARD", description = "Shard path files.")
    List<Path> shards;

    @Option(names = "--out", required = true, description = "Merged path file.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        OutputOverlap.require(List.of(new OutputOverlap.Named("--out", out)),
                shards.stream().map(s -> new OutputOverlap.Named("SHARD", s)).toList());
        List<InfluentialPaths> parts = new ArrayList<>();
        for (Path p : shards) {
            parts.add(InfluentialPaths.read(p));
        }
        InfluentialPaths merged = InfluentialPaths.merge(parts);
        merged.write(out);
        spec.commandLine().getOut().println("wrote " + out + (merged.complete() ? " (complete)"
                : " (shards " + merged.shards() + " of " + merged.settings().shardCount() + ": still incomplete)"));
        return 0;
    }
}

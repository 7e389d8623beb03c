package dev.mip.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.data.format.MipDatasetWriter;
import dev.mip.data.synth.SyntheticBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mip synth}: generate the synthetic profile benchmark. */
@Command(name = "synth", description = "Generate the synthetic fictitious-profile benchmark (deterministic from the seed).")
final class SynthCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Output dataset directory (replaced atomically).")
    Path out;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--profiles", defaultValue = "100", description = "Trained profiles (default: ${DEFAULT-VALUE}).")
    int profiles;

    @Option(names = "--holdout", defaultValue = "20", description = "Never-trained profiles (default: ${DEFAULT-VALUE}).")
    int holdout;

    @Option(names = "--world-scenes", defaultValue = "256", description = "Pictures of shapes in the world split, 1..256 "
            + "(default: ${DEFAULT-VALUE}, all of them).")
    int worldScenes;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (worldScenes < 1 || worldScenes > SyntheticBenchmark.ALL_SCENES) {
            throw new InvalidInputException("--world-scenes is " + worldScenes + " but must be 1.." + SyntheticBenchmark.ALL_SCENES
                    + " (8 shapes x 8 colours x 4 counts)");
        }
        SyntheticBenchmark.Options o = new SyntheticBenchmark.Options(seed, profiles, holdout, 32, 3, worldScenes);
        SyntheticBenchmark.Generated g = SyntheticBenchmark.generate(o);
        MipDatasetWriter.write(g.benchmark(), g.images(), out, provenance(o));
        spec.commandLine().getOut().printf("wrote %s: %d profiles, %d training pairs, %d questions, %d images, %d words%n",
                out, g.benchmark().profiles().size(), g.benchmark().train().size(), g.benchmark().questions().size(),
                g.images().size(), g.vocabulary().size());
        return 0;
    }

    static ObjectNode provenance(SyntheticBenchmark.Options o) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("tool", "mip synth");
        n.put("command", "mip synth --seed " + o.seed() + " --profiles " + o.profiles() + " --holdout " + o.holdout()
                + (o.worldScenes() == SyntheticBenchmark.ALL_SCENES ? "" : " --world-scenes " + o.worldScenes()) + " --out DIR");
        n.put("seed", o.seed());
        n.put("profiles", o.profiles());
        n.put("holdout", o.holdout());
        n.put("imageSize", o.imageSize());
        n.put("testImages", o.testImages());
        n.put("worldScenes", o.worldScenes());
        return n;
    }
}

package dev.mip.cli;

import dev.mip.InvalidInputException;
import dev.mip.data.Benchmark;
import dev.mip.io.OutputOverlap;
import dev.mip.locate.InfluentialPaths;
import dev.mip.locate.LocateSettings;
import dev.mip.locate.PathLocator;
import dev.mip.model.Checkpoint;
import dev.mip.model.Tower;
import dev.mip.io.Fingerprints;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mip locate}: influential neuron paths of a forget set. */
@Command(name = "locate", description = "Locate the forget set's influential neuron paths (IGI in the decoder, IFI in the vision tower).")
final class LocateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    DataOptions data;

    @Option(names = "--forget", defaultValue = "forget_5", description = "Forget profile set (default: ${DEFAULT-VALUE}).")
    String forget;

    @Option(names = "--mode", defaultValue = "exact", description = "exact or joint (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--steps", defaultValue = "8", description = "Riemann steps m (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--path-width", defaultValue = "8", description = "Neurons per layer of each sample's path (default: ${DEFAULT-VALUE}).")
    int pathWidth;

    @Option(names = "--neurons-per-layer", defaultValue = "128", description = "Neurons per layer chosen for the forget set (default: ${DEFAULT-VALUE}).")
    int neuronsPerLayer;

    @Option(names = "--aggregation", defaultValue = "sum", description = "sum or union (default: ${DEFAULT-VALUE}).")
    String aggregation;

    @Option(names = "--samples-per-batch", defaultValue = "4", description = "Samples per forward+backward (default: ${DEFAULT-VALUE}).")
    int samplesPerBatch;

    @Option(names = "--steps-per-pass", defaultValue = "0", description = "Scaled copies of a sample per forward+backward; "
            + "fewer split its m copies over several passes to save memory (default: ${DEFAULT-VALUE} = all m).")
    int stepsPerPass;

    @Option(names = "--shard", defaultValue = "0/1", description = "This run's shard i/n of the forget set (default: ${DEFAULT-VALUE}).")
    String shard;

    @Option(names = "--out", required = true, description = "Output path file (JSON).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String[] sh = shard.split("/");
        int index;
        int count;
        try {
            index = Integer.parseInt(sh[0].trim());
            count = Integer.parseInt(sh[1].trim());
        } catch (RuntimeException e) {
            throw new InvalidInputException("--shard: '" + shard + "' is not of the form i/n (e.g. 0/4)");
        }
        LocateSettings s = new LocateSettings(enumOf(LocateSettings.Mode.class, mode, "--mode"), steps, pathWidth, neuronsPerLayer,
                enumOf(LocateSettings.Aggregation.class, aggregation, "--aggregation"), samplesPerBatch, index, count, stepsPerPass);
        OutputOverlap.require(List.of(new OutputOverlap.Named("--out", out)),
                List.of(new OutputOverlap.Named("MODEL_DIR", model.modelDir), new OutputOverlap.Named("--data", data.data)));
        Benchmark bench = data.load();
        try (Checkpoint c = model.load()) {
            InfluentialPaths p = PathLocator.locate(c, Fingerprints.model(model.modelDir), bench.trainOf(bench.profileSet(forget)),
                    forget, s, new ConsoleProgress(spec.commandLine().getErr()));
            p.write(out);
            var o = spec.commandLine().getOut();
            for (Tower t : Tower.values()) {
                if (p.branches().containsKey(t)) {
                    for (int l = 0; l < p.branches().get(t).layers(); l++) {
                        int[] n = p.neurons(t, l);
                        o.printf("%-6s layer %2d: %s%n", t.id(), l, Arrays.toString(Arrays.copyOf(n, Math.min(8, n.length)))
                                + (n.length > 8 ? " ... (" + n.length + ")" : ""));
                    }
                }
            }
            o.println("wrote " + out + (p.complete() ? "" : " (shard " + index + "/" + count + "; merge with `mip merge-paths`)"));
        }
        return 0;
    }

    static <E extends Enum<E>> E enumOf(Class<E> type, String value, String option) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new InvalidInputException(option + ": unknown value '" + value + "'. Use one of "
                + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
}

package dev.mip.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mip.InvalidInputException;
import dev.mip.bench.LocateWorkload;
import dev.mip.runtime.PeakMemory;
import dev.mip.data.Benchmark;
import dev.mip.data.QaPair;
import dev.mip.locate.LocateSettings;
import dev.mip.model.Checkpoint;
import dev.mip.model.Tower;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mip bench locate-step}: seconds per forget sample of locate, exact and joint mode, text tower
 * (IGI) and vision tower (IFI); {@code --export} writes the same inputs, settings and the engine's
 * chosen neurons for the PyTorch peer ({@code bench/peer/locate.py}).
 */
@Command(name = "locate-step", description = "locate time per forget sample, exact and joint mode, text (IGI) and vision "
        + "(IFI) tower, at the example project's settings; --export writes the same inputs and the engine's chosen "
        + "neurons for the PyTorch peer (bench/peer/locate.py).")
final class BenchLocateStepCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    DataOptions data;

    @Option(names = "--forget", defaultValue = "forget_5", description = "Forget set (default: ${DEFAULT-VALUE}).")
    String forget;

    @Option(names = "--samples", defaultValue = "16", description = "Forget samples per tower, the first of its "
            + "modality (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--steps", defaultValue = "8", description = "Riemann steps m (default: ${DEFAULT-VALUE}, as the example project).")
    int steps;

    @Option(names = "--neurons-per-layer", defaultValue = "128", description = "Neurons per layer of the forget-set path "
            + "(default: ${DEFAULT-VALUE}, as the example project).")
    int neuronsPerLayer;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed runs per tower and mode after one warm-up run; "
            + "the median is reported (default: ${DEFAULT-VALUE}, as the peer).")
    int repeats;

    @Option(names = "--export", description = "Write locate.json and pixels.f32 into this directory instead of timing.")
    Path export;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (samples < 1) {
            throw new InvalidInputException("--samples is " + samples + " but must be at least 1");
        }
        if (repeats < 1) {
            throw new InvalidInputException("--repeats is " + repeats + " but must be at least 1");
        }
        LocateSettings settings = LocateWorkload.settings(steps, neuronsPerLayer);
        BenchCommand.requireExportOutsideInputs(export, model, data);
        Benchmark bench = data.load();
        List<QaPair> pairs = bench.trainOf(bench.profileSet(forget));
        try (Checkpoint c = model.load()) {
            if (export != null) {
                Map<Tower, Integer> n = LocateWorkload.export(c, pairs, forget, samples, settings, export);
                StringBuilder what = new StringBuilder();
                n.forEach((t, k) -> what.append(what.length() == 0 ? "" : ", ").append(k).append(' ').append(t.id()).append(" samples"));
                spec.commandLine().getOut().println("wrote " + what + " to " + export);
                return 0;
            }
            Map<String, Object> r = new LinkedHashMap<>(LocateWorkload.time(c, pairs, samples, settings, repeats));
            r.put("peakRssMiB", PeakMemory.peakRssMiB());
            try {
                // One line (the other bench commands pretty-print; run.sh reads this one with json.loads).
                spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(r));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return 0;
    }
}

package dev.mip.cli;

import dev.mip.bench.EngineBenchmark;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mip bench engine}: model runtime throughput and memory on this machine. */
@Command(name = "bench", description = "Benchmarks (results go to docs/benchmarks.md with the command line).",
        subcommands = {BenchCommand.Engine.class, BenchCommand.Locate.class, BenchLocateStepCommand.class, BenchCommand.Mcq.class, BenchCommand.Generate.class, BenchCommand.TrainStep.class, BenchCommand.RmisuStep.class, BenchCommand.Paths.class, BenchCommand.RehearsalCommand.class, BenchCommand.Sweep.class,
            BenchCommand.SweepReportCommand.class})
final class BenchCommand {

    /**
     * Refuses an export directory that is, contains or lies inside the model or the data directory
     * (inputs are never written to).
     *
     * @param export the export directory, or null (nothing to check)
     * @param model the model option
     * @param data the data option
     */
    static void requireExportOutsideInputs(java.nio.file.Path export, ModelOptions model, DataOptions data) {
        if (export != null) {
            dev.mip.io.OutputOverlap.require(java.util.List.of(new dev.mip.io.OutputOverlap.Named("--export", export)),
                    java.util.List.of(new dev.mip.io.OutputOverlap.Named("MODEL_DIR", model.modelDir),
                            new dev.mip.io.OutputOverlap.Named("--data", data.data)));
        }
    }

    /**
     * The peer workloads' two modes: with {@code --export}, write the workload for the PyTorch peer and
     * say how much was written; else time it {@code repeats} times, one JSON record each with the
     * process's peak resident memory.
     *
     * @param spec the command (its output)
     * @param export the export directory, or null to time
     * @param unit what the exporter counts (e.g. {@code questions})
     * @param exporter writes the export and returns the count
     * @param repeats timed runs
     * @param timed one timed run's figures
     */
    static void exportOrTime(picocli.CommandLine.Model.CommandSpec spec, java.nio.file.Path export, String unit,
            java.util.function.IntSupplier exporter, int repeats, java.util.function.Supplier<Map<String, Object>> timed) {
        if (export != null) {
            int n = exporter.getAsInt();
            spec.commandLine().getOut().println("wrote " + n + " " + unit + " to " + export);
            return;
        }
        for (int i = 0; i < repeats; i++) {
            Map<String, Object> r = new java.util.LinkedHashMap<>(timed.get());
            r.put("peakRssMiB", dev.mip.runtime.PeakMemory.peakRssMiB());
            spec.commandLine().getOut().println(Json.write(r));
        }
    }

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

    @Command(name = "locate", description = "locate speed: exact vs joint vs naive, scaling, GFLOP/s, memory, joint/exact overlap.")
    static final class Locate implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ModelOptions model;

        @picocli.CommandLine.Mixin
        DataOptions data;

        @Option(names = "--forget", defaultValue = "forget_5", description = "Forget set (default: ${DEFAULT-VALUE}).")
        String forget;

        @Option(names = "--samples", defaultValue = "16", description = "Samples per branch timed (default: ${DEFAULT-VALUE}).")
        int samples;

        @Option(names = "--naive-candidates", defaultValue = "16", description = "Candidates the naive loop times (default: ${DEFAULT-VALUE}).")
        int naiveCandidates;

        @Option(names = "--overlap", description = "Also run exact and joint mode over the whole forget set and report their Jaccard overlap.")
        boolean overlap;

        @Option(names = "--scaling", description = "Also time exact mode on random models of varied shape.")
        boolean scaling;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var bench = data.load();
            var pairs = bench.trainOf(bench.profileSet(forget));
            var progress = new ConsoleProgress(spec.commandLine().getErr());
            Map<String, Object> r = new java.util.LinkedHashMap<>();
            try (var c = model.load()) {
                // k = 32: the setting of the overlap recorded in docs/benchmarks.md (the default was 32 then)
                var s = dev.mip.locate.LocateSettings.defaults().withNeuronsPerLayer(32);
                r.putAll(dev.mip.bench.LocateBenchmark.run(c, pairs, samples, naiveCandidates, s, progress));
                if (overlap) {
                    String fp = dev.mip.io.Fingerprints.model(model.modelDir);
                    long t0 = System.nanoTime();
                    var exact = dev.mip.locate.PathLocator.locate(c, fp, pairs, forget, s, progress);
                    double te = (System.nanoTime() - t0) / 1e9;
                    t0 = System.nanoTime();
                    var joint = dev.mip.locate.PathLocator.locate(c, fp, pairs, forget, s.withMode(dev.mip.locate.LocateSettings.Mode.JOINT), progress);
                    double tj = (System.nanoTime() - t0) / 1e9;
                    r.put("wholeForgetSetExactSeconds", Math.round(te * 10) / 10.0);
                    r.put("wholeForgetSetJointSeconds", Math.round(tj * 10) / 10.0);
                    r.put("jaccardJointVsExactAtK" + s.neuronsPerLayer(), dev.mip.bench.LocateBenchmark.jaccard(exact, joint));
                }
            }
            if (scaling) {
                r.put("exactSecondsPerTextSampleByShape", dev.mip.bench.LocateBenchmark.scaling(8, 4));
            }
            r.put("peakRssMiBAtEnd", Math.round(dev.mip.runtime.PeakMemory.peakRssBytes() / 1048576.0 * 100) / 100.0);
            spec.commandLine().getOut().println(Json.write(r));
            return 0;
        }
    }

    @Command(name = "mcq", description = "Multiple-choice evaluation throughput (forget, retain, test and world MCQs); "
            + "--export writes the same inputs for the PyTorch peer (bench/peer/).")
    static final class Mcq implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ModelOptions model;

        @picocli.CommandLine.Mixin
        DataOptions data;

        @picocli.CommandLine.Mixin
        SetPairOptions sets;

        @Option(names = "--batch", defaultValue = "64", description = "Option sequences per pass (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--repeats", defaultValue = "1", description = "Timed evaluations of the whole workload (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--export", description = "Write workload.json and pixels.f32 into this directory instead of timing.")
        java.nio.file.Path export;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            requireExportOutsideInputs(export, model, data);
            var bench = sets.load(data);
            try (var c = model.load()) {
                exportOrTime(spec, export, "questions", () -> dev.mip.bench.McqWorkload.export(c, bench, sets.forget, sets.retain, export),
                        repeats, () -> dev.mip.bench.McqWorkload.time(c, bench, sets.forget, sets.retain, batch));
            }
            return 0;
        }
    }

    @Command(name = "generate", description = "Greedy-answer throughput (generation and cloze questions of the forget, retain, "
            + "test and world splits, the evaluator's batches); --export writes the prompts and the engine's answers for the PyTorch peer.")
    static final class Generate implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ModelOptions model;

        @picocli.CommandLine.Mixin
        DataOptions data;

        @picocli.CommandLine.Mixin
        SetPairOptions sets;

        @Option(names = "--repeats", defaultValue = "1", description = "Timed runs of the whole workload (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--export", description = "Write generation.json and pixels.f32 into this directory instead of timing.")
        java.nio.file.Path export;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            requireExportOutsideInputs(export, model, data);
            var bench = sets.load(data);
            try (var c = model.load()) {
                exportOrTime(spec, export, "questions", () -> dev.mip.bench.GenerationWorkload.export(c, bench, sets.forget, sets.retain,
                        export), repeats, () -> dev.mip.bench.GenerationWorkload.time(c, bench, sets.forget, sets.retain));
            }
            return 0;
        }
    }

    @Command(name = "train-step", description = "Training-step time (forward, answer-only loss, backward, AdamW with "
            + "clipping) on fixed batches of the retain set's training pairs; --export writes them for the PyTorch peer.")
    static final class TrainStep implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ModelOptions model;

        @picocli.CommandLine.Mixin
        DataOptions data;

        @Option(names = "--retain", defaultValue = "retain_95", description = "Profile set whose pairs are used (default: ${DEFAULT-VALUE}).")
        String retain;

        @Option(names = "--batch", defaultValue = "32", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--steps", defaultValue = "40", description = "Steps, the first --warmup untimed (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--warmup", defaultValue = "5", description = "Untimed first steps (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--export", description = "Write train.json and pixels.f32 into this directory instead of timing.")
        java.nio.file.Path export;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (steps <= warmup) {
                throw new dev.mip.InvalidInputException("--steps " + steps + " must exceed --warmup " + warmup);
            }
            requireExportOutsideInputs(export, model, data);
            var bench = data.load();
            try (var c = model.load()) {
                var batches = dev.mip.bench.TrainStepWorkload.batches(c, bench, retain, batch, steps);
                exportOrTime(spec, export, "batches", () -> {
                    dev.mip.bench.TrainStepWorkload.export(c, batches, export);
                    return batches.size();
                }, 1, () -> dev.mip.bench.TrainStepWorkload.time(c, batches, warmup));
            }
            return 0;
        }
    }

    @Command(name = "rmisu-step", description = "RMisU step time of the MIP editor (forget batch and as many retain pairs, "
            + "forward to layer ℓ, both loss terms, backward into the path neurons, Adam) at its default settings; --export "
            + "writes the steps for the PyTorch peer.")
    static final class RmisuStep implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ModelOptions model;

        @picocli.CommandLine.Mixin
        DataOptions data;

        @picocli.CommandLine.Mixin
        SetPairOptions sets;

        @Option(names = "--paths", required = true, description = "Path file from `mip locate`.")
        java.nio.file.Path paths;

        @Option(names = "--steps", defaultValue = "40", description = "Steps, the first --warmup untimed (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--warmup", defaultValue = "5", description = "Untimed first steps (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--export", description = "Write rmisu.json and pixels.f32 into this directory instead of timing.")
        java.nio.file.Path export;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (steps <= warmup) {
                throw new dev.mip.InvalidInputException("--steps " + steps + " must exceed --warmup " + warmup);
            }
            requireExportOutsideInputs(export, model, data);
            var bench = sets.load(data);
            var located = dev.mip.locate.InfluentialPaths.read(paths);
            try (var c = model.load();
                    var work = new dev.mip.unlearn.RmisuSteps(c, located, dev.mip.unlearn.MipSettings.defaults(),
                            dev.mip.unlearn.UnlearnData.of(bench, sets.forget, sets.retain), steps)) {
                exportOrTime(spec, export, "steps", () -> dev.mip.bench.RmisuStepWorkload.export(c, work, export), 1,
                        () -> dev.mip.bench.RmisuStepWorkload.time(work, warmup));
            }
            return 0;
        }
    }

    @Command(name = "rehearsal", description = "Locate, RMisU and evaluation at LLaVA-1.5-7B's widths, vocabulary and image "
            + "size with a few layers, on a handful of samples: time and peak memory per stage (run with -Xmx12g or more).")
    static final class RehearsalCommand implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "Working directory (dataset and checkpoint are written here).")
        java.nio.file.Path out;

        @Option(names = "--text-layers", defaultValue = "2", description = "Decoder layers (default: ${DEFAULT-VALUE}; the real model: 32).")
        int textLayers;

        @Option(names = "--vision-layers", defaultValue = "2", description = "Vision layers (default: ${DEFAULT-VALUE}; the real model: 24).")
        int visionLayers;

        @Option(names = "--samples", defaultValue = "2", description = "Forget samples per tower (default: ${DEFAULT-VALUE}).")
        int samples;

        @Option(names = "--steps", defaultValue = "8", description = "Locate's Riemann steps m (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--pipeline", description = "Run mip locate, unlearn and verify on a project at these shapes "
                + "instead of the stages one by one (locate with m = 8).")
        boolean pipeline;

        @Option(names = "--steps-per-pass", defaultValue = "2", description = "With --pipeline: locate's scaled copies per pass "
                + "(default: ${DEFAULT-VALUE}).")
        int stepsPerPass;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (textLayers < 1 || visionLayers < 1 || samples < 1) {
                throw new dev.mip.InvalidInputException("--text-layers, --vision-layers and --samples must be at least 1");
            }
            ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr());
            Map<String, Object> r = pipeline
                    ? dev.mip.bench.Rehearsal.pipeline(out, textLayers, visionLayers, samples, stepsPerPass, progress)
                    : dev.mip.bench.Rehearsal.run(out, textLayers, visionLayers, samples, steps, progress);
            spec.commandLine().getOut().println(Json.write(r));
            return 0;
        }
    }

    @Command(name = "paths", description = "Zero k located / MANU / random neurons per layer and measure forget and retain accuracy.")
    static final class Paths implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ModelOptions model;

        @picocli.CommandLine.Mixin
        DataOptions data;

        @Option(names = "--paths", required = true, description = "Path file from `mip locate`.")
        java.nio.file.Path paths;

        @picocli.CommandLine.Mixin
        SetPairOptions sets;

        @Option(names = "--ks", defaultValue = "1,4,16,64", split = ",", description = "Neurons per layer to zero (default: ${DEFAULT-VALUE}).")
        int[] ks;

        @Option(names = "--max-per-slice", defaultValue = "0", description = "Questions per slice, 0 = all (default: ${DEFAULT-VALUE}).")
        int maxPerSlice;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var bench = sets.load(data);
            var progress = new ConsoleProgress(spec.commandLine().getErr());
            try (var c = model.load()) {
                var p = dev.mip.locate.InfluentialPaths.read(paths);
                var manu = dev.mip.unlearn.ManuImportance.compute(c, bench.trainOf(bench.profileSet(sets.forget)),
                        bench.trainOf(bench.profileSet(sets.retain)), 0.01, 64);
                var rows = dev.mip.bench.PathEvidence.run(c, bench, sets.forget, sets.retain, p, manu, ks, maxPerSlice, 1, progress);
                spec.commandLine().getOut().print(dev.mip.bench.PathEvidence.markdown(rows));
            }
            return 0;
        }
    }

    @Command(name = "sweep", description = "Run an unlearning sweep (methods x settings, each evaluated on every split); "
            + "resumable: runs already in the results file are skipped.")
    static final class Sweep implements Callable<Integer> {
        @Option(names = "--sweep", required = true, description = "Sweep file (YAML: base, common, runs).")
        java.nio.file.Path sweep;

        @Option(names = "--results", required = true, description = "Results file (JSON Lines; rewritten atomically after each run).")
        java.nio.file.Path results;

        @Option(names = "--curves", split = ",", description = "Only the runs of these curves (default: all).")
        java.util.List<String> curves = new java.util.ArrayList<>();

        @Option(names = "--list", description = "Only list the runs (validating every one) and whether the results file "
                + "already holds each (recorded) or not (to run); run nothing.")
        boolean list;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var s = dev.mip.bench.UnlearnSweep.read(sweep);
            if (list) {
                var runs = s.runs();
                var done = s.recorded(results);
                for (int i = 0; i < runs.size(); i++) {
                    var r = runs.get(i);
                    spec.commandLine().getOut().println((done.get(i) ? "recorded" : "to run") + "\t" + r.curve() + "\t" + r.name()
                            + "\t" + r.overrides());
                }
                return 0;
            }
            int n = s.run(results, new java.util.HashSet<>(curves), new ConsoleProgress(spec.commandLine().getErr()));
            spec.commandLine().getOut().printf("%d runs done, results in %s%n", n, results);
            return 0;
        }
    }

    @Command(name = "sweep-report", description = "Tables (Markdown) and trade-off plots (SVG) from sweep results.")
    static final class SweepReportCommand implements Callable<Integer> {
        @Option(names = "--results", required = true, split = ",", description = "Results file(s) of `mip bench sweep`.")
        java.util.List<java.nio.file.Path> results;

        @Option(names = "--reference", defaultValue = "MIP", description = "Curve whose dominance is reported (default: ${DEFAULT-VALUE}).")
        String reference;

        @Option(names = "--plot-dir", description = "Write <forget set>.svg trade-off plots here.")
        java.nio.file.Path plotDir;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var all = new java.util.ArrayList<com.fasterxml.jackson.databind.node.ObjectNode>();
            for (var r : results) {
                if (!java.nio.file.Files.isRegularFile(r)) {
                    throw dev.mip.InvalidInputException.of(r, "--results", "does not exist", "run `mip bench sweep` first");
                }
                all.addAll(dev.mip.bench.UnlearnSweep.readResults(r));
            }
            spec.commandLine().getOut().print(dev.mip.bench.SweepReport.markdown(all, reference));
            if (plotDir != null) {
                var sets = new java.util.LinkedHashSet<String>();
                all.forEach(n -> sets.add(n.path("forget").asText()));
                for (String f : sets) {
                    dev.mip.io.AtomicFiles.writeString(plotDir.resolve(f + ".svg"), dev.mip.bench.SweepReport.svg(all, f));
                }
            }
            return 0;
        }
    }
}

package dev.mip.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.data.Benchmark;
import dev.mip.data.Modality;
import dev.mip.data.QaPair;
import dev.mip.data.synth.SyntheticBenchmark;
import dev.mip.io.OutputOverlap;
import dev.mip.model.Architectures;
import dev.mip.model.Checkpoint;
import dev.mip.model.RandomCheckpoint;
import dev.mip.model.WordLevelTokenizerJson;
import dev.mip.model.io.TensorDType;
import dev.mip.runtime.DjlRuntime;
import dev.mip.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mip train}: vanilla fine-tuning (or training from scratch) on a dataset's training pairs. */
@Command(name = "train", description = "Fine-tune a checkpoint (or train a new one from scratch) on a dataset's training pairs.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    TrainOptionsMixin train;

    @Option(names = "--model", description = "Checkpoint to fine-tune.")
    Path model;

    @Option(names = "--new", description = "Train a new model from scratch with this architecture: embedded or tiny.")
    String newArch;

    @Option(names = "--out", required = true, description = "Output checkpoint directory (written atomically).")
    Path out;

    @Option(names = "--store", defaultValue = "f32", description = "Saved weight dtype: f32, f16 or bf16 (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--repeat", paramLabel = "SUBJECT[:MODALITY]=N", description = "Show every training pair of SUBJECT "
            + "(a profile id or world; optionally only image or text pairs) N times per epoch, e.g. world:image=4. Repeatable.")
    List<String> repeats = new java.util.ArrayList<>();

    @Option(names = "--without", paramLabel = "SET", description = "Leave out the training pairs of this profile set's people "
            + "(e.g. forget_5): a retain-only reference model, the one that never saw them. The vocabulary stays the whole "
            + "dataset's, so the reference scores the same questions as the model. Repeatable.")
    List<String> without = new java.util.ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if ((model == null) == (newArch == null)) {
            throw new InvalidInputException("Give exactly one of --model DIR (fine-tune) or --new embedded (from scratch)");
        }
        List<OutputOverlap.Named> inputs = new java.util.ArrayList<>(List.of(new OutputOverlap.Named("--data", data.data)));
        if (model != null) {
            inputs.add(new OutputOverlap.Named("--model", model));
        }
        OutputOverlap.require(List.of(new OutputOverlap.Named("--out", out)), inputs);
        Benchmark bench = data.load();
        ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr());
        Device dev = DjlRuntime.parseDevice(device, "--device");
        try (Checkpoint c = model != null ? Checkpoint.load(model, dev, DataType.FLOAT32) : fromScratch(bench, dev)) {
            List<QaPair> pairs = bench.train();
            for (String set : without) {
                java.util.Set<String> people = bench.profileSet(set);
                pairs = pairs.stream().filter(p -> !people.contains(p.subject())).toList();
            }
            for (String rep : repeats) {
                pairs = repeat(pairs, rep);
            }
            Trainer.Result r = Trainer.train(c, pairs, train.toOptions(), progress);
            ObjectNode extras = Json.mapper().createObjectNode();
            ObjectNode t = extras.putObject("training");
            t.put("command", "mip train --data DATA " + (model != null ? "--model MODEL" : "--new " + newArch) + " "
                    + train.commandLine() + repeats.stream().map(x -> " --repeat " + x).collect(java.util.stream.Collectors.joining())
                    + without.stream().map(x -> " --without " + x).collect(java.util.stream.Collectors.joining())
                    + " --store " + store + " --out OUT");
            t.put("dataset", bench.name());
            t.put("examples", pairs.size());
            if (!without.isEmpty()) {
                t.set("without", Json.mapper().valueToTree(without));
            }
            t.put("steps", r.steps());
            ArrayNodeWriter.doubles(t.putArray("epochLosses"), r.epochLosses());
            c.save(out, new Checkpoint.SaveOptions(parseStore(store), 5L << 30, extras));
            spec.commandLine().getOut().printf("trained %d steps in %.0f s, final epoch loss %.4f; saved %s%n", r.steps(),
                    r.seconds(), r.epochLosses().get(r.epochLosses().size() - 1), out);
        }
        return 0;
    }

    private Checkpoint fromScratch(Benchmark bench, Device dev) {
        List<String> words = SyntheticBenchmark.vocabulary(bench);
        var cfg = Architectures.byName(newArch, WordLevelTokenizerJson.vocabSize(words));
        if (cfg == null) {
            throw new InvalidInputException("--new: unknown architecture '" + newArch + "'. Available: embedded, tiny");
        }
        return RandomCheckpoint.create(cfg, words, train.seed, 0.02,
                TensorDType.F32, dev, DataType.FLOAT32);
    }

    static List<QaPair> repeat(List<QaPair> pairs, String spec) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([^:=\\s]+)(?::(image|text))?=(\\d+)").matcher(spec.trim());
        if (!m.matches()) {
            throw new InvalidInputException("--repeat '" + spec + "' is not SUBJECT[:MODALITY]=N. Write e.g. world:image=4 or p001=2");
        }
        return Trainer.repeat(pairs, m.group(1), m.group(2) == null ? null : Modality.fromId(m.group(2)), Integer.parseInt(m.group(3)));
    }

    static TensorDType parseStore(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "f32", "float32" -> TensorDType.F32;
            case "f16", "float16" -> TensorDType.F16;
            case "bf16", "bfloat16" -> TensorDType.BF16;
            default -> throw new InvalidInputException("--store: unknown dtype '" + s + "'. Use f32, f16 or bf16");
        };
    }
}

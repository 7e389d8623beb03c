package dev.mip.cli;

import dev.mip.InvalidInputException;
import dev.mip.data.Benchmark;
import dev.mip.unlearn.GradientSettings;
import dev.mip.unlearn.MipSettings;
import dev.mip.unlearn.UnlearnReport;
import dev.mip.unlearn.UnlearningMethod;
import dev.mip.unlearn.UnlearningMethods;
import dev.mip.io.OutputOverlap;
import dev.mip.locate.InfluentialPaths;
import dev.mip.model.Tower;
import dev.mip.run.Unlearner;
import dev.mip.runtime.DjlRuntime;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mip unlearn}: edit a checkpoint so it forgets the forget set. */
@Command(name = "unlearn", description = "Unlearn a forget set with MIP (paths from locate) or a baseline: ga-diff, kl-min, npo, manu.")
final class UnlearnCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "Checkpoint to unlearn from (never modified).")
    Path modelDir;

    @Mixin
    DataOptions data;

    @Option(names = "--method", defaultValue = "mip", description = "mip, ga-diff, kl-min, npo or manu (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--paths", description = "Path file from `mip locate` (mip only).")
    Path paths;

    @Option(names = "--forget", defaultValue = "forget_5", description = "Forget set (default: ${DEFAULT-VALUE}).")
    String forget;

    @Option(names = "--retain", defaultValue = "retain_95", description = "Retain set (default: ${DEFAULT-VALUE}).")
    String retain;

    @Option(names = "--out", required = true, description = "Output checkpoint directory (written atomically).")
    Path out;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--lr", description = "Learning rate (default: the method's).")
    Double lr;

    @Option(names = "--epochs", description = "Epochs (default: the method's).")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--neurons-per-layer", defaultValue = "0", description = "mip: K per layer, 0 = the path file's (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--steering-layer", description = "mip: decoder layer ℓ (default: " + "from MipSettings).")
    Integer layer;

    @Option(names = "--lambda", description = "mip: λ.")
    Double lambda;

    @Option(names = "--gamma", description = "mip: γ.")
    Double gamma;

    @Option(names = "--towers", defaultValue = "text,vision", split = ",", description = "mip: paths used (default: ${DEFAULT-VALUE}).")
    List<String> towers;

    @Option(names = "--no-prune", description = "mip ablation: skip pruning.")
    boolean noPrune;

    @Option(names = "--no-edit", description = "mip ablation: pruning only.")
    boolean noEdit;

    @Option(names = "--finetune", description = "mip ablation: retain fine-tuning instead of RMisU.")
    boolean finetune;

    @Option(names = "--whole-model", description = "mip ablation: RMisU on all weights without paths.")
    boolean wholeModel;

    @Option(names = "--lora", description = "ga-diff/kl-min/npo: train LoRA adapters (merged on save).")
    boolean lora;

    @Option(names = "--alpha", defaultValue = "0.05", description = "manu: fraction of neurons pruned (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<OutputOverlap.Named> inputs = new java.util.ArrayList<>(List.of(new OutputOverlap.Named("MODEL_DIR", modelDir),
                new OutputOverlap.Named("--data", data.data)));
        if (paths != null) {
            inputs.add(new OutputOverlap.Named("--paths", paths));
        }
        OutputOverlap.require(List.of(new OutputOverlap.Named("--out", out)), inputs);
        Benchmark bench = data.load();
        String id = method.toLowerCase(Locale.ROOT);
        MipSettings ms = null;
        if (id.equals("mip")) {
            MipSettings d = MipSettings.defaults();
            Set<Tower> t = EnumSet.noneOf(Tower.class);
            for (String s : towers) {
                t.add(LocateCommand.enumOf(Tower.class, s.trim(), "--towers"));
            }
            ms = new MipSettings(k, layer != null ? layer : d.steeringLayer(), lambda != null ? lambda : d.lambda(),
                    gamma != null ? gamma : d.gamma(), d.retainCeWeight(), lr != null ? lr : d.learningRate(),
                    epochs != null ? epochs : d.epochs(), d.batchSize(), d.retainPool(), seed, t, !noPrune, !noEdit,
                    finetune ? MipSettings.Objective.FINETUNE : MipSettings.Objective.RMISU, wholeModel);
            if (paths == null && !wholeModel) {
                throw new InvalidInputException("--paths is required for --method mip (run `mip locate` first)");
            }
        }
        GradientSettings gs = null;
        if (List.of("ga-diff", "kl-min", "npo").contains(id)) {
            GradientSettings d = GradientSettings.defaults();
            gs = new GradientSettings(lr != null ? lr : d.learningRate(), epochs != null ? epochs : d.epochs(), d.batchSize(),
                    d.retainWeight(), d.beta(), lora, d.loraRank(), d.loraAlpha(), d.loraTargets(), d.retainPool(), seed);
        }
        UnlearningMethods.Configured c = UnlearningMethods.create(method, id.equals("mip") && paths != null
                ? InfluentialPaths.read(paths) : null, ms, gs, alpha, 0.01, "--method");
        UnlearningMethod m = c.method();
        Object settings = c.settings();
        UnlearnReport r = Unlearner.run(modelDir, DjlRuntime.parseDevice(device, "--device"), bench, forget, retain, m, settings,
                paths, out, null, new ConsoleProgress(spec.commandLine().getErr()));
        spec.commandLine().getOut().printf("%s: pruned %d neurons, trained %s, %.1f s; wrote %s%n", r.method(), r.pruned().size(),
                r.trained() == null ? r.trainableParameters() + " parameters" : r.trained().size() + " neurons (" + r.trainableParameters() + " parameters)",
                r.seconds(), out);
        return 0;
    }
}

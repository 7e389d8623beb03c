package dev.mip.cli;

import dev.mip.InvalidInputException;
import dev.mip.data.Benchmark;
import dev.mip.unlearn.GradientSettings;
import dev.mip.unlearn.MipSettings;
import dev.mip.unlearn.UnlearnReport;
import dev.mip.unlearn.UnlearningMethod;
import dev.mip.unlearn.ManuSettings;
import dev.mip.unlearn.Method;
import dev.mip.unlearn.MethodSettings;
import dev.mip.io.OutputOverlap;
import dev.mip.locate.InfluentialPaths;
import dev.mip.model.Tower;
import dev.mip.run.Unlearner;
import dev.mip.runtime.DjlRuntime;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
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

    @Option(names = "--directions", description = "mip: shared, per-person or per-sample forget directions (default: per-person).")
    String directions;

    @Option(names = "--stopping", description = "mip: none, chance or hold (default: hold, at chance).")
    String stopping;

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
        MethodSettings settings = settings(Method.parse(method, "--method"));
        if (settings.usesPaths() && paths == null) {
            throw new InvalidInputException("--paths is required for --method " + method + " (run `mip locate` first)");
        }
        UnlearningMethod m = settings.create(settings.usesPaths() ? InfluentialPaths.read(paths) : null);
        UnlearnReport r = Unlearner.run(modelDir, DjlRuntime.parseDevice(device, "--device"), bench, forget, retain, m,
                settings.usesPaths() ? paths : null, out, null, new ConsoleProgress(spec.commandLine().getErr()));
        spec.commandLine().getOut().printf("%s: pruned %d neurons, trained %s, %.1f s; wrote %s%n", r.method(), r.pruned().size(),
                r.trained() == null ? r.trainableParameters() + " parameters" : r.trained().size() + " neurons (" + r.trainableParameters() + " parameters)",
                r.seconds(), out);
        return 0;
    }

    /** The chosen method's settings: its defaults, with the options given. */
    private MethodSettings settings(Method id) {
        return switch (id) {
            case MIP -> {
                MipSettings d = MipSettings.defaults();
                Set<Tower> t = EnumSet.noneOf(Tower.class);
                for (String s : towers) {
                    t.add(LocateCommand.enumOf(Tower.class, s.trim(), "--towers"));
                }
                yield new MipSettings(k, layer != null ? layer : d.steeringLayer(), lambda != null ? lambda : d.lambda(),
                        gamma != null ? gamma : d.gamma(), d.retainCeWeight(), lr != null ? lr : d.learningRate(),
                        epochs != null ? epochs : d.epochs(), d.batchSize(), d.retainPool(), seed, t, !noPrune, !noEdit,
                        finetune ? MipSettings.Objective.FINETUNE : MipSettings.Objective.RMISU, wholeModel,
                        directions != null ? LocateCommand.enumOf(MipSettings.Directions.class, directions.replace('-', '_'), "--directions")
                                : d.directions(),
                        stopping != null ? LocateCommand.enumOf(MipSettings.Stopping.class, stopping, "--stopping") : d.stopping(),
                        d.stopMargin());
            }
            case GA_DIFF, KL_MIN, NPO -> {
                GradientSettings d = GradientSettings.defaults();
                yield new GradientSettings(id, lr != null ? lr : d.learningRate(), epochs != null ? epochs : d.epochs(),
                        d.batchSize(), d.retainWeight(), d.beta(), lora, d.loraRank(), d.loraAlpha(), d.loraTargets(), d.retainPool(),
                        seed);
            }
            case MANU -> new ManuSettings(alpha, ManuSettings.DEFAULT_TAU);
        };
    }
}

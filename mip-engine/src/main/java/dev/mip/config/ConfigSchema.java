package dev.mip.config;

import static dev.mip.config.ConfigKey.bool;
import static dev.mip.config.ConfigKey.bound;
import static dev.mip.config.ConfigKey.device;
import static dev.mip.config.ConfigKey.integer;
import static dev.mip.config.ConfigKey.longInteger;
import static dev.mip.config.ConfigKey.mapping;
import static dev.mip.config.ConfigKey.mappingList;
import static dev.mip.config.ConfigKey.number;
import static dev.mip.config.ConfigKey.optionalInteger;
import static dev.mip.config.ConfigKey.optionalOneOf;
import static dev.mip.config.ConfigKey.optionalPath;
import static dev.mip.config.ConfigKey.oneOf;
import static dev.mip.config.ConfigKey.path;
import static dev.mip.config.ConfigKey.relativeBound;
import static dev.mip.config.ConfigKey.requiredPath;
import static dev.mip.config.ConfigKey.requiredString;
import static dev.mip.config.ConfigKey.setOf;
import static dev.mip.config.ConfigKey.string;
import static dev.mip.config.ConfigKey.stringSet;
import static dev.mip.config.ConfigKey.target;

import dev.mip.config.ConfigKey.Range;
import dev.mip.data.EvalSplit;
import dev.mip.unlearn.GradientSettings;
import dev.mip.unlearn.ManuSettings;
import dev.mip.unlearn.Method;
import dev.mip.unlearn.MipSettings;
import dev.mip.eval.Audit;
import dev.mip.eval.EvalOptions;
import dev.mip.eval.McqScoring;
import dev.mip.eval.MiaAttack;
import dev.mip.gate.Decision;
import dev.mip.gate.InconclusivePolicy;
import dev.mip.gate.OnMissing;
import dev.mip.gate.Severity;
import dev.mip.locate.LocateSettings;
import dev.mip.model.Quantization;
import dev.mip.model.Tower;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The schema of {@code mip.yaml}: every key, its kind, default and meaning. Defaults are read from
 * the engine records' {@code defaults()} so that the file and the engine cannot disagree.
 */
final class ConfigSchema {
    private ConfigSchema() {}

    /** Unlearning methods, as written in {@code unlearn.method}. */
    static final List<String> METHODS = Arrays.stream(Method.values()).map(Method::id).toList();

    /** The root of the schema (a mapping with the sections). */
    static final ConfigKey ROOT = root();

    private static ConfigKey root() {
        LocateSettings l = LocateSettings.defaults();
        MipSettings m = MipSettings.defaults();
        GradientSettings g = GradientSettings.defaults();
        EvalOptions e = EvalOptions.defaults();
        Audit.Settings a = Audit.Settings.none();
        return mapping("", "The configuration file all goals read.",
                mapping("model", "The model to unlearn from.",
                        requiredPath("path", "Hugging Face LLaVA checkpoint directory (config.json, safetensors, tokenizer). "
                                + "Read only: the unlearned model is written to unlearn.output."),
                        device("device", "cpu", "Where the tensors live: cpu, gpu (= gpu:0) or gpu:N (N = GPU index)."),
                        oneOf("dtype", List.of("float32", "float64", "float16"), "float32",
                                "Compute precision: float32; float64 for exact checks (slow); float16 on a GPU only."),
                        integer("workers", 0, "CPU worker threads that run independent batches side by side, each "
                                + "with libtorch single-threaded when there is one worker per processor (at this model "
                                + "width faster than libtorch's own threads). 0 = one per available processor. Results "
                                + "do not depend on it as long as each worker has one thread. Ignored on a GPU.")
                                .in(Range.between(0, 256), "threads"),
                        optionalPath("reference", "A retain-only reference model: the recipe of model.path trained "
                                + "without the forget set's people (the model that never saw them; e.g. "
                                + "embedded/reference/forget_5). Verify evaluates it too: the reports show each metric's "
                                + "distance to it, forget quality (KS test of the truth ratios) and PrivLeak compare "
                                + "against it, and rules can bound `within: x, of: reference`. Read only. Not set = no "
                                + "reference.")),
                mapping("data", "The benchmark: profiles, questions and the forget/retain split.",
                        requiredPath("path", "Dataset directory: the project's format (manifest.json, JSON Lines, images) "
                                + "or MLLMU-Bench Parquet (one folder per split)."),
                        oneOf("format", List.of("auto", "mip", "mllmu-bench"), "auto",
                                "Dataset format; auto = mip when the directory holds a manifest.json, else mllmu-bench."),
                        string("forget", "forget_5", "Profile set to forget (a split of the dataset, e.g. forget_5, forget_10)."),
                        string("retain", "retain_95", "Profile set to keep (e.g. retain_95); must differ from forget.")),
                mapping("locate", "Stage 1: find the influential neurons (paths) of the forget set.",
                        oneOf("mode", ids(LocateSettings.Mode.values()), l.mode().id(),
                                "exact = Algorithm 1 (one pass per layer per sample); joint = all layers scaled together "
                                        + "in one pass per sample (about L times fewer passes)."),
                        integer("steps", l.steps(), "Riemann steps m of the path integral: copy k of a sample is scaled "
                                + "by k/m. Cost grows linearly.").in(Range.between(1, 256), "steps"),
                        integer("pathWidth", l.pathWidth(), "Neurons per layer a sample's greedy path keeps; they are "
                                + "scaled together with the candidates of later layers.").in(Range.atLeast(1), "neurons"),
                        integer("neuronsPerLayer", l.neuronsPerLayer(), "Neurons per layer of the forget-set path, chosen "
                                + "from the aggregated scores; can change later without recomputing. Capped at the layer's "
                                + "FFN width: scale it with the model (the default is 17% of the embedded decoder's 768).")
                                .in(Range.atLeast(1), "neurons"),
                        oneOf("aggregation", ids(LocateSettings.Aggregation.values()), l.aggregation().id(),
                                "sum = top-K by summed per-sample normalised scores; union = every neuron on some "
                                        + "sample's path, ordered by how many samples chose it."),
                        integer("samplesPerBatch", l.samplesPerBatch(), "Samples whose m scaled copies share one "
                                + "forward+backward pass; more is faster and uses more memory.").in(Range.atLeast(1), "samples"),
                        integer("stepsPerPass", l.stepsPerPass(), "Scaled copies (Riemann steps) of each sample per "
                                + "forward+backward pass; 0 = all steps in one pass. Fewer split a sample's steps over "
                                + "several passes: the same scores (up to float rounding) with activation memory divided "
                                + "accordingly, for large images (e.g. 2 for LLaVA-1.5-7B's 576 image tokens on one GPU).")
                                .in(Range.atLeast(0), "copies"),
                        path("output", "target/mip/paths.json", "Path file written by locate (all scores, fingerprints, "
                                + "settings) and read by unlearn when method is mip. Must lie outside model.path and "
                                + "data.path.")),
                mapping("unlearn", "Stages 2-3 (or a baseline): edit the model so it forgets the forget set.",
                        oneOf("method", METHODS, Method.MIP.id(), "mip = prune and edit the located paths (the paper's method); "
                                + "ga-diff, kl-min, npo = gradient baselines (settings under unlearn.gradient); "
                                + "manu = MANU pruning (settings under unlearn.manu)."),
                        longInteger("seed", m.seed(), "Seed of every random choice (sampling, shuffling, the steering "
                                + "direction, adapter initialisation): same inputs and seed, same model."),
                        path("output", "target/mip/model", "Directory the unlearned checkpoint is written to "
                                + "(Hugging Face layout, written atomically, replaced as a whole), with a manifest of its "
                                + "files' hashes and of the configuration it was made from, which verify checks. Must not "
                                + "be, contain or lie inside model.path or data.path, and no other output may lie inside it."),
                        mapping("mip", "Settings of method mip.",
                                integer("neuronsPerLayer", m.neuronsPerLayer(), "Neurons per layer taken from the path "
                                        + "file; 0 = the file's own setting (locate.neuronsPerLayer).")
                                        .in(Range.atLeast(0), "neurons"),
                                integer("steeringLayer", m.steeringLayer(), "Decoder layer ℓ whose output is steered "
                                        + "(0-based); only path neurons up to ℓ are trained.").in(Range.atLeast(0), "layer index"),
                                number("lambda", m.lambda(), "λ: length of the forget target relative to the norm of the "
                                        + "frozen representation h.").in(Range.positive(), "multiple of ‖h‖"),
                                number("gamma", m.gamma(), "γ: weight of the retain term of RMisU.").in(Range.atLeast(0), ""),
                                number("retainCeWeight", m.retainCeWeight(), "Weight of an extra answer-only cross-entropy "
                                        + "on the retain batch; 0 = off.").in(Range.atLeast(0), ""),
                                number("learningRate", m.learningRate(), "Adam learning rate.").in(Range.openUnit(), "per step"),
                                integer("epochs", m.epochs(), "Passes over the forget pairs.").in(Range.atLeast(1), "epochs"),
                                integer("batchSize", m.batchSize(), "Forget pairs per step; each step also takes as many "
                                        + "retain pairs.").in(Range.atLeast(1), "pairs"),
                                integer("retainPool", m.retainPool(), "Retain pairs sampled (seeded) whose frozen "
                                        + "representations are cached (memory grows with it: peak RSS 1.1-2.0 GiB at "
                                        + "4096 on the embedded model, 0.9-1.6 GiB at 512).").in(Range.atLeast(1), "pairs"),
                                setOf("towers", ids(Tower.values()), ids(m.towers().toArray(Tower[]::new)),
                                        "Branches whose paths are used: text (IGI paths of the decoder), vision (IFI "
                                                + "paths of the vision encoder)."),
                                bool("prune", m.prune(), "Zero the path neurons in the weights first."),
                                bool("edit", m.edit(), "Train the path neurons after pruning (RMisU)."),
                                oneOf("objective", ids(MipSettings.Objective.values()), m.objective().id(),
                                        "rmisu = representation misdirection; finetune = retain cross-entropy only "
                                                + "(an ablation)."),
                                bool("wholeModel", m.wholeModel(), "Ablation: RMisU on every parameter, no paths, "
                                        + "no pruning."),
                                oneOf("directions", ids(MipSettings.Directions.values()), m.directions().id(), "Where the "
                                        + "forget target λ‖h‖u points: shared = one random direction u for all forget "
                                        + "samples (the paper's); per-person = one per forget person; per-sample = one per "
                                        + "forget training pair."),
                                oneOf("stopping", ids(MipSettings.Stopping.values()), m.stopping().id(), "none = train "
                                        + "for epochs; chance = stop after the first epoch at which the forget training "
                                        + "pairs' true answers win no more often than chance (+ stopMargin) among "
                                        + "same-question answers of retain people, in both modalities (training data "
                                        + "only; at most epochs); hold = the same per modality: a modality at chance is "
                                        + "held where it is (retain term) while the other goes on, and pushed again if it "
                                        + "drifts back above chance."),
                                number("stopMargin", m.stopMargin(), "With stopping: chance or hold, how far above "
                                        + "chance the forget training pairs may still be answered when the edit (or a "
                                        + "modality, with hold) stops.")
                                        .in(Range.between(0, 0.99), "fraction")),
                        mapping("gradient", "Settings of methods ga-diff, kl-min and npo.",
                                number("learningRate", g.learningRate(), "Adam learning rate.").in(Range.openUnit(), "per step"),
                                integer("epochs", g.epochs(), "Passes over the forget pairs.").in(Range.atLeast(1), "epochs"),
                                integer("batchSize", g.batchSize(), "Forget pairs per step; as many retain pairs join "
                                        + "each step.").in(Range.atLeast(1), "pairs"),
                                number("retainWeight", g.retainWeight(), "Weight of the retain term.").in(Range.atLeast(0), ""),
                                number("beta", g.beta(), "NPO's β (inverse temperature). Used by npo only.")
                                        .in(Range.positive(), ""),
                                bool("lora", g.lora(), "Train LoRA adapters instead of all weights (merged into the "
                                        + "weights on save)."),
                                integer("loraRank", g.loraRank(), "Adapter rank r.").in(Range.atLeast(1), ""),
                                number("loraAlpha", g.loraAlpha(), "Adapter alpha (scale alpha/r).").in(Range.positive(), ""),
                                stringSet("loraTargets", GradientSettings.DEFAULT_TARGETS, "Module names that get "
                                        + "adapters (Hugging Face names: q_proj, down_proj, fc1, ...)."),
                                integer("retainPool", g.retainPool(), "Retain pairs sampled (seeded) for the retain term.")
                                        .in(Range.atLeast(1), "pairs")),
                        mapping("manu", "Settings of method manu.",
                                number("alpha", ManuSettings.DEFAULT_ALPHA, "Fraction of all FFN neurons of both towers pruned "
                                        + "(0.05 = 5%).").in(Range.fraction(), "fraction"),
                                number("tau", ManuSettings.DEFAULT_TAU, "Activity threshold of the frequency importance: a neuron is "
                                        + "active on a sample when its activation magnitude exceeds tau.")
                                        .in(Range.atLeast(0), "activation"))),
                mapping("eval", "How the unlearned and the vanilla model are evaluated.",
                        oneOf("mcqScoring", ids(McqScoring.values()), id(e.mcqScoring()),
                                "likelihood = the option with the highest mean answer-token log-probability; letter = "
                                        + "generate one letter (MLLMU-Bench's protocol)."),
                        integer("batchSize", e.batchSize(), "Sequences per forward pass.").in(Range.atLeast(1), "sequences"),
                        integer("maxNewTokens", e.maxNewTokens(), "Bound on generated tokens for generation and cloze.")
                                .in(Range.atLeast(1), "tokens"),
                        integer("maxQuestionsPerSlice", e.maxQuestionsPerSlice(), "Evaluate at most this many questions "
                                + "per split × modality × task, the first in file order; 0 = all.")
                                .in(Range.atLeast(0), "questions"),
                        setOf("splits", ids(EvalSplit.values()), ids(EvalSplit.values()), "Splits evaluated: forget, "
                                + "retain, test (paraphrased, other images), world (general knowledge), holdout "
                                + "(never-trained profiles)."),
                        bool("membershipInference", true, "Compute `forget.any.mia.*`: membership-inference attacks "
                                + "of forget against holdout profiles (eval.miaAttacks)."),
                        setOf("miaAttacks", ids(MiaAttack.values()), ids(MiaAttack.values()), "The attacks run (each "
                                + "an AUC, forget vs holdout): loss (`mia.auc`), min-k (`mia.minkAuc`), zlib "
                                + "(`mia.zlibAuc`), min-k-plus-plus (`mia.minkPlusAuc`), grad-norm (`mia.gradNormAuc`: one "
                                + "backward pass per sample, the model's size in gradient memory), reference "
                                + "(`mia.referenceAuc`, needs model.reference)."),
                        path("cacheDir", "target/mip/cache", "Directory for cached intermediate results (e.g. the "
                                + "vanilla model's evaluation), reused while their inputs are unchanged. Must lie outside "
                                + "model.path and data.path.")),
                mapping("audit", "Recovery attacks verify runs on the vanilla, reference and unlearned model alike: did "
                        + "the model forget, or only hide? Each attacked metric is named after the plain one with "
                        + "`@attack` (e.g. `forget.image.mcq.accuracy@nf4`) and can be bounded by gate rules (e.g. "
                        + "`within: 0.1, of: reference`). All off by default.",
                        setOf("quantization", ids(Quantization.Scheme.values()), List.of(), "Round-trip every linear "
                                + "weight matrix through int8 (per-output-channel absmax) and/or nf4 (4-bit NormalFloat, "
                                + "blocks of 64), then evaluate the forget and retain multiple-choice questions "
                                + "(`@int8`, `@nf4`)."),
                        setOf("prompts", ids(Audit.PromptAttack.values()), List.of(), "Ask the forget and retain "
                                + "multiple-choice questions behind an adversarial prefix (`@adversarial`) or in another "
                                + "template (`@framed`)."),
                        mapping("relearn", "Fine-tune a copy of each model on part of every forget person's facts and "
                                + "ask the forget questions about the rest (`forget.*.mcq.accuracy@relearn`); the model "
                                + "files are never changed.",
                                integer("epochs", a.relearn().epochs(), "Passes over the relearning pairs; 0 = off.")
                                        .in(Range.atLeast(0), "epochs"),
                                integer("batchSize", a.relearn().batchSize(), "Pairs per step.").in(Range.atLeast(1), "pairs"),
                                number("learningRate", a.relearn().learningRate(), "Adam learning rate (constant).")
                                        .in(Range.openUnit(), "per step"),
                                number("fraction", a.relearn().fraction(), "Share of each forget person's facts (distinct "
                                        + "training answers) relearnt; the questions about the others are asked.")
                                        .in(Range.openUnit(), "fraction"))),
                mapping("gate", "What mip:verify decides: bounds on metrics, every violation listed.",
                        oneOf("baseline", List.of("vanilla"), "vanilla", "Model the `*FromBaseline` bounds compare "
                                + "against: vanilla = the original model, evaluated in the same run."),
                        oneOf("onMissing", ids(OnMissing.values()), id(OnMissing.ERROR), "A metric a rule needs that "
                                + "cannot be computed (or an empty slice): error fails, warn warns, ignore skips."),
                        oneOf("decide", ids(Decision.values()), id(Decision.POINT), "How rules decide unless they say "
                                + "otherwise: point = the value against the bound; confidence = PASS only when the whole "
                                + "95% interval satisfies the bound, FAIL only when it lies outside, INCONCLUSIVE otherwise."),
                        oneOf("inconclusive", ids(InconclusivePolicy.values()), id(InconclusivePolicy.FAIL), "What an "
                                + "INCONCLUSIVE check does unless its rule says otherwise: fail the build, or warn."),
                        integer("minCount", 1, "Fewest questions a metric may rest on unless its rule says otherwise; "
                                + "fewer is an error, never a pass.").in(Range.atLeast(1), "questions"),
                        mappingList("rules", "Rules checked by verify; each bounds every metric its glob matches.",
                                requiredString("metric", "Metric name `split.modality.task.metric`; `*` matches within "
                                        + "one part (e.g. `forget.*.mcq.accuracy`)."),
                                bound("min", "Lowest allowed value (e.g. an accuracy, 0-1)."),
                                bound("max", "Highest allowed value."),
                                bound("minDropFromBaseline", "baseline − value must be at least this."),
                                bound("maxDropFromBaseline", "baseline − value must be at most this."),
                                relativeBound("minRelativeDropFromBaseline", "(baseline − value) / baseline must be at "
                                        + "least this (0.05 or \"5%\")."),
                                relativeBound("maxRelativeDropFromBaseline", "(baseline − value) / baseline must be at "
                                        + "most this (0.05 or \"5%\": value ≥ 0.95 × baseline)."),
                                bound("within", "Two-sided: |value − target| must be at most this, the target named by "
                                        + "`of` (e.g. within: 0.1, of: 0.5 for a membership-inference AUC)."),
                                target("of", "What `within` is measured from: chance (the metric's chance level: "
                                        + "1/#options, 0.5 for an AUC, 0 for PrivLeak), reference (the retain-only model), "
                                        + "vanilla, or a number."),
                                optionalOneOf("decide", ids(Decision.values()), "point or confidence for this rule; not "
                                        + "set = gate.decide."),
                                optionalOneOf("inconclusive", ids(InconclusivePolicy.values()), "fail or warn when this "
                                        + "rule is inconclusive; not set = gate.inconclusive."),
                                optionalInteger("minCount", "Fewest questions for this rule; not set = gate.minCount.")
                                        .in(Range.atLeast(1), "questions"),
                                oneOf("severity", ids(Severity.values()), id(Severity.ERROR), "error fails the build; "
                                        + "warn only reports."))),
                mapping("report", "Where verify writes its results.",
                        path("output", "target/mip", "Directory for report.json, report.html and "
                                + "TEST-mip-verify.xml. Must lie outside model.path and data.path.")));
    }

    /**
     * @param values enum constants
     * @return their lower-case names ({@code MLLMU_BENCH} → {@code mllmu-bench})
     */
    static List<String> ids(Enum<?>[] values) {
        return Arrays.stream(values).map(ConfigSchema::id).toList();
    }

    /**
     * @param value an enum constant
     * @return its lower-case name, underscores as hyphens
     */
    static String id(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

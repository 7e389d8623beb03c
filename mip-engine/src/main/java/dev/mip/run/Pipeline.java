package dev.mip.run;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.ProgressListener;
import dev.mip.config.MipConfig;
import dev.mip.data.Benchmark;
import dev.mip.data.QaPair;
import dev.mip.eval.ActivationProfile;
import dev.mip.eval.Audit;
import dev.mip.eval.ActivationShift;
import dev.mip.eval.EvalResult;
import dev.mip.eval.Evaluator;
import dev.mip.eval.Measurement;
import dev.mip.eval.ReferenceComparison;
import dev.mip.eval.MembershipInference;
import dev.mip.eval.Metric;
import dev.mip.gate.Gate;
import dev.mip.gate.GateResult;
import dev.mip.gate.Verdict;
import dev.mip.io.Fingerprints;
import dev.mip.io.OutputLock;
import dev.mip.io.Sha256;
import dev.mip.locate.InfluentialPaths;
import dev.mip.locate.LocateSettings;
import dev.mip.locate.PathLocator;
import dev.mip.model.Checkpoint;
import dev.mip.report.HtmlReport;
import dev.mip.report.JsonReport;
import dev.mip.report.JunitReport;
import dev.mip.report.LogTable;
import dev.mip.report.VerifyReport;
import dev.mip.runtime.DjlRuntime;
import dev.mip.runtime.Workers;
import dev.mip.unlearn.MethodSettings;
import dev.mip.unlearn.UnlearnData;
import dev.mip.unlearn.UnlearnReport;
import dev.mip.unlearn.UnlearningMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The pipeline for one configuration ({@code mip.yaml}): {@link #locate}, {@link #unlearn} and
 * {@link #verify} as the Maven goals and the command line run them, and the same steps in memory
 * ({@link #locatePaths}, {@link #unlearnInMemory}, {@link #measure}) for the sweeps, so that a
 * setting means the same everywhere. Each input is fingerprinted once per run ({@link Inputs}) and
 * each checkpoint loaded once per stage.
 *
 * <p>Each stage fingerprints all its inputs (model, data, settings, engine version, and the
 * previous stage's output) and records them with its outputs' fingerprints in {@code cacheDir}
 * ({@link RunState}); an unchanged stage is not recomputed, and verify then replays its recorded
 * verdict (a failure stays a failure). {@link Options#force()} recomputes.
 *
 * <p>Verify gates exactly the model on disk: unlearn records in the model's manifest the
 * configuration it was made from, and verify checks the files against the manifest and that
 * configuration against the current one before it evaluates or replays ({@link UnlearnedModel}).
 *
 * <p>Only one stage runs at a time in a JVM ({@link #LOCK}): the engine's native threads already
 * use every core, and parallel Maven builds must not interleave two models in memory. Across
 * processes, each stage holds an {@link OutputLock} on the output directories while it runs, so
 * that two builds sharing a workspace wait for each other instead of interleaving.
 */
public final class Pipeline {
    /** The JVM-wide lock around every stage. */
    public static final ReentrantLock LOCK = new ReentrantLock();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MipConfig cfg;
    private final Options opts;
    private final ProgressListener progress;
    private final Inputs inputs;

    /**
     * How a stage runs.
     *
     * @param force recompute even when the inputs are unchanged
     * @param timestamp time to record in the reports, or null for none (reproducible output)
     * @param lockWait how long to wait for another process's lock on the output directories; zero
     *     fails at once
     */
    public record Options(boolean force, String timestamp, Duration lockWait) {
        /** Default wait for another run's lock: one hour. */
        public static final Duration DEFAULT_LOCK_WAIT = Duration.ofHours(1);

        /**
         * @param force recompute even when the inputs are unchanged
         * @return those options, no timestamp, the default lock wait
         */
        public static Options of(boolean force) {
            return new Options(force, null, DEFAULT_LOCK_WAIT);
        }

        /** @throws InvalidInputException if the wait is negative */
        public Options {
            if (lockWait == null || lockWait.isNegative()) {
                throw new InvalidInputException("the lock wait must be zero or more seconds, got " + lockWait);
            }
        }
    }

    /**
     * What a locate or unlearn stage did.
     *
     * @param stage {@code locate} or {@code unlearn}
     * @param upToDate true when the recorded output was reused (inputs unchanged)
     * @param output the stage's output (path file or checkpoint directory)
     * @param summary one line for the log
     */
    public record Outcome(String stage, boolean upToDate, Path output, String summary) {}

    /**
     * What verify decided.
     *
     * @param gate the verdict and every check
     * @param report the full report; null when the verdict was replayed from the record
     * @param replayed true when inputs were unchanged and the recorded verdict was replayed
     * @param reportFiles the report files (JSON, HTML, JUnit XML)
     * @param logLines the summary table for the build log
     */
    public record Verification(GateResult gate, VerifyReport report, boolean replayed, List<Path> reportFiles,
            List<String> logLines) {}

    /**
     * What unlearning did in memory.
     *
     * @param method the method that ran (with its settings)
     * @param data the forget and retain pairs it ran on
     * @param report what it did
     */
    public record Unlearned(UnlearningMethod method, UnlearnData data, UnlearnReport report) {}

    /**
     * @param cfg the configuration
     * @param opts how to run
     * @param progress progress reporting
     */
    public Pipeline(MipConfig cfg, Options opts, ProgressListener progress) {
        this(cfg, opts, progress, new Inputs());
    }

    /**
     * @param cfg the configuration
     * @param opts how to run
     * @param progress progress reporting
     * @param inputs the inputs read so far (a sweep shares them across its runs)
     */
    public Pipeline(MipConfig cfg, Options opts, ProgressListener progress, Inputs inputs) {
        this.cfg = cfg;
        this.opts = opts;
        this.progress = progress;
        this.inputs = inputs;
    }

    // ---- the stages, as the goals run them -------------------------------------------------------

    /**
     * Locates the forget set's influential neuron paths and writes the path file.
     *
     * @return the outcome
     */
    public Outcome locate() {
        return locked("locate", () -> {
            String modelFp = modelFingerprint();
            String stateInputs = stateInputs("locate", modelFp, List.of("model", "data", "locate"), Map.of());
            if (upToDate("locate", stateInputs)) {
                return new Outcome("locate", true, cfg.pathsOutput(), "paths up to date: " + cfg.pathsOutput());
            }
            return GoalResources.measure("locate", cfg.reportOutput(), progress, () -> {
                try (Checkpoint c = loadVanilla()) {
                    locatePaths(c).write(cfg.pathsOutput());
                }
                record("locate", stateInputs, cfg.pathsOutput(), null);
                return new Outcome("locate", false, cfg.pathsOutput(), "wrote " + cfg.pathsOutput());
            });
        });
    }

    /**
     * Unlearns with the configured method and writes the checkpoint (with its manifest, which
     * records the configuration it was made from).
     *
     * @return the outcome
     */
    public Outcome unlearn() {
        return locked("unlearn", () -> {
            benchmark().checkPair(cfg.forget(), cfg.retain());
            MethodSettings method = cfg.unlearnMethod();
            String modelFp = modelFingerprint();
            ObjectNode configuration = UnlearnedModel.configuration(cfg, modelFp, dataFingerprint());
            InfluentialPaths paths = method.usesPaths() ? readPaths(modelFp) : null;
            String pathsHash = paths == null ? "-" : Sha256.of(cfg.pathsOutput());
            String stateInputs = Sha256.ofString(configuration.path("fingerprint").asText() + "\n" + pathsHash);
            if (upToDate("unlearn", stateInputs)) {
                return new Outcome("unlearn", true, cfg.modelOutput(), "unlearned model up to date: " + cfg.modelOutput());
            }
            return GoalResources.measure("unlearn", cfg.reportOutput(), progress, () -> {
                UnlearnReport r;
                try (Checkpoint c = loadForUnlearning()) {
                    Unlearned u = unlearnInMemory(c, paths);
                    r = u.report();
                    Unlearner.save(c, modelFp, u.data(), cfg.forget(), cfg.retain(), u.method(), r,
                            paths == null ? null : cfg.pathsOutput(), cfg.modelOutput(), configuration);
                }
                inputs.forget(cfg.modelOutput());
                record("unlearn", stateInputs, cfg.modelOutput(), null);
                return new Outcome("unlearn", false, cfg.modelOutput(), String.format(Locale.ROOT,
                        "%s: pruned %d neurons, trained %d parameters in %.1f s; wrote %s", r.method(), r.pruned().size(),
                        r.trainableParameters(), r.seconds(), cfg.modelOutput()));
            });
        });
    }

    /**
     * Checks that the unlearned model on disk is the one the configuration describes, evaluates it
     * and the vanilla model, checks the gate and writes the reports. A verdict is replayed only
     * when every input of it, the unlearned model's bytes included, is unchanged.
     *
     * @return the verdict and reports
     * @throws InvalidInputException when the unlearned model is missing, incomplete, modified or
     *     stale (made from other settings, model, data or engine), telling the user to run unlearn
     */
    public Verification verify() {
        return locked("verify", () -> {
            if (!Files.isDirectory(cfg.modelOutput())) {
                throw InvalidInputException.of(cfg.modelOutput(), "unlearn.output", "the unlearned model does not exist",
                        "run mip:unlearn first, or point unlearn.output at an unlearned checkpoint");
            }
            Benchmark bench = benchmark();
            bench.checkPair(cfg.forget(), cfg.retain());
            Map<String, String> vanillaFiles = inputs.modelFiles(cfg.modelPath(), "model.path");
            String vanillaFp = Fingerprints.model(vanillaFiles);
            UnlearnedModel.Checked unlearnedModel = UnlearnedModel.check(cfg.modelOutput(),
                    UnlearnedModel.configuration(cfg, vanillaFp, dataFingerprint()));
            Path referenceDir = cfg.referencePath();
            String referenceFp = referenceDir == null ? null : inputs.modelFingerprint(referenceDir, "model.reference");
            Map<String, String> extra = new TreeMap<>(Map.of("unlearned", unlearnedModel.filesFingerprint(), "vanillaFiles",
                    Fingerprints.files(vanillaFiles)));
            if (referenceDir != null) {
                extra.put("referenceFiles", Fingerprints.files(inputs.modelFiles(referenceDir, "model.reference")));
            }
            String stateInputs = stateInputs("verify", vanillaFp, List.of("model", "data", "locate", "unlearn", "eval", "audit",
                    "gate", "report"), extra);
            Path json = cfg.reportOutput().resolve("report.json");
            List<Path> files = List.of(json, cfg.reportOutput().resolve("report.html"),
                    cfg.reportOutput().resolve("TEST-mip-verify.xml"));
            if (upToDate("verify", stateInputs)) {
                try {
                    return replay(json, files);
                } catch (InvalidInputException e) {
                    // e.g. a report of an older layout: recompute rather than fail on our own cache
                    progress.info("the recorded verdict cannot be replayed (" + e.getMessage() + "): recomputing");
                }
            }
            return GoalResources.measure("verify", cfg.reportOutput(), progress, () -> {
                ActivationShift shift = ActivationShift.samples(bench, cfg.forget(), cfg.retain());
                Path cache = measurementCache("vanilla", vanillaFp);
                Measurement cachedVanilla = cached(cache, "vanilla");
                Path refCache = referenceDir == null ? null : measurementCache("reference", referenceFp);
                Measurement cachedReference = referenceDir == null ? null : cached(refCache, "reference");
                Measurement[] yardsticks = new Measurement[2];
                ActivationProfile[] profiles = new ActivationProfile[1];
                Runnable vanillaChain = () -> {
                    Measurement v = cachedVanilla;
                    try (Checkpoint c = loadVanilla()) {
                        if (v == null) {
                            v = measure(c, "vanilla model");
                        }
                        profiles[0] = ActivationProfile.collect(c, shift.pairs(), cfg.evalOptions().batchSize());
                    }
                    if (cachedVanilla == null) {
                        v = relearned(v, cfg.modelPath(), "vanilla model");
                        MetricsFile.write(cache, v);
                    }
                    yardsticks[0] = v;
                };
                Runnable referenceChain = () -> {
                    Measurement r;
                    try (Checkpoint c = load(referenceDir)) {
                        r = measure(c, "reference model (retain-only)");
                    }
                    r = relearned(r, referenceDir, "reference model (retain-only)");
                    MetricsFile.write(refCache, r);
                    yardsticks[1] = r;
                };
                boolean referenceFresh = referenceDir != null && cachedReference == null;
                if (cachedVanilla == null && referenceFresh && sideBySide(vanillaFiles)) {
                    // The two yardsticks are independent: measured side by side, one CPU worker
                    // each (their own batches then run one after another on it), in the time of
                    // about one and a half (they compute the same bits either way).
                    Workers.both(device(), vanillaChain, referenceChain);
                } else {
                    vanillaChain.run();
                    if (referenceFresh) {
                        referenceChain.run();
                    }
                }
                Measurement vanilla = yardsticks[0];
                ActivationProfile before = profiles[0];
                Measurement reference = referenceFresh ? yardsticks[1] : cachedReference;
                Measurement unlearnedM;
                ActivationProfile after;
                try (Checkpoint c = load(cfg.modelOutput())) {
                    unlearnedM = measure(c, "unlearned model");
                    progress.info("measuring the activation shift (forget vs retain inputs)");
                    after = ActivationProfile.collect(c, shift.pairs(), cfg.evalOptions().batchSize());
                }
                unlearnedM = relearned(unlearnedM, cfg.modelOutput(), "unlearned model");
                Map<String, Metric> unlearned = new TreeMap<>(unlearnedM.metrics());
                Map<String, Metric> vanillaMetrics = new TreeMap<>(vanilla.metrics());
                Map<String, Metric> referenceMetrics = reference == null ? Map.of() : reference.metrics();
                if (reference != null) {
                    unlearned.putAll(ReferenceComparison.compare(unlearnedM, reference));
                    vanillaMetrics.putAll(ReferenceComparison.compare(vanilla, reference)); // the yardstick: what "not forgotten" scores
                }
                GateResult g = Gate.check(cfg.gateRules(), cfg.gatePolicy(), unlearned, vanillaMetrics, referenceMetrics);
                JsonNode manifest = unlearnedModel.manifest();
                Map<String, String> fps = new TreeMap<>();
                fps.put("model", vanillaFp);
                fps.put("unlearned", unlearnedModel.modelFingerprint());
                fps.put("data", dataFingerprint());
                if (referenceFp != null) {
                    fps.put("reference", referenceFp);
                }
                fps.put("settings", cfg.fingerprint());
                fps.put("configuration", manifest.path("unlearning").path(UnlearnedModel.CONFIGURATION).path("fingerprint").asText());
                manifest.path("unlearning").path("inputs").fields().forEachRemaining(e -> {
                    if (e.getValue().isTextual()) {
                        fps.put("unlearn." + e.getKey(), e.getValue().asText()); // e.g. the path file, for the audit trail
                    }
                });
                VerifyReport report = new VerifyReport(cfg.effectiveSettings().path("model").path("path").asText(),
                        manifest.path("unlearning").path("method").asText(), cfg.forget(), cfg.retain(), cfg.seed(), unlearned,
                        vanillaMetrics, referenceMetrics, g,
                        shift.between(before, after), fps, opts.timestamp());
                JsonReport.write(report, files.get(0));
                HtmlReport.write(report, files.get(1));
                JunitReport.write(report, files.get(2));
                record("verify", stateInputs, json, JSON.createObjectNode().put("verdict", g.overall().name()));
                return new Verification(g, report, false, files, LogTable.lines(report));
            });
        });
    }

    // ---- the steps, shared by the stages and the sweeps -------------------------------------------

    /** @return the benchmark of {@code data.path} (loaded once) */
    public Benchmark benchmark() {
        return inputs.benchmark(cfg.dataPath(), cfg.dataFormat());
    }

    /** @return the fingerprint of the model at {@code model.path} (computed once) */
    public String modelFingerprint() {
        return inputs.modelFingerprint(cfg.modelPath(), "model.path");
    }

    /** @return the fingerprint of the dataset at {@code data.path} (computed once) */
    public String dataFingerprint() {
        return inputs.dataFingerprint(cfg.dataPath());
    }

    /** @return the model at {@code model.path} in the configured dtype ({@code model.dtype}), for evaluation and locate */
    public Checkpoint loadVanilla() {
        return load(cfg.modelPath());
    }

    /** @return the model at {@code model.path} in float32, the precision unlearning trains in */
    public Checkpoint loadForUnlearning() {
        return Checkpoint.load(cfg.modelPath(), device(), DataType.FLOAT32);
    }

    /**
     * Locates the forget set's paths with the configured settings.
     *
     * @param c the vanilla model
     * @return the paths
     */
    public InfluentialPaths locatePaths(Checkpoint c) {
        Benchmark bench = benchmark();
        return PathLocator.locate(c, modelFingerprint(), bench.trainOf(bench.profileSet(cfg.forget())), cfg.forget(),
                cfg.locateSettings(), progress);
    }

    /**
     * Runs the configured unlearning method on a loaded model, in place.
     *
     * @param c the model (from {@link #loadForUnlearning()}); edited in place
     * @param paths the located paths when the method uses them, else null
     * @return what ran and what it did
     */
    public Unlearned unlearnInMemory(Checkpoint c, InfluentialPaths paths) {
        UnlearnData data = UnlearnData.of(benchmark(), cfg.forget(), cfg.retain());
        UnlearningMethod m = cfg.unlearnMethod().create(paths);
        return new Unlearned(m, data, Unlearner.apply(m, c, data, progress));
    }

    /**
     * Evaluates a model on the configured splits, with membership inference when configured.
     *
     * @param c the model
     * @param what its name in the log, e.g. {@code vanilla model}
     * @return the metrics by name, and the truth ratios of the multiple-choice questions
     */
    public Measurement measure(Checkpoint c, String what) {
        progress.info("evaluating the " + what);
        Benchmark bench = benchmark();
        long t0 = System.nanoTime();
        EvalResult r = new Evaluator(c, cfg.evalOptions()).evaluate(bench, cfg.forget(), cfg.retain(), cfg.evalSplits(), progress);
        progress.info(String.format(Locale.ROOT, "evaluated the %s in %.1f s", what, (System.nanoTime() - t0) / 1e9));
        Map<String, Metric> m = new TreeMap<>(r.metrics());
        Map<String, double[]> samples = Map.of();
        if (cfg.membershipInference()) {
            long t1 = System.nanoTime();
            MembershipInference.Result mia = MembershipInference.evaluate(c, c.model().weights(), bench, cfg.forget(),
                    cfg.retain(), cfg.evalOptions().batchSize(), cfg.miaAttacks());
            m.putAll(mia.metrics());
            samples = mia.samples();
            progress.info(String.format(Locale.ROOT, "membership inference on the %s (%s) in %.1f s", what,
                    cfg.miaAttacks().stream().map(dev.mip.eval.MiaAttack::id).toList(), (System.nanoTime() - t1) / 1e9));
        }
        Audit.Settings audit = cfg.audit();
        if (!audit.quantization().isEmpty()) {
            long tq = System.nanoTime();
            m.putAll(Audit.quantized(c, cfg.evalOptions(), bench, cfg.forget(), cfg.retain(), audit.quantization(), progress));
            progress.info(String.format(Locale.ROOT, "audit of the %s: quantization %s in %.1f s", what, audit.quantization(),
                    (System.nanoTime() - tq) / 1e9));
        }
        if (!audit.prompts().isEmpty()) {
            long tp = System.nanoTime();
            m.putAll(Audit.prompts(c, cfg.evalOptions(), bench, cfg.forget(), cfg.retain(), audit.prompts(), progress));
            progress.info(String.format(Locale.ROOT, "audit of the %s: prompts %s in %.1f s", what, audit.prompts(),
                    (System.nanoTime() - tp) / 1e9));
        }
        return Measurement.of(m, r, samples);
    }

    /**
     * Runs the relearning attack ({@code audit.relearn}) on a fresh float32 copy of the model in
     * {@code dir} (the files are only read) and adds its metrics to the measurement.
     *
     * @param m the model's measurement
     * @param dir the model's directory
     * @param what its name in the log
     * @return the measurement with the {@code @relearn} metrics (unchanged when the attack is off)
     */
    public Measurement relearned(Measurement m, Path dir, String what) {
        Audit.Relearn r = cfg.audit().relearn();
        if (!r.enabled()) {
            return m;
        }
        progress.info("audit of the " + what + ": relearning " + r.epochs() + " epochs on " + Math.round(r.fraction() * 100)
                + "% of each forget person's facts (a copy in memory)");
        try (Checkpoint copy = Checkpoint.load(dir, device(), DataType.FLOAT32)) {
            return relearnedInPlace(copy, m, what);
        }
    }

    /**
     * Runs the relearning attack ({@code audit.relearn}) on a model in memory, which it fine-tunes:
     * for a model that is discarded afterwards (a sweep's), never one that is still needed.
     *
     * @param c the model, changed
     * @param m its measurement
     * @param what its name in the log
     * @return the measurement with the {@code @relearn} metrics (unchanged when the attack is off)
     */
    public Measurement relearnedInPlace(Checkpoint c, Measurement m, String what) {
        Audit.Relearn r = cfg.audit().relearn();
        if (!r.enabled()) {
            return m;
        }
        Map<String, Metric> metrics = new TreeMap<>(m.metrics());
        long t0 = System.nanoTime();
        metrics.putAll(Audit.relearn(c, cfg.evalOptions(), benchmark(), cfg.forget(), cfg.retain(), r, cfg.seed(), progress));
        progress.info(String.format(Locale.ROOT, "audit of the %s: relearning and its evaluation in %.1f s", what,
                (System.nanoTime() - t0) / 1e9));
        return new Measurement(metrics, m.samples());
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /**
     * Whether two models of this size may be measured side by side on the CPU workers: each holds
     * the model and, for the relearning audit, a float32 copy, so only models up to 1 GiB of
     * weights files are, where that doubles little. A larger model's measurements run one after
     * another, each using all workers.
     */
    private boolean sideBySide(Map<String, String> modelFiles) {
        if (device().isGpu() || Workers.count() < 2) {
            return false;
        }
        long bytes = 0;
        for (String f : modelFiles.keySet()) {
            try {
                bytes += Files.size(cfg.modelPath().resolve(f));
            } catch (java.io.IOException e) {
                return false;
            }
        }
        return bytes <= 1L << 30;
    }

    private Checkpoint load(Path dir) {
        return Checkpoint.load(dir, device(), DjlRuntime.parseDtype(cfg.dtype(), "model.dtype"));
    }

    private Device device() {
        return DjlRuntime.parseDevice(cfg.device(), "model.device");
    }

    /** The path file, checked to come from this model, forget set and locate settings. */
    private InfluentialPaths readPaths(String modelFp) {
        Path f = cfg.pathsOutput();
        if (!Files.isRegularFile(f)) {
            throw InvalidInputException.of(f, "locate.output", "the path file does not exist",
                    "run mip:locate first (method " + cfg.unlearnMethod().method().id() + " needs the located paths)");
        }
        InfluentialPaths paths = InfluentialPaths.read(f);
        String fix = "Run mip:locate (the process-classes phase runs it) to locate the paths again";
        if (!paths.complete()) {
            throw InvalidInputException.of(f, "locate.output", "holds only shards " + paths.shards() + " of "
                    + paths.settings().shardCount(), "Merge every shard with `mip merge-paths`, or " + fix);
        }
        if (!paths.modelFingerprint().equals(modelFp)) {
            throw InvalidInputException.of(f, "locate.output", "was located on another model than model.path", fix);
        }
        if (!paths.forgetSet().equals(cfg.forget())) {
            throw InvalidInputException.of(f, "locate.output", "was located for forget set '" + paths.forgetSet()
                    + "' but data.forget is '" + cfg.forget() + "'", fix);
        }
        Benchmark bench = benchmark();
        if (!paths.dataFingerprint().equals(QaPair.fingerprint(bench.trainOf(bench.profileSet(cfg.forget()))))) {
            throw InvalidInputException.of(f, "locate.output", "was located on other training pairs of '" + cfg.forget()
                    + "' than data.path holds now", fix);
        }
        LocateSettings want = cfg.locateSettings();
        LocateSettings had = paths.settings();
        if (!had.withShard(0, 1).equals(want.withShard(0, 1))) {
            throw InvalidInputException.of(f, "locate.output", "was located with other settings (" + had + ") than locate.* "
                    + "says now (" + want + ")", fix);
        }
        return paths;
    }

    private Verification replay(Path json, List<Path> files) {
        GateResult g = JsonReport.read(json);
        List<String> lines = new ArrayList<>();
        lines.add("inputs unchanged: replaying the recorded verdict of " + json.getFileName() + " (-Dmip.force to recompute)");
        g.checks().stream().filter(c -> c.verdict() != Verdict.PASS).forEach(c -> lines.add(c.verdict() + " " + c.message()));
        lines.add(g.summary());
        return new Verification(g, null, true, files, lines);
    }

    /**
     * A model's evaluation's cache file ({@code which}: vanilla, reference): keyed by model, data,
     * evaluation and audit settings, and by the seed when relearning is on (the seed splits each
     * forget person's facts into relearnt and asked ones, so two seeds ask different questions).
     */
    private Path measurementCache(String which, String modelFp) {
        Map<String, String> extra = cfg.audit().relearn().enabled() ? Map.of("relearnSeed", Long.toString(cfg.seed())) : Map.of();
        String key = stateInputs(which + "-eval", modelFp, List.of("data", "eval", "audit"), extra);
        return cfg.cacheDir().resolve(which + "-eval-" + key.substring(0, 16) + ".json");
    }

    private Measurement cached(Path cache, String which) {
        Measurement m = MetricsFile.read(cache);
        if (m != null) {
            progress.info(which + " model unchanged: using its cached evaluation " + cache.getFileName());
        }
        return m;
    }

    /** The fingerprint of a stage's inputs: engine version, model, data, the named config sections and extras. */
    private String stateInputs(String stage, String modelFp, List<String> sections, Map<String, String> extra) {
        ObjectNode n = JSON.createObjectNode();
        n.put("stage", stage).put("engine", Unlearner.MIP_VERSION).put("model", modelFp).put("data", dataFingerprint());
        JsonNode effective = cfg.effectiveSettings();
        for (String s : sections) {
            n.set(s, effective.path(s));
        }
        new TreeMap<>(extra).forEach(n::put);
        return Sha256.of(n.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Path statePath(String stage) {
        return cfg.cacheDir().resolve(stage + ".state.json");
    }

    private boolean upToDate(String stage, String stateInputs) {
        RunState state = RunState.read(statePath(stage));
        return !opts.force() && state != null && state.upToDate(stateInputs);
    }

    private void record(String stage, String stateInputs, Path output, ObjectNode extra) {
        new RunState(statePath(stage), stateInputs, Map.of(output.toString(), RunState.fingerprint(output)), extra).write();
    }

    /**
     * Runs a stage under the JVM-wide lock and, across processes, an {@link OutputLock} on every
     * output directory of the configuration.
     */
    private <T> T locked(String stage, Supplier<T> body) {
        LOCK.lock();
        try {
            Workers.configure(cfg.workers()); // process-wide; every stage sets its own
            List<Path> dirs = List.of(cfg.pathsOutput().getParent(), cfg.modelOutput().getParent(), cfg.cacheDir(),
                    cfg.reportOutput());
            try (OutputLock lock = OutputLock.acquire(dirs, "mip " + stage + " of " + cfg.baseDir(), opts.lockWait(),
                    progress::info)) {
                return body.get();
            }
        } finally {
            LOCK.unlock();
        }
    }
}

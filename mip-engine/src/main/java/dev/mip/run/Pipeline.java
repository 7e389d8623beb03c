package dev.mip.run;

import dev.mip.ProgressListener;
import dev.mip.io.Fingerprints;
import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.config.MipConfig;
import dev.mip.data.Benchmark;
import dev.mip.data.load.BenchmarkLoader;
import dev.mip.data.QaPair;
import dev.mip.unlearn.UnlearnReport;
import dev.mip.unlearn.UnlearningMethods;
import dev.mip.eval.ActivationProfile;
import dev.mip.eval.EvalResult;
import dev.mip.eval.Evaluator;
import dev.mip.eval.MembershipInference;
import dev.mip.eval.Metric;
import dev.mip.gate.Gate;
import dev.mip.gate.GateResult;
import dev.mip.io.OutputLock;
import dev.mip.io.Sha256;
import dev.mip.locate.InfluentialPaths;
import dev.mip.locate.LocateSettings;
import dev.mip.locate.PathLocator;
import dev.mip.model.Checkpoint;
import dev.mip.model.Tower;
import dev.mip.report.HtmlReport;
import dev.mip.report.JsonReport;
import dev.mip.report.JunitReport;
import dev.mip.report.LogTable;
import dev.mip.report.VerifyReport;
import dev.mip.runtime.DjlRuntime;
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
import java.util.stream.IntStream;

/**
 * The three stages as the Maven goals and the command line run them, from one {@link MipConfig}:
 * {@link #locate}, {@link #unlearn}, {@link #verify}. Each stage fingerprints all its inputs
 * (model, data, settings, engine version, and the previous stage's output) and records them with
 * its outputs' fingerprints in {@code cacheDir}; an unchanged stage is not recomputed, and verify
 * then replays its recorded verdict (a failure stays a failure). {@code force} recomputes.
 *
 * <p>Only one stage runs at a time in a JVM ({@link #LOCK}): the engine's native threads already
 * use every core, and parallel Maven builds must not interleave two models in memory. Across
 * processes, each stage holds an {@link OutputLock} on the output directories while it runs, so
 * that two builds sharing a workspace wait for each other instead of interleaving.
 *
 * <p>Verify gates exactly the model on disk: unlearn records in the model's manifest the
 * configuration it was made from ({@link #configuration}: engine version, model, data, locate and
 * unlearn settings), and verify checks the files against the manifest and that configuration
 * against the current one before it evaluates or replays ({@link UnlearnedModel}).
 */
public final class Pipeline {
    /** The JVM-wide lock around every stage. */
    public static final ReentrantLock LOCK = new ReentrantLock();

    /** Samples per group (forget, retain) of the activation-shift heatmap. */
    static final int SHIFT_SAMPLES = 48;

    private Pipeline() {}

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

        /** @throws IllegalArgumentException if the wait is negative */
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
     * Locates the forget set's influential neuron paths and writes the path file.
     *
     * @param cfg configuration
     * @param opts how to run
     * @param progress progress reporting
     * @return the outcome
     */
    public static Outcome locate(MipConfig cfg, Options opts, ProgressListener progress) {
        boolean force = opts.force();
        return locked(cfg, "locate", opts, progress, () -> {
            Benchmark bench = load(cfg);
            String modelFp = modelFingerprint(cfg.modelPath(), "model.path");
            String inputs = inputs(cfg, "locate", modelFp, List.of("model", "data", "locate"), Map.of());
            RunState state = RunState.read(statePath(cfg, "locate"));
            if (!force && state != null && state.upToDate(inputs)) {
                return new Outcome("locate", true, cfg.pathsOutput(), "paths up to date: " + cfg.pathsOutput());
            }
            try (Checkpoint c = Checkpoint.load(cfg.modelPath(), device(cfg), dtype(cfg))) {
                InfluentialPaths p = PathLocator.locate(c, modelFp, bench.trainOf(bench.profileSet(cfg.forget())), cfg.forget(),
                        cfg.locateSettings(), progress);
                p.write(cfg.pathsOutput());
            }
            record(cfg, "locate", inputs, cfg.pathsOutput(), null);
            return new Outcome("locate", false, cfg.pathsOutput(), "wrote " + cfg.pathsOutput());
        });
    }

    /**
     * Unlearns with the configured method and writes the checkpoint (with its manifest, which
     * records the {@link #configuration} it was made from).
     *
     * @param cfg configuration
     * @param opts how to run
     * @param progress progress reporting
     * @return the outcome
     */
    public static Outcome unlearn(MipConfig cfg, Options opts, ProgressListener progress) {
        boolean force = opts.force();
        return locked(cfg, "unlearn", opts, progress, () -> {
            Benchmark bench = load(cfg);
            bench.checkPair(cfg.forget(), cfg.retain());
            boolean usesPaths = usesPaths(cfg);
            if (usesPaths && !Files.isRegularFile(cfg.pathsOutput())) {
                throw InvalidInputException.of(cfg.pathsOutput(), "locate.output", "the path file does not exist",
                        "run mip:locate first (method mip needs the located paths)");
            }
            String modelFp = modelFingerprint(cfg.modelPath(), "model.path");
            ObjectNode configuration = configuration(cfg, modelFp, dataFingerprint(cfg));
            InfluentialPaths paths = null;
            String pathsHash = null;
            if (usesPaths) {
                paths = InfluentialPaths.read(cfg.pathsOutput());
                checkPaths(cfg, paths, modelFp, bench);
                pathsHash = Sha256.of(cfg.pathsOutput());
            }
            String inputs = Sha256.ofString(configuration.path("fingerprint").asText() + "\n" + (pathsHash == null ? "-" : pathsHash));
            RunState state = RunState.read(statePath(cfg, "unlearn"));
            if (!force && state != null && state.upToDate(inputs)) {
                return new Outcome("unlearn", true, cfg.modelOutput(), "unlearned model up to date: " + cfg.modelOutput());
            }
            UnlearningMethods.Configured m = UnlearningMethods.create(cfg.method(), paths, cfg.mipSettings(), cfg.gradientSettings(),
                    cfg.manuAlpha(), cfg.manuTau(), "unlearn.method");
            UnlearnReport r = Unlearner.run(cfg.modelPath(), device(cfg), bench, cfg.forget(), cfg.retain(), m.method(), m.settings(),
                    usesPaths ? cfg.pathsOutput() : null, cfg.modelOutput(), configuration, progress);
            record(cfg, "unlearn", inputs, cfg.modelOutput(), null);
            return new Outcome("unlearn", false, cfg.modelOutput(), String.format(Locale.ROOT,
                    "%s: pruned %d neurons, trained %d parameters in %.1f s; wrote %s", r.method(), r.pruned().size(),
                    r.trainableParameters(), r.seconds(), cfg.modelOutput()));
        });
    }

    /**
     * Checks that the unlearned model on disk is the one the configuration describes, evaluates it
     * and the vanilla model, checks the gate and writes the reports. A verdict is replayed only
     * when every input of it, the unlearned model's bytes included, is unchanged.
     *
     * @param cfg configuration
     * @param opts how to run (force, report timestamp, lock wait)
     * @param progress progress reporting
     * @return the verdict and reports
     * @throws InvalidInputException when the unlearned model is missing, incomplete, modified or
     *     stale (made from other settings, model, data or engine), telling the user to run unlearn
     */
    public static Verification verify(MipConfig cfg, Options opts, ProgressListener progress) {
        boolean force = opts.force();
        String timestamp = opts.timestamp();
        return locked(cfg, "verify", opts, progress, () -> {
            if (!Files.isDirectory(cfg.modelOutput())) {
                throw InvalidInputException.of(cfg.modelOutput(), "unlearn.output", "the unlearned model does not exist",
                        "run mip:unlearn first, or point unlearn.output at an unlearned checkpoint");
            }
            Benchmark bench = load(cfg);
            bench.checkPair(cfg.forget(), cfg.retain());
            Map<String, String> vanillaFiles = fileHashes(cfg.modelPath(), "model.path");
            String vanillaFp = Fingerprints.model(vanillaFiles);
            String dataFp = dataFingerprint(cfg);
            UnlearnedModel.Checked unlearnedModel = UnlearnedModel.check(cfg.modelOutput(), configuration(cfg, vanillaFp, dataFp));
            String unlearnedFp = unlearnedModel.modelFingerprint();
            String inputs = inputs(cfg, "verify", vanillaFp, List.of("model", "data", "locate", "unlearn", "eval", "gate", "report"),
                    Map.of("unlearned", unlearnedModel.filesFingerprint(), "vanillaFiles", Fingerprints.files(vanillaFiles)));
            Path json = cfg.reportOutput().resolve("report.json");
            List<Path> files = List.of(json, cfg.reportOutput().resolve("report.html"),
                    cfg.reportOutput().resolve("TEST-mip-verify.xml"));
            RunState state = RunState.read(statePath(cfg, "verify"));
            if (!force && state != null && state.upToDate(inputs)) {
                GateResult g = JsonReport.read(json);
                List<String> lines = new ArrayList<>();
                lines.add("inputs unchanged: replaying the recorded verdict of " + json.getFileName() + " (-Dmip.force to recompute)");
                g.checks().stream().filter(c -> !c.verdict().equals(dev.mip.gate.Verdict.PASS))
                        .forEach(c -> lines.add(c.verdict() + " " + c.message()));
                lines.add(g.summary());
                return new Verification(g, null, true, files, lines);
            }
            Map<String, Metric> vanilla = vanillaMetrics(cfg, bench, vanillaFp, progress);
            Map<String, double[]> shift;
            Map<String, Metric> unlearned;
            try (Checkpoint c = Checkpoint.load(cfg.modelOutput(), device(cfg), dtype(cfg))) {
                unlearned = measure(cfg, bench, c, "unlearned model", progress);
                shift = activationShift(cfg, bench, c, progress);
            }
            GateResult g = Gate.check(cfg.gateRules(), cfg.gateOnMissing(), unlearned, vanilla);
            Map<String, String> fps = new TreeMap<>();
            fps.put("model", vanillaFp);
            fps.put("unlearned", unlearnedFp);
            fps.put("data", dataFp);
            fps.put("settings", cfg.fingerprint());
            fps.put("configuration", unlearnedModel.manifest().path("unlearning").path(UnlearnedModel.CONFIGURATION)
                    .path("fingerprint").asText());
            unlearnManifest(unlearnedModel.manifest()).forEach(fps::put);
            VerifyReport report = new VerifyReport(cfg.effectiveSettings().path("model").path("path").asText(),
                    unlearnedModel.manifest().path("unlearning").path("method").asText(cfg.method()), cfg.forget(), cfg.retain(),
                    cfg.seed(), unlearned, vanilla, g, shift, fps, timestamp);
            JsonReport.write(report, files.get(0));
            HtmlReport.write(report, files.get(1));
            JunitReport.write(report, files.get(2));
            ObjectNode extra = new ObjectMapper().createObjectNode().put("verdict", g.overall().name());
            record(cfg, "verify", inputs, json, extra);
            return new Verification(g, report, false, files, LogTable.lines(report));
        });
    }

    private static Map<String, Metric> measure(MipConfig cfg, Benchmark bench, Checkpoint c, String what,
            ProgressListener progress) {
        progress.info("evaluating the " + what);
        EvalResult r = new Evaluator(c, cfg.evalOptions()).evaluate(bench, cfg.forget(), cfg.retain(), cfg.evalSplits(), progress);
        Map<String, Metric> m = new TreeMap<>(r.metrics());
        if (cfg.membershipInference()) {
            m.putAll(MembershipInference.evaluate(c, bench, cfg.forget(), cfg.retain(), cfg.evalOptions().batchSize()));
        }
        return m;
    }

    /** The vanilla model's metrics, from the cache when model, data and evaluation settings are unchanged. */
    private static Map<String, Metric> vanillaMetrics(MipConfig cfg, Benchmark bench, String vanillaFp, ProgressListener progress) {
        String key = inputs(cfg, "vanilla-eval", vanillaFp, List.of("data", "eval"), Map.of());
        Path cache = cfg.cacheDir().resolve("vanilla-eval-" + key.substring(0, 16) + ".json");
        Map<String, Metric> cached = MetricsFile.read(cache);
        if (cached != null) {
            progress.info("vanilla model unchanged: using its cached evaluation " + cache.getFileName());
            return cached;
        }
        Map<String, Metric> m;
        try (Checkpoint c = Checkpoint.load(cfg.modelPath(), device(cfg), dtype(cfg))) {
            m = measure(cfg, bench, c, "vanilla model", progress);
        }
        MetricsFile.write(cache, m);
        return m;
    }

    /**
     * Per-layer relative activation change (unlearned vs vanilla) of forget and retain inputs, per
     * branch: keys {@code text.forget}, {@code text.retain}, {@code vision.forget}, {@code vision.retain}.
     */
    private static Map<String, double[]> activationShift(MipConfig cfg, Benchmark bench, Checkpoint unlearned,
            ProgressListener progress) {
        progress.info("measuring the activation shift (forget vs retain inputs)");
        List<QaPair> forget = head(bench.trainOf(bench.profileSet(cfg.forget())));
        List<QaPair> retain = head(bench.trainOf(bench.profileSet(cfg.retain())));
        List<QaPair> all = new ArrayList<>(forget);
        all.addAll(retain);
        int bs = cfg.evalOptions().batchSize();
        ActivationProfile after = ActivationProfile.collect(unlearned, all, bs);
        ActivationProfile before;
        try (Checkpoint c = Checkpoint.load(cfg.modelPath(), device(cfg), dtype(cfg))) {
            before = ActivationProfile.collect(c, all, bs);
        }
        List<Integer> f = IntStream.range(0, forget.size()).boxed().toList();
        List<Integer> r = IntStream.range(forget.size(), all.size()).boxed().toList();
        Map<String, double[]> out = new TreeMap<>();
        for (Tower t : before.layers().keySet()) {
            out.put(t.id() + ".forget", before.relativeChange(after, t, f));
            out.put(t.id() + ".retain", before.relativeChange(after, t, r));
        }
        return out;
    }

    /** An evenly spread, deterministic sample of at most {@link #SHIFT_SAMPLES} pairs. */
    private static List<QaPair> head(List<QaPair> pairs) {
        if (pairs.size() <= SHIFT_SAMPLES) {
            return pairs;
        }
        List<QaPair> out = new ArrayList<>();
        for (int i = 0; i < SHIFT_SAMPLES; i++) {
            out.add(pairs.get((int) ((long) i * pairs.size() / SHIFT_SAMPLES)));
        }
        return out;
    }

    /** Fingerprints the unlearned model's manifest recorded (e.g. the path file), for the audit trail. */
    private static Map<String, String> unlearnManifest(JsonNode manifest) {
        Map<String, String> out = new TreeMap<>();
        manifest.path("unlearning").path("inputs").fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                out.put("unlearn." + e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }

    /** Whether the configured method reads the path file (mip, except its whole-model ablation). */
    private static boolean usesPaths(MipConfig cfg) {
        return cfg.method().equals("mip") && !cfg.mipSettings().wholeModel();
    }

    /**
     * The configuration an unlearned model is made from, as recorded in its manifest: the engine
     * version, the model's and the data's fingerprints, and every setting that changes the result
     * (the forget and retain sets, the unlearn section and, for a method that uses paths, the
     * locate section; output paths excluded: moving an output does not change the model), with the
     * fingerprint of all of it.
     *
     * @param cfg configuration
     * @param modelFp fingerprint of the model at model.path
     * @param dataFp fingerprint of the dataset at data.path
     * @return {@code {fingerprint, engine, model, data, settings}}
     */
    static ObjectNode configuration(MipConfig cfg, String modelFp, String dataFp) {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode effective = cfg.effectiveSettings();
        ObjectNode settings = mapper.createObjectNode();
        ObjectNode data = settings.putObject("data");
        data.put("format", effective.path("data").path("format").asText()).put("forget", cfg.forget()).put("retain", cfg.retain());
        ObjectNode unlearn = ((ObjectNode) effective.path("unlearn")).deepCopy();
        unlearn.remove("output");
        settings.set("unlearn", unlearn);
        if (usesPaths(cfg)) {
            ObjectNode locate = ((ObjectNode) effective.path("locate")).deepCopy();
            locate.remove("output");
            settings.set("locate", locate);
        }
        ObjectNode c = mapper.createObjectNode();
        c.put("engine", Unlearner.MIP_VERSION).put("model", modelFp).put("data", dataFp);
        c.set("settings", settings);
        c.put("fingerprint", Sha256.ofString(c.toString()));
        return c;
    }

    /**
     * The path file must come from the same model, forget set and locate settings as the
     * configuration names now: a stale file (locate settings changed, model replaced) would edit
     * the wrong neurons without a word.
     */
    private static void checkPaths(MipConfig cfg, InfluentialPaths paths, String modelFp, Benchmark bench) {
        String fix = "Run mip:locate (the process-classes phase runs it) to locate the paths again";
        Path f = cfg.pathsOutput();
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
    }

    private static Map<String, String> fileHashes(Path dir, String field) {
        modelFingerprint(dir, field); // the directory check and its message
        Map<String, String> out = new TreeMap<>();
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.put(p.getFileName().toString(), Sha256.of(p)));
        } catch (java.io.IOException e) {
            throw dev.mip.ResourceException.io("Could not list " + dir, e);
        }
        return out;
    }

    private static Benchmark load(MipConfig cfg) {
        if (!Files.isDirectory(cfg.dataPath())) {
            throw InvalidInputException.of(cfg.dataPath(), "data.path", "the dataset directory does not exist",
                    "point data.path at a dataset (the project's format or MLLMU-Bench Parquet)");
        }
        return BenchmarkLoader.load(cfg.dataPath(), cfg.dataFormat());
    }

    private static String modelFingerprint(Path dir, String field) {
        if (!Files.isDirectory(dir)) {
            throw InvalidInputException.of(dir, field, "the model directory does not exist",
                    "point " + field + " at a Hugging Face checkpoint directory (config.json, *.safetensors, tokenizer.json)");
        }
        return Fingerprints.model(dir);
    }

    private static String dataFingerprint(MipConfig cfg) {
        return Fingerprints.directory(cfg.dataPath());
    }

    /** The fingerprint of a stage's inputs: engine version, model, data, the named config sections and extras. */
    private static String inputs(MipConfig cfg, String stage, String modelFp, List<String> sections, Map<String, String> extra) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("stage", stage).put("engine", Unlearner.MIP_VERSION).put("model", modelFp).put("data", dataFingerprint(cfg));
        for (String s : sections) {
            n.set(s, cfg.effectiveSettings().path(s));
        }
        new TreeMap<>(extra).forEach(n::put);
        return Sha256.of(n.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Path statePath(MipConfig cfg, String stage) {
        return cfg.cacheDir().resolve(stage + ".state.json");
    }

    private static void record(MipConfig cfg, String stage, String inputs, Path output, ObjectNode extra) {
        new RunState(statePath(cfg, stage), inputs, Map.of(output.toString(), RunState.fingerprint(output)), extra).write();
    }

    private static Device device(MipConfig cfg) {
        return DjlRuntime.parseDevice(cfg.device(), "model.device");
    }

    private static DataType dtype(MipConfig cfg) {
        return switch (cfg.dtype()) {
            case "float64" -> DataType.FLOAT64;
            case "float16" -> DataType.FLOAT16;
            default -> DataType.FLOAT32;
        };
    }

    /**
     * Runs a stage under the JVM-wide lock and, across processes, an {@link OutputLock} on every
     * output directory of the configuration.
     */
    private static <T> T locked(MipConfig cfg, String stage, Options opts, ProgressListener progress,
            java.util.function.Supplier<T> body) {
        LOCK.lock();
        try {
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

package dev.mip.bench;

import dev.mip.runtime.PeakMemory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mip.InvalidInputException;
import dev.mip.config.MipConfig;
import dev.mip.run.Inputs;
import dev.mip.run.Pipeline;
import dev.mip.unlearn.Method;
import dev.mip.unlearn.MethodSettings;
import dev.mip.unlearn.UnlearnReport;
import dev.mip.eval.Metric;
import dev.mip.io.AtomicFiles;
import dev.mip.io.Sha256;
import dev.mip.locate.InfluentialPaths;
import dev.mip.model.Checkpoint;
import dev.mip.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A sweep of unlearning runs on one model and benchmark, for comparing methods fairly: every run
 * is the same {@code mip.yaml} with a few keys changed, is unlearned in memory from a fresh copy of
 * the model, evaluated on every split, and recorded (metrics, wall times, peak memory) as one line
 * of a JSON Lines file. The file is rewritten atomically after every run, and a run already in it
 * (same model, data, forget/retain sets and effective settings) is not run again, so a sweep can be
 * interrupted and resumed.
 *
 * <p>The sweep file (YAML):
 * <pre>
 * base: ../../example-project/mip.yaml     # relative to the sweep file; relative paths in it resolve
 *                                          # against its own directory
 * common:                                  # keys set in every run (optional)
 *   data.forget: forget_5
 *   data.retain: retain_95
 * runs:
 *   - curve: GA_Diff                       # runs of one curve are one method's trade-off curve
 *     set: {unlearn.method: ga-diff}       # keys of this entry (optional)
 *     grid:                                # every combination becomes one run (optional)
 *       unlearn.gradient.learningRate: [3.0e-5, 1.0e-4]
 *       unlearn.gradient.epochs: [2, 5]
 * </pre>
 * Keys are {@code mip.yaml} keys written with dots; each run's configuration is validated as a
 * whole, like {@code mip.yaml} itself. The vanilla model is evaluated once per forget/retain pair
 * (curve {@code Vanilla}). Method {@code mip} locates its paths with the run's {@code locate}
 * settings once per forget set and keeps the path file next to the results
 * ({@code <results>.paths/}), so {@code unlearn.mip.neuronsPerLayer} varies k without locating again.
 *
 * <p>Seeds: every point runs with several seeds ({@code seeds:}, a count or a list; default
 * {@value #DEFAULT_SEEDS}: the base file's {@code unlearn.seed} and the next ones), so that a result
 * is a seed mean with its spread, not one draw; a run that sets {@code unlearn.seed} itself runs
 * with that seed only. Runs of one point share its name ({@link Run#point()}); the report averages
 * them.
 */
public final class UnlearnSweep {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP_KEYS = Set.of("base", "common", "runs", "seeds");

    /** Seeds each point runs with when the sweep file does not say (the base seed and the next ones). */
    public static final int DEFAULT_SEEDS = 3;
    private static final Set<String> RUN_KEYS = Set.of("curve", "set", "grid");
    /** Keys a run's name leaves out: the curve already says the method, the results say the sets. */
    private static final Set<String> NOT_NAMED = Set.of("unlearn.method", "data.forget", "data.retain");

    /** Name of the curve of the vanilla (not unlearned) model. */
    public static final String VANILLA = "Vanilla";

    private final Path file;
    private final Path base;
    private final List<Run> runs;

    /**
     * One run of a sweep.
     *
     * @param curve the curve (method or variant) it belongs to
     * @param name a readable name: the curve, then the keys of its entry's {@code set} (but the method
     *     and the data sets) and of its grid combination as {@code key=value} with the last part of
     *     the key
     * @param overrides the mip.yaml keys it sets (sorted)
     * @param point the name of the point, the same for every seed of it (the name without {@code seed=})
     */
    public record Run(String curve, String name, Map<String, Object> overrides, String point) {}

    private UnlearnSweep(Path file, Path base, List<Run> runs) {
        this.file = file;
        this.base = base;
        this.runs = List.copyOf(runs);
    }

    /** @return the runs, in file order (grid combinations with the last key varying fastest) */
    public List<Run> runs() {
        return runs;
    }

    /**
     * Reads and validates a sweep file (every run's configuration included).
     *
     * @param file the sweep file
     * @return the sweep
     * @throws InvalidInputException naming the file and the field on any problem
     */
    public static UnlearnSweep read(Path file) {
        Path f = file.toAbsolutePath().normalize();
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(f));
        } catch (IOException e) {
            throw InvalidInputException.of(f, "(file)", "cannot be read as YAML (" + e.getMessage().lines().findFirst().orElse("") + ")",
                    "write a mapping with base, common and runs (see docs/results.md)");
        }
        if (root == null || !root.isObject()) {
            throw InvalidInputException.of(f, "(file)", "is not a YAML mapping", "write a mapping with base, common and runs");
        }
        unknownKeys(f, root, TOP_KEYS, "");
        if (!root.path("base").isTextual()) {
            throw InvalidInputException.of(f, "base", "is missing or not a path", "set base to the mip.yaml the runs start from");
        }
        Path base = f.getParent().resolve(root.get("base").textValue()).normalize();
        if (!Files.isRegularFile(base)) {
            throw InvalidInputException.of(f, "base", "names " + base + ", which is not a file", "point base at a mip.yaml");
        }
        Map<String, Object> common = overrides(f, root.path("common"), "common");
        List<Long> seeds = seeds(f, root.path("seeds"), MipConfig.load(base, base.getParent(), common).seed());
        JsonNode list = root.path("runs");
        if (!list.isArray() || list.isEmpty()) {
            throw InvalidInputException.of(f, "runs", "is missing or empty", "list at least one run (curve, set, grid)");
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String at = "runs[" + i + "]";
            if (!r.isObject()) {
                throw InvalidInputException.of(f, at, "is not a mapping", "write curve, set and grid");
            }
            unknownKeys(f, r, RUN_KEYS, at + ".");
            if (!r.path("curve").isTextual() || r.get("curve").textValue().isBlank()) {
                throw InvalidInputException.of(f, at + ".curve", "is missing", "name the curve this run belongs to (e.g. GA_Diff)");
            }
            String curve = r.get("curve").textValue();
            if (curve.equals(VANILLA)) {
                throw InvalidInputException.of(f, at + ".curve", "is " + VANILLA + ", which the sweep adds by itself", "use another name");
            }
            Map<String, Object> set = new TreeMap<>(common);
            set.putAll(overrides(f, r.path("set"), at + ".set"));
            Map<String, List<Object>> grid = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> g = r.path("grid").fields();
            while (g.hasNext()) {
                Map.Entry<String, JsonNode> e = g.next();
                if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                    throw InvalidInputException.of(f, at + ".grid." + e.getKey(), "is not a non-empty list", "list the values to try");
                }
                List<Object> values = new ArrayList<>();
                e.getValue().forEach(v -> values.add(JSON.convertValue(v, Object.class)));
                grid.put(e.getKey(), values);
            }
            for (Map<String, Object> combo : combinations(grid)) {
                Map<String, Object> o = new TreeMap<>(set);
                o.putAll(combo);
                StringBuilder name = new StringBuilder(curve);
                Map<String, Object> named = new LinkedHashMap<>(overrides(f, r.path("set"), at + ".set"));
                NOT_NAMED.forEach(named::remove);
                named.putAll(combo);
                named.forEach((k, v) -> name.append(' ').append(k.substring(k.lastIndexOf('.') + 1)).append('=').append(v));
                if (o.containsKey(SEED)) {
                    runs.add(new Run(curve, name.toString(), o, name.toString().replaceAll(" seed=-?\\d+", "")));
                    continue;
                }
                for (long seed : seeds) {
                    Map<String, Object> withSeed = new TreeMap<>(o);
                    withSeed.put(SEED, seed);
                    runs.add(new Run(curve, name + " seed=" + seed, withSeed, name.toString()));
                }
            }
        }
        UnlearnSweep s = new UnlearnSweep(f, base, runs);
        for (Run run : runs) {
            try {
                s.config(run);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(f + ": run '" + run.name() + "': " + e.getMessage(), e);
            }
        }
        return s;
    }

    /** The key a run's seed is set by. */
    private static final String SEED = "unlearn.seed";

    /** {@code seeds:} absent = {@value #DEFAULT_SEEDS} seeds from the base seed on; a count n the same with n; or a list. */
    private static List<Long> seeds(Path f, JsonNode node, long baseSeed) {
        List<Long> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull() || node.isIntegralNumber()) {
            int n = node.isIntegralNumber() ? node.intValue() : DEFAULT_SEEDS;
            if (n < 1) {
                throw InvalidInputException.of(f, "seeds", "is " + n + " but must be at least 1", "write a count of seeds (e.g. 3) or a list");
            }
            for (int i = 0; i < n; i++) {
                out.add(baseSeed + i);
            }
            return out;
        }
        if (!node.isArray() || node.isEmpty()) {
            throw InvalidInputException.of(f, "seeds", "is neither a count nor a non-empty list", "write e.g. seeds: 3 or seeds: [42, 1, 2]");
        }
        for (JsonNode s : node) {
            if (!s.isIntegralNumber() || out.contains(s.longValue())) {
                throw InvalidInputException.of(f, "seeds", "holds " + s + ", not a distinct whole number", "list distinct whole numbers");
            }
            out.add(s.longValue());
        }
        return out;
    }

    private static void unknownKeys(Path f, JsonNode node, Set<String> allowed, String prefix) {
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw InvalidInputException.of(f, prefix + k, "unknown key", "use " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        });
    }

    private static Map<String, Object> overrides(Path f, JsonNode node, String at) {
        Map<String, Object> out = new TreeMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw InvalidInputException.of(f, at, "is not a mapping", "write dotted mip.yaml keys with values, e.g. unlearn.method: npo");
        }
        node.fields().forEachRemaining(e -> out.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class)));
        return out;
    }

    private static List<Map<String, Object>> combinations(Map<String, List<Object>> grid) {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : out) {
                for (Object v : e.getValue()) {
                    Map<String, Object> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * @param run a run
     * @return its validated configuration
     */
    public MipConfig config(Run run) {
        return MipConfig.load(base, base.getParent(), run.overrides());
    }

    /**
     * Which runs the results file already holds (same identity: model, data, splits and effective
     * settings), so that a sweep can be checked before it is resumed.
     *
     * @param results the JSON Lines results file (absent = nothing recorded)
     * @return one flag per run of {@link #runs()}, in order
     */
    public List<Boolean> recorded(Path results) {
        Set<String> keys = new java.util.HashSet<>();
        readResults(results).forEach(n -> keys.add(n.path("key").asText()));
        Inputs inputs = new Inputs();
        List<Boolean> out = new ArrayList<>();
        for (Run run : runs) {
            MipConfig cfg = config(run);
            Pipeline p = new Pipeline(cfg, Pipeline.Options.of(false), ProgressListener.NONE, inputs);
            out.add(keys.contains(key(p.modelFingerprint(), p.dataFingerprint(), cfg, run)));
        }
        return out;
    }

    /**
     * Runs every run not yet in the results file (and the vanilla evaluation of each forget/retain
     * pair), rewriting the file atomically after each.
     *
     * @param results the JSON Lines results file (created if absent)
     * @param curves only runs of these curves (empty = all)
     * @param progress progress reporting
     * @return the number of runs done now (not counting those already recorded)
     */
    public int run(Path results, Set<String> curves, ProgressListener progress) {
        List<ObjectNode> done = readResults(results);
        Set<String> keys = new java.util.HashSet<>();
        done.forEach(n -> keys.add(n.path("key").asText()));
        Inputs inputs = new Inputs(); // each model and dataset is read and fingerprinted once per sweep
        int count = 0;
        List<Run> todo = new ArrayList<>();
        for (Run r : runs) {
            if (curves.isEmpty() || curves.contains(r.curve())) {
                todo.add(r);
            }
        }
        for (int i = 0; i < todo.size(); i++) {
            Run run = todo.get(i);
            MipConfig cfg = config(run);
            Pipeline pipeline = new Pipeline(cfg, Pipeline.Options.of(false), progress, inputs);
            String modelFp = pipeline.modelFingerprint();
            String dataFp = pipeline.dataFingerprint();
            String vanillaKey = key(modelFp, dataFp, cfg, null);
            if (!keys.contains(vanillaKey)) {
                progress.info("sweep: vanilla on " + cfg.forget() + "/" + cfg.retain());
                done.add(evaluateVanilla(pipeline, cfg, vanillaKey));
                keys.add(vanillaKey);
                write(results, done);
            }
            String k = key(modelFp, dataFp, cfg, run);
            if (keys.contains(k)) {
                progress.info(String.format(Locale.ROOT, "sweep %d/%d: %s (recorded)", i + 1, todo.size(), run.name()));
                continue;
            }
            progress.info(String.format(Locale.ROOT, "sweep %d/%d: %s on %s", i + 1, todo.size(), run.name(), cfg.forget()));
            done.add(execute(pipeline, cfg, run, k, modelFp, dataFp, results, progress));
            keys.add(k);
            write(results, done);
            count++;
        }
        return count;
    }

    private ObjectNode evaluateVanilla(Pipeline pipeline, MipConfig cfg, String key) {
        ObjectNode n = head(key, VANILLA, VANILLA, cfg);
        n.put("method", "none");
        try (Checkpoint c = pipeline.loadVanilla()) {
            evaluate(n, pipeline, c, "vanilla model");
        }
        return n;
    }

    private ObjectNode execute(Pipeline pipeline, MipConfig cfg, Run run, String key, String modelFp, String dataFp, Path results,
            ProgressListener progress) {
        ObjectNode n = head(key, run.curve(), run.name(), cfg);
        n.put("point", run.point());
        n.set("overrides", JSON.valueToTree(run.overrides()));
        MethodSettings method = cfg.unlearnMethod();
        n.put("method", method.method().id());
        n.set("settings", cfg.effectiveSettings().path("unlearn"));
        InfluentialPaths paths = null;
        if (method.usesPaths()) {
            n.set("locate", cfg.effectiveSettings().path("locate"));
            paths = paths(pipeline, cfg, modelFp, dataFp, results, n, progress);
        }
        try (Checkpoint c = pipeline.loadForUnlearning()) {
            long before = PeakMemory.rssBytes();
            PeakMemory.Window w = PeakMemory.window();
            UnlearnReport r;
            try {
                r = pipeline.unlearnInMemory(c, paths).report();
            } catch (RuntimeException e) {
                // A diverged or failed run is a point of the sweep too: recorded, not evaluated.
                n.put("error", String.valueOf(e.getMessage()));
                n.put("unlearnSeconds", round(w.seconds(), 1));
                return n;
            }
            n.put("unlearnSeconds", round(w.seconds(), 1));
            n.put("rssBeforeMiB", round(before / 1048576.0, 1));
            n.put("peakRssMiB", round(w.peakMiB(), 1));
            n.put("peakRssOfThisRun", w.own()); // false: the process's peak so far (the reset is Linux-only)
            n.put("trainableParameters", r.trainableParameters());
            n.put("prunedNeurons", r.pruned().size());
            n.put("trainedNeurons", r.trained() == null ? -1 : r.trained().size());
            ObjectNode fl = n.putObject("finalLosses");
            r.finalLosses().forEach((k, v) -> fl.put(k, round(v, 6)));
            // Evaluated in memory, at the precision unlearning trained in (float32, model.dtype's default).
            evaluate(n, pipeline, c, "unlearned model");
        }
        return n;
    }

    /** The run's path file: located once per model, data, forget set and locate settings, kept beside the results. */
    private InfluentialPaths paths(Pipeline pipeline, MipConfig cfg, String modelFp, String dataFp, Path results, ObjectNode n,
            ProgressListener progress) {
        ObjectNode id = JSON.createObjectNode();
        id.put("model", modelFp).put("data", dataFp).put("forget", cfg.forget());
        id.set("locate", cfg.effectiveSettings().path("locate").deepCopy());
        ((ObjectNode) id.get("locate")).remove("output");
        String h = Sha256.of(id.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        Path file = results.resolveSibling(results.getFileName() + ".paths").resolve(cfg.forget() + "-" + h + ".json");
        if (Files.isRegularFile(file)) {
            n.put("locateSeconds", 0.0);
            return InfluentialPaths.read(file);
        }
        progress.info("sweep: locating the paths of " + cfg.forget());
        try (Checkpoint c = pipeline.loadVanilla()) {
            long t0 = System.nanoTime();
            InfluentialPaths p = pipeline.locatePaths(c);
            n.put("locateSeconds", round((System.nanoTime() - t0) / 1e9, 1));
            p.write(file);
            return p;
        }
    }

    private static void evaluate(ObjectNode n, Pipeline pipeline, Checkpoint c, String what) {
        long t0 = System.nanoTime();
        // Relearning (audit.relearn) fine-tunes the model in memory: the last step, the model is discarded after it.
        Map<String, Metric> r = pipeline.relearnedInPlace(c, pipeline.measure(c, what), what).metrics();
        n.put("evalSeconds", round((System.nanoTime() - t0) / 1e9, 1));
        ObjectNode metrics = n.putObject("metrics");
        ObjectNode counts = n.putObject("counts");
        ObjectNode chance = n.putObject("chance");
        for (Metric m : r.values()) {
            metrics.put(m.name(), round(m.value(), 6));
            counts.put(m.name(), m.count());
            if (m.chance() > 0) {
                chance.put(m.name(), round(m.chance(), 6));
            }
        }
    }

    private static ObjectNode head(String key, String curve, String name, MipConfig cfg) {
        ObjectNode n = JSON.createObjectNode();
        n.put("key", key).put("curve", curve).put("name", name).put("forget", cfg.forget()).put("retain", cfg.retain());
        n.put("seed", cfg.seed());
        return n;
    }

    /** Identity of a run: model, data, forget/retain sets and the settings that change its outcome (null run = vanilla). */
    private static String key(String modelFp, String dataFp, MipConfig cfg, Run run) {
        ObjectNode id = JSON.createObjectNode();
        id.put("model", modelFp).put("data", dataFp).put("forget", cfg.forget()).put("retain", cfg.retain());
        id.set("eval", cfg.effectiveSettings().path("eval"));
        if (run != null) {
            ObjectNode unlearn = cfg.effectiveSettings().path("unlearn").deepCopy();
            unlearn.remove("output");
            withoutNeutralSettings((ObjectNode) unlearn.path("mip"));
            id.set("unlearn", unlearn);
            if (cfg.unlearnMethod().method() == Method.MIP) { // MIP's identity names its locate settings, paths used or not
                ObjectNode locate = cfg.effectiveSettings().path("locate").deepCopy();
                locate.remove("output");
                id.set("locate", locate);
            }
        }
        return Sha256.of(id.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Leaves out of a run's identity the MIP settings added after runs were recorded, at the value
     * that reproduces the behaviour before them (one shared direction, no stopping), so that those
     * runs keep their identity; any other value is part of it.
     */
    private static void withoutNeutralSettings(ObjectNode mip) {
        if ("shared".equals(mip.path("directions").asText())) {
            mip.remove("directions");
        }
        if ("none".equals(mip.path("stopping").asText())) {
            mip.remove("stopping");
            mip.remove("stopMargin");
        }
    }

    /**
     * @param results a results file
     * @return its records, in file order (empty if the file does not exist)
     * @throws InvalidInputException naming the file and line when a line is not a JSON object
     */
    public static List<ObjectNode> readResults(Path results) {
        List<ObjectNode> out = new ArrayList<>();
        if (!Files.exists(results)) {
            return out;
        }
        try {
            List<String> lines = Files.readAllLines(results);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(lines.get(i));
                } catch (JsonProcessingException e) {
                    n = null;
                }
                if (n == null || !n.isObject()) {
                    throw InvalidInputException.of(results, "line " + (i + 1), "is not a JSON object",
                            "delete the line (its run is then done again) or restore the file");
                }
                out.add((ObjectNode) n);
            }
        } catch (IOException e) {
            throw InvalidInputException.of(results, "(file)", "cannot be read (" + e.getMessage() + ")", "check its permissions");
        }
        return out;
    }

    private static void write(Path results, List<ObjectNode> done) {
        StringBuilder sb = new StringBuilder();
        for (ObjectNode n : done) {
            sb.append(n.toString()).append('\n');
        }
        AtomicFiles.writeString(results, sb.toString());
    }

    private static double round(double x, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(x * f) / f;
    }

    @Override
    public String toString() {
        return "UnlearnSweep[" + file + ", " + runs.size() + " runs]";
    }
}

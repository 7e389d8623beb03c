package dev.mip.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.data.load.BenchmarkLoader;
import dev.mip.data.EvalSplit;
import dev.mip.unlearn.GradientSettings;
import dev.mip.unlearn.ManuSettings;
import dev.mip.unlearn.Method;
import dev.mip.unlearn.MethodSettings;
import dev.mip.unlearn.MipSettings;
import dev.mip.eval.Audit;
import dev.mip.eval.EvalOptions;
import dev.mip.eval.McqScoring;
import dev.mip.eval.MiaAttack;
import dev.mip.gate.Decision;
import dev.mip.gate.GatePolicy;
import dev.mip.gate.GateRule;
import dev.mip.gate.GateTarget;
import dev.mip.gate.InconclusivePolicy;
import dev.mip.gate.OnMissing;
import dev.mip.gate.Severity;
import dev.mip.io.OutputOverlap;
import dev.mip.locate.LocateSettings;
import dev.mip.model.LlavaConfig;
import dev.mip.model.Quantization;
import dev.mip.model.Tower;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration file {@code mip.yaml} that every goal reads (model, data, locate, unlearn,
 * eval, gate, report), validated and turned into the engine's settings records. Immutable and
 * thread-safe.
 *
 * <p>{@link #load} checks everything it can without loading a model and reports every problem at
 * once, one line each, as {@code <file>:<line>:<column>: field '<a.b.c>': <problem>. Fix: <fix>}.
 * Every key, its default, range, unit and meaning is listed by {@link #referenceMarkdown()}
 * (also published as {@code docs/configuration.md}); each accessor below names its key.
 */
public final class MipConfig {
    private static final String SECTIONS = "the sections " + String.join(", ", ConfigSchema.ROOT.childNames());
    private static final Pattern FORGET_SET = Pattern.compile("forget_(\\d+)");

    private final Path baseDir;
    private final ObjectNode tree;
    private final ObjectNode effective;
    private final List<GateRule> gateRules;
    private final LocateSettings locate;
    private final MipSettings mip;
    private final GradientSettings gradient;
    private final EvalOptions eval;
    private final MethodSettings method;

    private MipConfig(Path baseDir, ObjectNode tree, List<GateRule> gateRules) {
        this.baseDir = baseDir;
        this.tree = tree;
        this.effective = sorted(tree);
        this.gateRules = List.copyOf(gateRules);
        this.locate = readLocate();
        this.mip = readMip();
        this.gradient = readGradient();
        this.eval = readEval();
        this.method = readMethod();
    }

    /**
     * Reads and validates a configuration file. The file is only read, never written.
     *
     * @param yamlFile the YAML file; a relative path resolves against {@code baseDir}
     * @param baseDir the project directory that relative paths in the file resolve against
     * @return the validated configuration
     * @throws InvalidInputException if the file is missing, unreadable, empty, not YAML or not a
     *     mapping (one line), or listing every problem found in it (one line each, in file order)
     */
    public static MipConfig load(Path yamlFile, Path baseDir) {
        return load(yamlFile, baseDir, java.util.Map.of());
    }

    /**
     * Reads a configuration file with some keys replaced, then validates the result as a whole
     * (as {@link #load(Path, Path)}). Used by sweeps that vary a few settings of one base file.
     *
     * @param yamlFile the YAML file; a relative path resolves against {@code baseDir}
     * @param baseDir the project directory that relative paths resolve against
     * @param overrides dotted key (e.g. {@code unlearn.gradient.learningRate}) to the value that
     *     replaces or adds it (a number, string, boolean, list or map, as YAML would read it)
     * @return the validated configuration
     * @throws InvalidInputException as {@link #load(Path, Path)}; a problem in an overridden key
     *     names the key (its line and column are those of the base file, where it may be absent)
     */
    public static MipConfig load(Path yamlFile, Path baseDir, java.util.Map<String, ?> overrides) {
        Path base = Objects.requireNonNull(baseDir, "baseDir").toAbsolutePath().normalize();
        Path file = base.resolve(Objects.requireNonNull(yamlFile, "yamlFile")).normalize();
        YamlDocument doc = YamlDocument.read(file, SECTIONS);
        if (!overrides.isEmpty()) {
            ObjectNode root = ((ObjectNode) doc.root()).deepCopy();
            ObjectMapper mapper = new ObjectMapper();
            for (java.util.Map.Entry<String, ?> e : new java.util.TreeMap<>(overrides).entrySet()) {
                String[] parts = e.getKey().split("\\.");
                ObjectNode at = root;
                for (int i = 0; i < parts.length - 1; i++) {
                    JsonNode child = at.get(parts[i]);
                    if (child == null || !child.isObject()) {
                        child = at.putObject(parts[i]);
                    }
                    at = (ObjectNode) child;
                }
                at.set(parts[parts.length - 1], mapper.valueToTree(e.getValue()));
            }
            doc = new YamlDocument(doc.text(), root);
        }
        YamlLocations locations = YamlLocations.of(doc.text());
        ConfigProblems problems = new ConfigProblems();
        locations.duplicates().forEach((field, at) -> problems.add(field, at, "appears twice in the same mapping "
                + "(this second one would silently replace the first)", "Keep one of the two entries"));
        ObjectNode tree = new SchemaValidator(base, problems).read(doc.root());
        checkData(doc.root(), tree, problems);
        checkModel(tree, base, problems);
        checkOutputs(tree, base, problems);
        List<GateRule> rules = gateRules(doc.root(), tree, problems);
        if (!problems.isEmpty()) {
            throw problems.toException(file, locations);
        }
        return new MipConfig(base, tree, rules);
    }

    private static void checkData(JsonNode written, ObjectNode tree, ConfigProblems problems) {
        String forget = tree.at("/data/forget").asText();
        if (forget.equals(tree.at("/data/retain").asText())) {
            Matcher m = FORGET_SET.matcher(forget);
            String example = m.matches() && m.group(1).length() <= 2 ? " (e.g. retain_" + (100 - Integer.parseInt(m.group(1)))
                    + " for " + forget + ")" : "";
            boolean retainWritten = !written.at("/data/retain").isMissingNode();
            problems.add(retainWritten ? "data.retain" : "data.forget", "is the same profile set as "
                    + (retainWritten ? "data.forget" : "data.retain (by default)") + " (" + ConfigValues.quote(forget)
                    + "): nothing would be both forgotten and kept", retainWritten ? "Name the set of profiles to keep" + example
                    : "Set data.retain to the profiles to keep, or forget another set");
        }
    }

    private static void checkModel(ObjectNode tree, Path base, ConfigProblems problems) {
        JsonNode path = tree.at("/model/path");
        if (path.isTextual()) {
            Path dir = base.resolve(path.textValue()).normalize();
            if (!Files.isDirectory(dir)) {
                problems.add("model.path", "directory " + dir + (Files.exists(dir) ? " is a file" : " does not exist"),
                        "Point it at a Hugging Face LLaVA checkpoint directory (relative paths resolve against " + base + ")");
            } else {
                checkSteeringLayer(tree, dir, problems);
            }
        }
        JsonNode ref = tree.at("/model/reference");
        if (ref.isTextual() && !Files.isDirectory(base.resolve(ref.textValue()).normalize())) {
            Path dir = base.resolve(ref.textValue()).normalize();
            problems.add("model.reference", "directory " + dir + (Files.exists(dir) ? " is a file" : " does not exist"),
                    "Point it at a retain-only model trained without the forget set (see embedded/README.md), or remove it");
        }
    }

    /**
     * The steering layer must exist in the decoder: checked here, from config.json alone, so that a
     * wrong value fails before locate spends its time rather than after.
     */
    private static void checkSteeringLayer(ObjectNode tree, Path modelDir, ConfigProblems problems) {
        if (!Method.MIP.id().equals(tree.at("/unlearn/method").textValue()) || !tree.at("/unlearn/mip/steeringLayer").isInt()) {
            return;
        }
        int layers;
        try {
            layers = LlavaConfig.load(modelDir).text().numLayers();
        } catch (InvalidInputException e) {
            return; // loading the model reports a broken config.json with its own message
        }
        int l = tree.at("/unlearn/mip/steeringLayer").intValue();
        if (l >= layers) {
            problems.add("unlearn.mip.steeringLayer", "is " + l + " but the decoder of " + modelDir.resolve(LlavaConfig.FILE)
                    + " has " + layers + " layers (text_config.num_hidden_layers; layer indices 0.." + (layers - 1) + ")",
                    "Write a layer index from 0 to " + (layers - 1) + ", e.g. " + Math.min(MipSettings.defaults().steeringLayer(),
                            layers - 1));
        }
    }

    /** Keys of the paths the goals write, and whether the path is replaced as a whole directory. */
    private static final List<String> OUTPUTS = List.of("locate.output", "unlearn.output", "eval.cacheDir", "report.output");

    /**
     * No output may be, contain or lie inside the model or data directory (symbolic links
     * resolved), and nothing else may be written into unlearn.output, which unlearn replaces as a whole.
     */
    private static void checkOutputs(ObjectNode tree, Path base, ConfigProblems problems) {
        List<OutputOverlap.Named> outputs = named(tree, base, OUTPUTS);
        List<OutputOverlap.Named> inputs = named(tree, base, List.of("model.path", "data.path", "model.reference"));
        for (OutputOverlap.Overlap o : OutputOverlap.find(outputs, inputs)) {
            problems.add(o.output().key(), o.describe() + ": the goals would write into " + o.input().key()
                    + (o.output().key().equals("unlearn.output") && o.input().key().equals("model.path")
                            ? " (the unlearned model would replace the original, and verify would compare it with itself)"
                            : ", which is only read"),
                    "Point " + o.output().key() + " outside " + o.input().key() + ", e.g. at its default "
                            + ConfigSchema.ROOT.find(o.output().key()).defaultValue().asText());
        }
        List<OutputOverlap.Named> model = named(tree, base, List.of("unlearn.output"));
        List<OutputOverlap.Named> others = outputs.stream().filter(n -> !n.key().equals("unlearn.output")).toList();
        for (OutputOverlap.Overlap o : OutputOverlap.find(others, model)) {
            if (!o.relation().equals("contains")) {
                problems.add(o.output().key(), o.describe() + ": unlearn replaces that directory as a whole, so "
                        + o.output().key() + " would be deleted and its files would change the unlearned model's fingerprint",
                        "Point " + o.output().key() + " outside unlearn.output");
            }
        }
    }

    private static List<OutputOverlap.Named> named(ObjectNode tree, Path base, List<String> keys) {
        List<OutputOverlap.Named> out = new ArrayList<>();
        for (String k : keys) {
            JsonNode v = tree.at("/" + k.replace('.', '/'));
            if (v.isTextual()) {
                out.add(new OutputOverlap.Named(k, base.resolve(v.textValue()).normalize()));
            }
        }
        return out;
    }

    /** Builds the rules and reports {@link GateRule#problems()} at the offending key. */
    private static List<GateRule> gateRules(JsonNode written, ObjectNode tree, ConfigProblems problems) {
        List<GateRule> out = new ArrayList<>();
        JsonNode items = tree.at("/gate/rules");
        for (int i = 0; i < items.size(); i++) {
            JsonNode r = items.get(i);
            if (!r.isObject() || !r.get("metric").isTextual()) {
                continue; // already reported
            }
            JsonNode w = written.at("/gate/rules/" + i);
            boolean boundRejected = false;
            for (Iterator<String> k = r.fieldNames(); k.hasNext();) {
                String key = k.next();
                boundRejected |= r.get(key).isNull() && w.hasNonNull(key);
            }
            GateRule rule = GateRule.of(r.get("metric").textValue()).withMin(number(r, "min")).withMax(number(r, "max"))
                    .withMinDropFromBaseline(number(r, "minDropFromBaseline"))
                    .withMaxDropFromBaseline(number(r, "maxDropFromBaseline"))
                    .withMinRelativeDropFromBaseline(number(r, "minRelativeDropFromBaseline"))
                    .withMaxRelativeDropFromBaseline(number(r, "maxRelativeDropFromBaseline"))
                    .withWithin(number(r, "within"), r.get("of").isNull() ? null : GateTarget.parse(r.get("of").asText()))
                    .withSeverity(enumOf(Severity.class, r.get("severity")))
                    .withDecide(r.get("decide").isNull() ? null : enumOf(Decision.class, r.get("decide")))
                    .withInconclusive(r.get("inconclusive").isNull() ? null : enumOf(InconclusivePolicy.class, r.get("inconclusive")))
                    .withMinCount(r.get("minCount").isNull() ? null : r.get("minCount").intValue());
            for (String p : rule.problems()) {
                if (boundRejected && p.startsWith("rule has no bound")) {
                    continue; // a bound was written, but rejected above
                }
                String key = ConfigSchema.ROOT.child("gate").child("rules").childNames().stream()
                        .filter(k -> p.startsWith(k + " ")).findFirst().orElse(null);
                String fix = key == null ? "Add at least one bound, e.g. max: 0.35"
                        : key.equals("metric") ? "Write a metric name or glob such as forget.*.mcq.accuracy"
                        : key.equals("within") && p.contains("'of'") ? "Add of: chance, of: reference, of: vanilla or of: <number>"
                        : key.equals("of") ? "Add within: <largest allowed distance>, e.g. within: 0.1"
                        : key.equals("minCount") ? "Write a whole number of at least 1"
                        : p.contains("greater than") ? "Correct one of the two bounds, or swap them"
                        : key.contains("Relative") ? "Write a fraction between 0 and 1, or a percentage such as \"5%\""
                        : "Write a finite number";
                problems.add("gate.rules[" + i + "]" + (key == null ? "" : "." + key), p, fix);
            }
            out.add(rule);
        }
        return out;
    }

    /** @return the project directory relative paths resolve against (absolute) */
    public Path baseDir() {
        return baseDir;
    }

    /** @return {@code model.path}: the checkpoint directory to unlearn from (absolute; required) */
    public Path modelPath() {
        return path("/model/path");
    }

    /** @return {@code model.reference}: the retain-only reference model directory (absolute), or null when not set */
    public Path referencePath() {
        return tree.at("/model/reference").isTextual() ? path("/model/reference") : null;
    }

    /** @return {@code model.device}: {@code cpu} or {@code gpu:N} (default cpu; {@code gpu} and {@code cuda} normalised) */
    public String device() {
        return text("/model/device");
    }

    /** @return {@code model.workers}: CPU worker threads, 0 (default) = one per available processor */
    public int workers() {
        return tree.at("/model/workers").intValue();
    }

    /** @return {@code model.dtype}: float32 (default), float64 or float16 */
    public String dtype() {
        return text("/model/dtype");
    }

    /** @return {@code data.path}: the dataset directory (absolute; required) */
    public Path dataPath() {
        return path("/data/path");
    }

    /** @return {@code data.format}: MIP, MLLMU_BENCH or AUTO (default) */
    public BenchmarkLoader.Format dataFormat() {
        return BenchmarkLoader.Format.parse(text("/data/format"), "data.format");
    }

    /** @return {@code data.forget}: the profile set to forget (default forget_5) */
    public String forget() {
        return text("/data/forget");
    }

    /** @return {@code data.retain}: the profile set to keep (default retain_95) */
    public String retain() {
        return text("/data/retain");
    }

    /** @return {@code locate.*} as the engine's settings (one shard: index 0 of 1) */
    public LocateSettings locateSettings() {
        return locate;
    }

    /** @return {@code locate.output}: the path file written by locate and read by unlearn (absolute) */
    public Path pathsOutput() {
        return path("/locate/output");
    }

    /**
     * @return {@code unlearn.method} with its settings: {@link #mipSettings()} for mip (default), the
     *     {@link #gradientSettings()} of ga-diff, kl-min or npo, or MANU's {@code unlearn.manu.*}
     */
    public MethodSettings unlearnMethod() {
        return method;
    }

    /** @return {@code unlearn.seed}: the seed of every random choice (default 42) */
    public long seed() {
        return tree.at("/unlearn/seed").longValue();
    }

    /** @return {@code unlearn.output}: the directory the unlearned checkpoint is written to (absolute) */
    public Path modelOutput() {
        return path("/unlearn/output");
    }

    /** @return {@code unlearn.mip.*} (with {@code unlearn.seed}) as the MIP editor's settings */
    public MipSettings mipSettings() {
        return mip;
    }

    /**
     * @return {@code unlearn.gradient.*} (with {@code unlearn.seed}) as the settings of the gradient
     *     baseline {@code unlearn.method} names (ga-diff when it names another method)
     */
    public GradientSettings gradientSettings() {
        return gradient;
    }

    /**
     * @return {@code unlearn.manu.alpha} (the fraction of all FFN neurons MANU prunes, in (0, 1],
     *     default 0.05) and {@code unlearn.manu.tau} (MANU's activity threshold, default 0.01)
     */
    public ManuSettings manuSettings() {
        return new ManuSettings(tree.at("/unlearn/manu/alpha").doubleValue(), tree.at("/unlearn/manu/tau").doubleValue());
    }

    /** @return {@code eval.mcqScoring}, {@code eval.batchSize}, {@code eval.maxNewTokens} and {@code eval.maxQuestionsPerSlice} */
    public EvalOptions evalOptions() {
        return eval;
    }

    /** @return {@code eval.splits}: the splits evaluated (default all), in declaration order, unmodifiable */
    public Set<EvalSplit> evalSplits() {
        Set<EvalSplit> out = EnumSet.noneOf(EvalSplit.class);
        tree.at("/eval/splits").forEach(s -> out.add(EvalSplit.fromId(s.textValue())));
        return Collections.unmodifiableSet(out);
    }

    /** @return {@code audit.*}: the recovery attacks verify runs (default none) */
    public Audit.Settings audit() {
        Set<Quantization.Scheme> q = EnumSet.noneOf(Quantization.Scheme.class);
        tree.at("/audit/quantization").forEach(n -> q.add(Quantization.Scheme.of(n.asText())));
        Set<Audit.PromptAttack> p = EnumSet.noneOf(Audit.PromptAttack.class);
        tree.at("/audit/prompts").forEach(n -> p.add(Audit.PromptAttack.of(n.asText())));
        JsonNode r = tree.at("/audit/relearn");
        return new Audit.Settings(q, p, new Audit.Relearn(r.get("epochs").intValue(), r.get("batchSize").intValue(),
                r.get("learningRate").doubleValue(), r.get("fraction").doubleValue()));
    }

    /** @return {@code eval.miaAttacks}: the membership-inference attacks run (default all) */
    public Set<MiaAttack> miaAttacks() {
        Set<MiaAttack> out = EnumSet.noneOf(MiaAttack.class);
        tree.at("/eval/miaAttacks").forEach(n -> out.add(MiaAttack.of(n.asText())));
        return Collections.unmodifiableSet(out);
    }

    /** @return {@code eval.membershipInference}: whether forget.any.mia.* is computed (default true) */
    public boolean membershipInference() {
        return tree.at("/eval/membershipInference").booleanValue();
    }

    /** @return {@code eval.cacheDir}: the directory of cached intermediate results (absolute) */
    public Path cacheDir() {
        return path("/eval/cacheDir");
    }

    /** @return {@code gate.onMissing}: what a metric that cannot be evaluated does (default ERROR) */
    public OnMissing gateOnMissing() {
        return enumOf(OnMissing.class, tree.at("/gate/onMissing"));
    }

    /**
     * @return {@code gate.onMissing}, {@code gate.decide} (default point), {@code gate.inconclusive}
     *     (default fail) and {@code gate.minCount} (default 1): what rules fall back to
     */
    public GatePolicy gatePolicy() {
        return new GatePolicy(gateOnMissing(), enumOf(Decision.class, tree.at("/gate/decide")),
                enumOf(InconclusivePolicy.class, tree.at("/gate/inconclusive")), tree.at("/gate/minCount").intValue());
    }

    /** @return {@code gate.rules}: the rules checked by verify, in file order (default none), unmodifiable */
    public List<GateRule> gateRules() {
        return gateRules;
    }

    /** @return {@code report.output}: the directory of report.json, report.html and TEST-mip-verify.xml (absolute) */
    public Path reportOutput() {
        return path("/report/output");
    }

    /**
     * Every key with its effective value (the default where absent, {@code null} for an unset
     * optional bound), keys sorted, words in lower case, percentages as fractions, paths relative
     * to the project directory (with ".." when outside it, so that two checkouts of one build agree). For fingerprints and reports.
     *
     * @return a fresh copy
     */
    public JsonNode effectiveSettings() {
        return effective.deepCopy();
    }

    /** @return the SHA-256 (lower-case hex) of {@link #effectiveSettings()} as compact JSON with sorted keys */
    public String fingerprint() {
        try {
            byte[] json = new ObjectMapper().writeValueAsString(effective).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return the reference of every key (type, default, allowed values, unit, meaning) in Markdown,
     *     one table per section, generated from the same schema the validator uses
     */
    public static String referenceMarkdown() {
        return ConfigReference.markdown();
    }

    private LocateSettings readLocate() {
        JsonNode l = tree.get("locate");
        return new LocateSettings(enumOf(LocateSettings.Mode.class, l.get("mode")), l.get("steps").intValue(),
                l.get("pathWidth").intValue(), l.get("neuronsPerLayer").intValue(),
                enumOf(LocateSettings.Aggregation.class, l.get("aggregation")), l.get("samplesPerBatch").intValue(), 0, 1,
                l.get("stepsPerPass").intValue());
    }

    private MipSettings readMip() {
        JsonNode m = tree.at("/unlearn/mip");
        Set<Tower> towers = EnumSet.noneOf(Tower.class);
        m.get("towers").forEach(t -> towers.add(enumOf(Tower.class, t)));
        return new MipSettings(m.get("neuronsPerLayer").intValue(), m.get("steeringLayer").intValue(),
                m.get("lambda").doubleValue(), m.get("gamma").doubleValue(), m.get("retainCeWeight").doubleValue(),
                m.get("learningRate").doubleValue(), m.get("epochs").intValue(), m.get("batchSize").intValue(),
                m.get("retainPool").intValue(), seed(), towers, m.get("prune").booleanValue(), m.get("edit").booleanValue(),
                enumOf(MipSettings.Objective.class, m.get("objective")), m.get("wholeModel").booleanValue(),
                enumOf(MipSettings.Directions.class, m.get("directions")), enumOf(MipSettings.Stopping.class, m.get("stopping")),
                m.get("stopMargin").doubleValue());
    }

    private GradientSettings readGradient() {
        JsonNode g = tree.at("/unlearn/gradient");
        Set<String> targets = new TreeSet<>();
        g.get("loraTargets").forEach(t -> targets.add(t.textValue()));
        Method m = Method.parse(text("/unlearn/method"), "unlearn.method");
        return new GradientSettings(m.isGradientBaseline() ? m : Method.GA_DIFF, g.get("learningRate").doubleValue(), g.get("epochs").intValue(),
                g.get("batchSize").intValue(), g.get("retainWeight").doubleValue(), g.get("beta").doubleValue(),
                g.get("lora").booleanValue(), g.get("loraRank").intValue(), g.get("loraAlpha").doubleValue(), targets,
                g.get("retainPool").intValue(), seed());
    }

    /** The one place a method's name chooses its settings record. */
    private MethodSettings readMethod() {
        Method m = Method.parse(text("/unlearn/method"), "unlearn.method");
        return switch (m) {
            case MIP -> mip;
            case GA_DIFF, KL_MIN, NPO -> gradient;
            case MANU -> manuSettings();
        };
    }

    private EvalOptions readEval() {
        JsonNode e = tree.get("eval");
        return new EvalOptions(enumOf(McqScoring.class, e.get("mcqScoring")), e.get("batchSize").intValue(),
                e.get("maxNewTokens").intValue(), e.get("maxQuestionsPerSlice").intValue());
    }

    private String text(String pointer) {
        return tree.at(pointer).textValue();
    }

    private Path path(String pointer) {
        return baseDir.resolve(text(pointer)).normalize();
    }

    private static Double number(JsonNode rule, String key) {
        JsonNode v = rule.get(key);
        return v.isNumber() ? v.doubleValue() : null;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, JsonNode word) {
        return Enum.valueOf(type, word.textValue().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private static ObjectNode sorted(JsonNode node) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String k : names) {
            JsonNode v = node.get(k);
            if (v.isArray()) {
                ArrayNode a = out.putArray(k);
                v.forEach(x -> a.add(x.isObject() ? sorted(x) : x.deepCopy()));
            } else {
                out.set(k, v.isObject() ? sorted(v) : v.deepCopy());
            }
        }
        return out;
    }
}

package dev.mip.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mip.InvalidInputException;
import dev.mip.gate.GateCheck;
import dev.mip.gate.GateResult;
import dev.mip.gate.Decision;
import dev.mip.gate.GateRule;
import dev.mip.gate.GateTarget;
import dev.mip.gate.InconclusivePolicy;
import dev.mip.gate.Severity;
import dev.mip.gate.Verdict;
import dev.mip.io.AtomicFiles;
import dev.mip.json.JsonFields;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report for machines: one JSON object with sorted keys, two-space indentation, {@code \n}
 * line ends and numbers rounded to 6 decimals (NaN is {@code null}), so that the same report always
 * gives the same bytes. It holds every metric (value, its 95% interval {@code lo}/{@code hi}, count,
 * chance, vanilla value, delta, reference value and delta to it), every check with its rule, its
 * interval and whether it blocks the build, the verdict and summary, the activation shift and the
 * input fingerprints;
 * the timestamp only when there is one. {@link #read} recovers the gate's result from it, to replay
 * a recorded verdict.
 */
public final class JsonReport {
    /** Version of the layout, written as {@code schema}. */
    public static final int SCHEMA = 2;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private JsonReport() {}

    /**
     * Writes the report atomically.
     *
     * @param report the report
     * @param file the JSON file
     */
    public static void write(VerifyReport report, Path file) {
        AtomicFiles.writeString(file, toJson(report));
    }

    /**
     * @param report the report
     * @return the JSON text, ending with a line break
     */
    static String toJson(VerifyReport report) {
        Map<String, Object> root = new TreeMap<>();
        root.put("schema", SCHEMA);
        root.put("model", report.model());
        root.put("method", report.method());
        root.put("forgetSplit", report.forgetSplit());
        root.put("retainSplit", report.retainSplit());
        root.put("seed", report.seed());
        putIfPresent(root, "timestamp", report.timestamp());
        root.put("verdict", report.gate().overall().name());
        root.put("summary", report.gate().summary());
        Map<String, Object> metrics = new TreeMap<>();
        for (MetricRow row : MetricRow.of(report)) {
            Map<String, Object> m = new TreeMap<>();
            m.put("value", number(row.value()));
            m.put("lo", number(row.lo()));
            m.put("hi", number(row.hi()));
            m.put("count", row.count());
            m.put("chance", number(row.chance()));
            m.put("vanilla", number(row.vanillaValue()));
            m.put("delta", number(row.delta()));
            if (!report.reference().isEmpty()) {
                m.put("reference", number(row.referenceValue()));
                m.put("deltaToReference", number(row.deltaToReference()));
            }
            putIfPresent(m, "verdict", row.verdict() == null ? null : row.verdict().name());
            metrics.put(row.name(), m);
        }
        root.put("metrics", metrics);
        root.put("checks", report.gate().checks().stream().map(JsonReport::check).toList());
        Map<String, Object> shift = new TreeMap<>();
        report.activationShift().forEach((k, v) -> shift.put(k, Arrays.stream(v).mapToObj(JsonReport::number).toList()));
        root.put("activationShift", shift);
        root.put("inputs", report.inputs());
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return MAPPER.writer(pretty).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise the report", e);
        }
    }

    private static Map<String, Object> check(GateCheck c) {
        GateRule r = c.rule();
        Map<String, Object> rule = new TreeMap<>();
        rule.put("metric", r.metric());
        putIfPresent(rule, "min", r.min());
        putIfPresent(rule, "max", r.max());
        putIfPresent(rule, "minDropFromBaseline", r.minDropFromBaseline());
        putIfPresent(rule, "maxDropFromBaseline", r.maxDropFromBaseline());
        putIfPresent(rule, "minRelativeDropFromBaseline", r.minRelativeDropFromBaseline());
        putIfPresent(rule, "maxRelativeDropFromBaseline", r.maxRelativeDropFromBaseline());
        putIfPresent(rule, "within", r.within());
        putIfPresent(rule, "of", r.of() == null ? null : r.of().id());
        putIfPresent(rule, "decide", r.decide() == null ? null : r.decide().id());
        putIfPresent(rule, "inconclusive", r.inconclusive() == null ? null : r.inconclusive().id());
        putIfPresent(rule, "minCount", r.minCount());
        rule.put("severity", r.severity().id());
        Map<String, Object> m = new TreeMap<>();
        m.put("rule", rule);
        m.put("metric", c.metric());
        m.put("value", number(c.value()));
        m.put("lo", number(c.lo()));
        m.put("hi", number(c.hi()));
        putIfPresent(m, "vanilla", c.vanilla());
        putIfPresent(m, "reference", c.reference());
        m.put("blocking", c.blocking());
        m.put("count", c.count());
        m.put("chance", number(c.chance()));
        m.put("verdict", c.verdict().name());
        m.put("message", c.message());
        return m;
    }

    private static void putIfPresent(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value instanceof Double d ? number(d) : value);
        }
    }

    /** @return x rounded to 6 decimals without trailing zeros, or null when not finite */
    private static BigDecimal number(double x) {
        return Double.isFinite(x) ? BigDecimal.valueOf(x).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros() : null;
    }

    /**
     * Reads the gate's result back from a report written by {@link #write}: every check with its
     * rule, and the recorded overall verdict. Numbers come back rounded to 6 decimals.
     *
     * @param file the JSON report
     * @return the recorded result
     * @throws InvalidInputException when the file cannot be read or is not such a report
     */
    public static GateResult read(Path file) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw InvalidInputException.of(file, null, "cannot read the recorded report: " + e.getMessage(),
                    "Delete it (or run with -Dmip.force) so that it is computed again");
        }
        JsonFields root = new JsonFields(file, "", tree);
        int schema = root.requireInt("schema");
        if (schema != SCHEMA) {
            throw root.error("schema", "is " + schema + " but this version reads " + SCHEMA,
                    "Delete the report (or run with -Dmip.force) so that it is computed again");
        }
        JsonNode list = root.node().get("checks");
        if (list == null || !list.isArray()) {
            throw root.error("checks", "is missing or not a list", "Delete the report so that it is computed again");
        }
        List<GateCheck> checks = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonFields c = new JsonFields(file, "checks[" + i + "]", list.get(i));
            JsonFields r = c.object("rule");
            GateRule rule = new GateRule(r.requireString("metric"), optional(r, "min"), optional(r, "max"),
                    optional(r, "minDropFromBaseline"), optional(r, "maxDropFromBaseline"),
                    optional(r, "minRelativeDropFromBaseline"), optional(r, "maxRelativeDropFromBaseline"), optional(r, "within"),
                    r.has("of") ? GateTarget.parse(r.requireString("of")) : null,
                    constant(r, "severity", Severity.class, r.requireString("severity")),
                    r.has("decide") ? constant(r, "decide", Decision.class, r.requireString("decide")) : null,
                    r.has("inconclusive") ? constant(r, "inconclusive", InconclusivePolicy.class, r.requireString("inconclusive")) : null,
                    r.has("minCount") ? r.requireInt("minCount") : null);
            checks.add(new GateCheck(rule, c.requireString("metric"), c.optDouble("value", Double.NaN), c.optDouble("lo", Double.NaN),
                    c.optDouble("hi", Double.NaN), optional(c, "vanilla"), optional(c, "reference"), c.requireInt("count"),
                    c.optDouble("chance", Double.NaN), verdict(c), c.node().path("blocking").asBoolean(false),
                    c.requireString("message")));
        }
        return new GateResult(checks, verdict(root));
    }

    private static Double optional(JsonFields f, String field) {
        return f.has(field) ? f.optDouble(field, Double.NaN) : null;
    }

    private static Verdict verdict(JsonFields f) {
        return constant(f, "verdict", Verdict.class, f.requireString("verdict"));
    }

    private static <E extends Enum<E>> E constant(JsonFields f, String field, Class<E> type, String text) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw f.error(field, "is '" + text + "' but must be one of " + Arrays.toString(type.getEnumConstants()),
                    "Delete the report so that it is computed again");
        }
    }
}

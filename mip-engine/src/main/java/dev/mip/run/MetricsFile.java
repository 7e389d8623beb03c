package dev.mip.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.eval.Measurement;
import dev.mip.eval.Metric;
import dev.mip.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A cache file of a model's measurement ({@code {"format":"mip-metrics","version":3,
 * "metrics":{name:{value,count,chance,lo,hi}},"samples":{name:[...]}}}), e.g. the vanilla or the
 * reference model's evaluation with the truth ratios the forget-quality test needs. Values are
 * stored exactly (shortest round-trip decimal). A file of another version is a cache miss.
 */
public final class MetricsFile {
    static final String FORMAT = "mip-metrics";
    static final int VERSION = 3;

    private MetricsFile() {}

    /**
     * @param file the cache file
     * @return its metrics, or null when the file is absent, unreadable or of another format
     *     (a cache miss, never an error: the metrics are then recomputed)
     */
    public static Measurement read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode n = new ObjectMapper().readTree(file.toFile());
            if (!FORMAT.equals(n.path("format").asText()) || n.path("version").asInt() != VERSION || !n.path("metrics").isObject()) {
                return null;
            }
            Map<String, Metric> out = new TreeMap<>();
            n.path("metrics").fields().forEachRemaining(e -> {
                JsonNode m = e.getValue();
                out.put(e.getKey(), new Metric(e.getKey(), num(m.path("value")), m.path("count").asInt(), num(m.path("chance")),
                        num(m.path("lo")), num(m.path("hi"))));
            });
            Map<String, double[]> samples = new TreeMap<>();
            n.path("samples").fields().forEachRemaining(e -> {
                double[] v = new double[e.getValue().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = num(e.getValue().get(i));
                }
                samples.put(e.getKey(), v);
            });
            return new Measurement(out, samples);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Writes the metrics atomically, keys sorted.
     *
     * @param file the cache file
     * @param measurement the metrics and samples
     */
    public static void write(Path file, Measurement measurement) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode().put("format", FORMAT).put("version", VERSION);
        ObjectNode ms = root.putObject("metrics");
        new TreeMap<>(measurement.metrics()).forEach((k, m) -> {
            ObjectNode o = ms.putObject(k);
            put(o, "value", m.value());
            o.put("count", m.count());
            put(o, "chance", m.chance());
            put(o, "lo", m.lo());
            put(o, "hi", m.hi());
        });
        ObjectNode ss = root.putObject("samples");
        measurement.samples().forEach((k, v) -> {
            var a = ss.putArray(k);
            for (double x : v) {
                a.add(x);
            }
        });
        try {
            AtomicFiles.writeString(file, mapper.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    private static double num(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}

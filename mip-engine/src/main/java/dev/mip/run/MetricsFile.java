package dev.mip.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.eval.Metric;
import dev.mip.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A cache file of metrics ({@code {"format":"mip-metrics","version":1,"metrics":{name:{value,count,chance}}}}),
 * e.g. the vanilla model's evaluation. Values are stored exactly (shortest round-trip decimal).
 */
public final class MetricsFile {
    static final String FORMAT = "mip-metrics";

    private MetricsFile() {}

    /**
     * @param file the cache file
     * @return its metrics, or null when the file is absent, unreadable or of another format
     *     (a cache miss, never an error: the metrics are then recomputed)
     */
    public static Map<String, Metric> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode n = new ObjectMapper().readTree(file.toFile());
            if (!FORMAT.equals(n.path("format").asText()) || n.path("version").asInt() != 1 || !n.path("metrics").isObject()) {
                return null;
            }
            Map<String, Metric> out = new TreeMap<>();
            n.path("metrics").fields().forEachRemaining(e -> {
                JsonNode m = e.getValue();
                out.put(e.getKey(), new Metric(e.getKey(), num(m.path("value")), m.path("count").asInt(), num(m.path("chance"))));
            });
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Writes the metrics atomically, keys sorted.
     *
     * @param file the cache file
     * @param metrics the metrics
     */
    public static void write(Path file, Map<String, Metric> metrics) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode().put("format", FORMAT).put("version", 1);
        ObjectNode ms = root.putObject("metrics");
        new TreeMap<>(metrics).forEach((k, m) -> {
            ObjectNode o = ms.putObject(k);
            put(o, "value", m.value());
            o.put("count", m.count());
            put(o, "chance", m.chance());
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

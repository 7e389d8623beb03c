package dev.mip.locate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.io.AtomicFiles;
import dev.mip.json.JsonFields;
import dev.mip.model.Tower;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The artifact of {@code locate}: for each branch, every layer's aggregated neuron scores and the
 * neurons chosen, with the fingerprints of the model and the forget data and every setting. A
 * small, versioned, human-readable JSON file; shards of the forget set merge into exactly the
 * single-run result.
 *
 * @param modelFingerprint {@link dev.mip.io.Fingerprints#model}
 * @param dataFingerprint {@link dev.mip.data.QaPair#fingerprint} of the whole forget set (all shards)
 * @param forgetSet name of the forget set
 * @param settings the settings (shard fields describe the first shard; see {@code shards})
 * @param shards the shard indices this artifact covers
 * @param branches scores per branch (a branch without samples is absent)
 */
public record InfluentialPaths(String modelFingerprint, String dataFingerprint, String forgetSet, LocateSettings settings,
        List<Integer> shards, Map<Tower, PathScores> branches) {

    /** Format name in the file. */
    public static final String FORMAT = "mip-paths";
    /** Format version. */
    public static final int VERSION = 1;

    /** @return whether every shard of the forget set is included */
    public boolean complete() {
        return shards.size() == settings.shardCount();
    }

    /**
     * The chosen neurons of a layer (with the settings' neurons per layer and aggregation).
     *
     * @param tower the branch
     * @param layer the layer
     * @return neuron indices, most influential first; empty when the branch was not located
     */
    public int[] neurons(Tower tower, int layer) {
        PathScores s = branches.get(tower);
        if (s == null || layer >= s.layers()) {
            return new int[0];
        }
        return s.select(layer, settings.neuronsPerLayer(), settings.aggregation());
    }

    /**
     * @param k neurons per layer
     * @return the same scores choosing {@code k} neurons per layer (no recomputation)
     */
    public InfluentialPaths withNeuronsPerLayer(int k) {
        return new InfluentialPaths(modelFingerprint, dataFingerprint, forgetSet, settings.withNeuronsPerLayer(k), shards, branches);
    }

    /**
     * Merges shards computed separately (same model, data and settings; distinct shard indices).
     *
     * @param parts the shards
     * @return the merged artifact
     */
    public static InfluentialPaths merge(List<InfluentialPaths> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        InfluentialPaths first = parts.get(0);
        TreeSet<Integer> shards = new TreeSet<>();
        Map<Tower, PathScores> merged = new EnumMap<>(Tower.class);
        for (InfluentialPaths p : parts) {
            String what = null;
            if (!p.modelFingerprint.equals(first.modelFingerprint)) {
                what = "model fingerprint";
            } else if (!p.dataFingerprint.equals(first.dataFingerprint)) {
                what = "data fingerprint";
            } else if (!p.forgetSet.equals(first.forgetSet)) {
                what = "forget set";
            } else if (!p.settings.withShard(0, 1).equals(first.settings.withShard(0, 1))
                    || p.settings.shardCount() != first.settings.shardCount()) {
                what = "settings";
            }
            if (what != null) {
                throw new InvalidInputException("Cannot merge path files: their " + what + " differ. Merge only shards of one "
                        + "locate run (same model, data, forget set and settings)");
            }
            for (int s : p.shards) {
                if (!shards.add(s)) {
                    throw new InvalidInputException("Cannot merge path files: shard " + s + " appears twice");
                }
            }
            for (Map.Entry<Tower, PathScores> e : p.branches.entrySet()) {
                PathScores acc = merged.computeIfAbsent(e.getKey(),
                        t -> new PathScores(t, e.getValue().layers(), e.getValue().neurons()));
                acc.merge(e.getValue());
            }
        }
        return new InfluentialPaths(first.modelFingerprint, first.dataFingerprint, first.forgetSet,
                first.settings.withShard(shards.first(), first.settings.shardCount()), List.copyOf(shards), merged);
    }

    // ---- JSON ---------------------------------------------------------------------------------

    /** @return the JSON text (deterministic) */
    public String toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.putObject("model").put("fingerprint", modelFingerprint);
        ObjectNode data = root.putObject("data");
        data.put("fingerprint", dataFingerprint);
        data.put("forgetSet", forgetSet);
        ObjectNode s = root.putObject("settings");
        s.put("mode", settings.mode().id());
        s.put("steps", settings.steps());
        s.put("pathWidth", settings.pathWidth());
        s.put("neuronsPerLayer", settings.neuronsPerLayer());
        s.put("aggregation", settings.aggregation().id());
        s.put("samplesPerBatch", settings.samplesPerBatch());
        s.put("shardCount", settings.shardCount());
        s.put("stepsPerPass", settings.stepsPerPass());
        ArrayNode sh = root.putArray("shards");
        shards.forEach(sh::add);
        ObjectNode br = root.putObject("branches");
        for (Tower t : Tower.values()) {
            PathScores p = branches.get(t);
            if (p == null) {
                continue;
            }
            ObjectNode b = br.putObject(t.id());
            b.put("score", t == Tower.TEXT ? "igi" : "ifi");
            b.put("samples", p.samples());
            b.put("neurons", p.neurons());
            ArrayNode layers = b.putArray("layers");
            for (int l = 0; l < p.layers(); l++) {
                ObjectNode layer = layers.addObject();
                layer.put("layer", l);
                int[] chosen = p.select(l, settings.neuronsPerLayer(), settings.aggregation());
                double[] sum = p.sum(l);
                ArrayNode c = layer.putArray("chosen");
                ArrayNode cs = layer.putArray("chosenScores");
                for (int i : chosen) {
                    c.add(i);
                    cs.add(sum[i]);
                }
                ArrayNode raw = layer.putArray("sum");
                for (long v : p.rawSum(l)) {
                    raw.add(v);
                }
                ArrayNode cnt = layer.putArray("count");
                for (long v : p.counts(l)) {
                    cnt.add(v);
                }
            }
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the file atomically.
     *
     * @param file target
     */
    public void write(Path file) {
        AtomicFiles.writeString(file, toJson());
    }

    /**
     * Reads and validates a path file.
     *
     * @param file the file
     * @return the artifact
     */
    public static InfluentialPaths read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw InvalidInputException.of(file, null, "does not exist", "Run locate first (mip:locate or `mip locate`)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw InvalidInputException.of(file, null, "is not valid JSON (" + e.getMessage() + ")", "Re-run locate");
        }
        JsonFields f = new JsonFields(file, "", root);
        if (!FORMAT.equals(f.optString("format", null))) {
            throw f.error("format", "is not \"" + FORMAT + "\"", "Point at a file written by locate");
        }
        if (f.requireInt("version") != VERSION) {
            throw f.error("version", "is " + f.requireInt("version") + " but this MIP reads version " + VERSION,
                    "Re-run locate with this version");
        }
        JsonFields s = f.object("settings");
        LocateSettings settings = new LocateSettings(
                parseEnum(s, "mode", LocateSettings.Mode.class),
                s.requireInt("steps"), s.requireInt("pathWidth"), s.requireInt("neuronsPerLayer"),
                parseEnum(s, "aggregation", LocateSettings.Aggregation.class),
                s.requireInt("samplesPerBatch"), 0, s.requireInt("shardCount"), s.optInt("stepsPerPass", 0));
        List<Integer> shards = new ArrayList<>();
        JsonNode sh = root.get("shards");
        if (sh == null || !sh.isArray() || sh.isEmpty()) {
            throw f.error("shards", "is missing or empty", "Re-run locate");
        }
        for (JsonNode n : sh) {
            if (!n.canConvertToInt() || n.intValue() < 0 || n.intValue() >= settings.shardCount()) {
                throw f.error("shards", "holds " + n + ", not a shard index below " + settings.shardCount(), "Re-run locate");
            }
            shards.add(n.intValue());
        }
        settings = settings.withShard(shards.get(0), settings.shardCount());
        Map<Tower, PathScores> branches = new EnumMap<>(Tower.class);
        JsonFields br = f.object("branches");
        for (Tower t : Tower.values()) {
            if (!br.has(t.id())) {
                continue;
            }
            JsonFields b = br.object(t.id());
            int neurons = b.requireIntAtLeast("neurons", 1);
            JsonNode layers = b.node().get("layers");
            if (layers == null || !layers.isArray()) {
                throw b.error("layers", "is missing", "Re-run locate");
            }
            long[][] sums = new long[layers.size()][];
            long[][] counts = new long[layers.size()][];
            for (int l = 0; l < layers.size(); l++) {
                JsonFields layer = new JsonFields(file, b.path("layers[" + l + "]"), layers.get(l));
                sums[l] = longs(layer, "sum", neurons);
                counts[l] = longs(layer, "count", neurons);
            }
            long samples = b.node().path("samples").asLong(-1);
            if (samples < 0) {
                throw b.error("samples", "is missing or negative", "Re-run locate");
            }
            branches.put(t, new PathScores(t, samples, sums, counts));
        }
        return new InfluentialPaths(f.object("model").requireString("fingerprint"), f.object("data").requireString("fingerprint"),
                f.object("data").requireString("forgetSet"), settings, shards, branches);
    }

    private static long[] longs(JsonFields layer, String field, int n) {
        JsonNode a = layer.node().get(field);
        if (a == null || !a.isArray() || a.size() != n) {
            throw layer.error(field, "must be a list of " + n + " whole numbers", "Re-run locate");
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            if (!a.get(i).isIntegralNumber()) {
                throw layer.error(field + "[" + i + "]", "is not a whole number", "Re-run locate");
            }
            out[i] = a.get(i).longValue();
        }
        return out;
    }

    private static <E extends Enum<E>> E parseEnum(JsonFields f, String field, Class<E> type) {
        String v = f.requireString(field);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        throw f.error(field, "'" + v + "' is unknown", "Use one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase());
    }
}

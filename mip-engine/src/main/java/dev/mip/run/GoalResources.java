package dev.mip.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.ProgressListener;
import dev.mip.io.AtomicFiles;
import dev.mip.runtime.PeakMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The wall time and peak resident memory of each goal that computed something, logged and kept in
 * {@code resources.json} in the report directory ({@code report.output}): one entry per goal, the
 * latest run's, replaced atomically. These are measurements that differ from run to run, so they are
 * kept out of {@code report.json}, {@code report.html} and the JUnit XML, which stay byte-reproducible.
 *
 * <p>Each entry: {@code seconds} (wall time), {@code peakRssMiB} (peak resident set, libtorch's
 * native memory included, from {@code /proc/self/status}; -1 where unavailable), {@code
 * peakIsThisGoal} (false when the peak could not be reset, so it is the process's since its start),
 * {@code finished} (UTC, to the second) and the JVM's maximum heap {@code maxHeapMiB}.
 */
public final class GoalResources {
    /** The file's name in the report directory. */
    public static final String FILE = "resources.json";
    /** Its format tag. */
    public static final String SCHEMA = "mip-resources/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GoalResources() {}

    /**
     * Runs a goal's work, measures it, logs the measurement and, when the work succeeds, records it.
     *
     * @param goal the goal's name (locate, unlearn, verify)
     * @param reportDir the report directory
     * @param progress where the measurement is logged
     * @param body the work
     * @param <T> its result
     * @return its result
     */
    public static <T> T measure(String goal, Path reportDir, ProgressListener progress, Supplier<T> body) {
        PeakMemory.Window w = PeakMemory.window();
        boolean own = w.own();
        boolean ok = false;
        try {
            T r = body.get();
            ok = true;
            return r;
        } finally {
            double seconds = Math.round(w.seconds() * 10) / 10.0;
            double peak = PeakMemory.peakRssMiB();
            progress.info(String.format(Locale.ROOT, "%s: %.1f s, peak resident memory %s", goal, seconds,
                    peak < 0 ? "unknown (no /proc)" : String.format(Locale.ROOT, "%.0f MiB (%s)", peak,
                            own ? "this goal" : "this process so far")));
            if (ok) {
                ObjectNode e = JSON.createObjectNode();
                e.put("seconds", seconds);
                e.put("peakRssMiB", peak);
                e.put("peakIsThisGoal", own);
                e.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / 1048576);
                e.put("finished", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                record(reportDir.resolve(FILE), goal, e);
            }
        }
    }

    /**
     * @param file a resources file
     * @return its entries by goal, or an empty object when it is missing or unreadable (it is a log,
     *     not an input: a damaged one is replaced)
     */
    public static ObjectNode read(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                JsonNode n = JSON.readTree(file.toFile());
                if (n != null && SCHEMA.equals(n.path("schema").asText()) && n.path("goals").isObject()) {
                    return (ObjectNode) n.get("goals");
                }
            }
        } catch (IOException | RuntimeException e) {
            // replaced below
        }
        return JSON.createObjectNode();
    }

    private static void record(Path file, String goal, ObjectNode entry) {
        ObjectNode goals = read(file);
        goals.set(goal, entry);
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.set("goals", goals);
        try {
            AtomicFiles.writeString(file, JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

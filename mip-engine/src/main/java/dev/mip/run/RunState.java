package dev.mip.run;

import dev.mip.io.Fingerprints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.io.AtomicFiles;
import dev.mip.io.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * The up-to-date record of one stage: the fingerprint of all its inputs (model, data, settings,
 * engine version) and of its outputs. A stage whose inputs are unchanged and whose outputs are
 * still exactly what it wrote is not recomputed; verify replays its recorded verdict (a failure
 * stays a failure).
 *
 * @param file where the record lives
 * @param inputs fingerprint of the inputs
 * @param outputs output file (or directory) to fingerprint
 * @param extra recorded data (e.g. the verdict and the report file)
 */
public record RunState(Path file, String inputs, Map<String, String> outputs, JsonNode extra) {

    /**
     * @param file record file
     * @return the stored record, or null when there is none or it is unreadable
     */
    public static RunState read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode n = new ObjectMapper().readTree(file.toFile());
            Map<String, String> outs = new java.util.TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = n.path("outputs").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                outs.put(e.getKey(), e.getValue().asText());
            }
            return new RunState(file, n.path("inputs").asText(), outs, n.get("extra"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * @param path a file or directory
     * @return its fingerprint, or "" when absent
     */
    public static String fingerprint(Path path) {
        if (Files.isDirectory(path)) {
            return Fingerprints.directory(path);
        }
        return Files.isRegularFile(path) ? Sha256.of(path) : "";
    }

    /**
     * @param currentInputs fingerprint of the current inputs
     * @return whether the inputs match and every output still has its recorded fingerprint
     */
    public boolean upToDate(String currentInputs) {
        if (!inputs.equals(currentInputs)) {
            return false;
        }
        for (Map.Entry<String, String> o : outputs.entrySet()) {
            if (o.getValue().isEmpty() || !o.getValue().equals(fingerprint(Path.of(o.getKey())))) {
                return false;
            }
        }
        return true;
    }

    /** Writes the record atomically. */
    public void write() {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode n = m.createObjectNode();
        n.put("inputs", inputs);
        ObjectNode o = n.putObject("outputs");
        new java.util.TreeMap<>(outputs).forEach(o::put);
        if (extra != null) {
            n.set("extra", extra);
        }
        try {
            AtomicFiles.writeString(file, m.writeValueAsString(n) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.mip.run;

import dev.mip.io.Fingerprints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.config.MipConfig;
import dev.mip.io.Sha256;
import dev.mip.model.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What verify checks before it evaluates (or replays a verdict about) the unlearned model: that the
 * directory holds exactly the files its {@code manifest.json} lists, byte for byte, and that the
 * manifest records the configuration the model was made from and it is the current one. A
 * missing manifest (an interrupted or foreign directory), a missing, extra or changed file (an
 * incomplete or edited model) or another configuration (settings, model, data or engine changed
 * since unlearn ran) is an error telling the user to run unlearn: the gate never judges a stale
 * model.
 */
final class UnlearnedModel {
    /** Manifest key of the configuration block (under {@code unlearning}). */
    static final String CONFIGURATION = "configuration";

    /** At most this many changed settings are named in a message. */
    private static final int SHOWN_CHANGES = 6;

    private UnlearnedModel() {}

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
        if (cfg.unlearnMethod().usesPaths()) {
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
     * What the unlearned model's files are, once checked.
     *
     * @param modelFingerprint {@link Fingerprints#model} of the directory
     * @param filesFingerprint {@link Fingerprints#files} of every file but the manifest (weights,
     *     config, tokenizer, processor): everything the evaluation reads
     * @param manifest the manifest
     */
    record Checked(String modelFingerprint, String filesFingerprint, JsonNode manifest) {}

    /**
     * @param dir the unlearned model directory ({@code unlearn.output})
     * @param expected the configuration block the current settings produce ({@link Pipeline})
     * @return the fingerprints of the verified files
     * @throws InvalidInputException naming the directory, the problem and the fix (run unlearn)
     */
    static Checked check(Path dir, ObjectNode expected) {
        String rerun = "Run mip:unlearn (the package phase runs it; -Dmip.force to redo it) or `mip verify --all`, so that "
                + "verify gates the model the configuration describes";
        Path manifestFile = dir.resolve(Checkpoint.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw InvalidInputException.of(dir, "unlearn.output", "has no " + Checkpoint.MANIFEST + ", so it is not a complete "
                    + "model written by unlearn (an interrupted run, or a directory from elsewhere)", rerun);
        }
        JsonNode manifest;
        try {
            manifest = new ObjectMapper().readTree(manifestFile.toFile());
        } catch (IOException e) {
            throw InvalidInputException.of(manifestFile, null, "is not valid JSON (" + e.getMessage() + ")", rerun);
        }
        Map<String, String> hashes = checkFiles(dir, manifest.path("files"), rerun);
        JsonNode recorded = manifest.path("unlearning").path(CONFIGURATION);
        if (!recorded.isObject() || !recorded.path("fingerprint").isTextual()) {
            throw InvalidInputException.of(manifestFile, "unlearning." + CONFIGURATION, "is missing: the model was not made by "
                    + "the unlearn goal from a mip.yaml (e.g. by `mip unlearn` on the command line, or by an older MIP), so "
                    + "nothing shows which settings it was made from", rerun);
        }
        if (!recorded.path("fingerprint").asText().equals(expected.path("fingerprint").asText())) {
            throw InvalidInputException.of(dir, "unlearn.output", "is stale: it was made from other inputs than the "
                    + "configuration names now (" + String.join("; ", changes(recorded, expected)) + ")", rerun);
        }
        return new Checked(Fingerprints.model(hashes), Fingerprints.files(hashes), manifest);
    }

    /** Every listed file present with its hash, and no other file beside the manifest. */
    private static Map<String, String> checkFiles(Path dir, JsonNode listed, String rerun) {
        if (!listed.isObject() || listed.isEmpty()) {
            throw InvalidInputException.of(dir.resolve(Checkpoint.MANIFEST), "files", "lists no files", rerun);
        }
        TreeSet<String> present = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> present.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw dev.mip.ResourceException.io("Could not list " + dir, e);
        }
        present.remove(Checkpoint.MANIFEST);
        Map<String, String> hashes = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = listed.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            Path f = dir.resolve(e.getKey()).normalize();
            if (!f.getParent().equals(dir.normalize()) || !Files.isRegularFile(f)) {
                throw InvalidInputException.of(dir, "unlearn.output", "is incomplete: " + e.getKey() + ", listed in "
                        + Checkpoint.MANIFEST + ", is missing", rerun);
            }
            String h = Sha256.of(f);
            if (!h.equals(e.getValue().asText())) {
                throw InvalidInputException.of(dir, "unlearn.output", "is not the model unlearn wrote: " + e.getKey()
                        + " differs from the hash in " + Checkpoint.MANIFEST + " (modified, or partly written)", rerun);
            }
            hashes.put(e.getKey(), h);
            present.remove(e.getKey());
        }
        if (!present.isEmpty()) {
            throw InvalidInputException.of(dir, "unlearn.output", "holds files unlearn did not write (" + String.join(", ", present)
                    + "); they could change what is evaluated", rerun + " (it replaces the directory), or remove them");
        }
        return hashes;
    }

    /** What differs between the recorded and the current configuration, in words. */
    private static List<String> changes(JsonNode recorded, JsonNode expected) {
        List<String> out = new ArrayList<>();
        if (!recorded.path("engine").equals(expected.path("engine"))) {
            out.add("engine " + recorded.path("engine").asText() + ", now " + expected.path("engine").asText());
        }
        if (!recorded.path("model").equals(expected.path("model"))) {
            out.add("the model at model.path changed");
        }
        if (!recorded.path("data").equals(expected.path("data"))) {
            out.add("the dataset at data.path changed");
        }
        Map<String, String> was = new TreeMap<>();
        Map<String, String> now = new TreeMap<>();
        flatten("", recorded.path("settings"), was);
        flatten("", expected.path("settings"), now);
        TreeSet<String> keys = new TreeSet<>(was.keySet());
        keys.addAll(now.keySet());
        List<String> settings = new ArrayList<>();
        for (String k : keys) {
            String a = was.getOrDefault(k, "(not set)");
            String b = now.getOrDefault(k, "(not set)");
            if (!a.equals(b)) {
                settings.add(k + " was " + a + ", now " + b);
            }
        }
        if (settings.size() > SHOWN_CHANGES) {
            int more = settings.size() - SHOWN_CHANGES;
            settings = new ArrayList<>(settings.subList(0, SHOWN_CHANGES));
            settings.add("and " + more + " more settings");
        }
        out.addAll(settings);
        if (out.isEmpty()) {
            out.add("the recorded fingerprint does not match");
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else if (!n.isMissingNode()) {
            out.put(prefix, n.toString());
        }
    }
}

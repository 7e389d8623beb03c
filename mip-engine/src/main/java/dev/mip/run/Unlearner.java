package dev.mip.run;

import dev.mip.ProgressListener;
import dev.mip.io.Fingerprints;
import dev.mip.data.QaPair;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.data.Benchmark;
import dev.mip.unlearn.NeuronSet;
import dev.mip.unlearn.UnlearnData;
import dev.mip.unlearn.UnlearnReport;
import dev.mip.unlearn.UnlearningMethod;
import dev.mip.io.Sha256;
import dev.mip.model.Checkpoint;
import dev.mip.runtime.DjlRuntime;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The unlearn stage as one call: load the checkpoint, run a method on the forget and retain pairs,
 * and save the edited checkpoint in the input's layout, atomically, with a manifest of the input
 * fingerprints, every setting, the seed, library versions, the pruned and trained neurons and the
 * final losses. The manifest holds no wall-clock time, so one seed gives byte-identical outputs;
 * timing goes to the returned report. If the method fails (e.g. diverges), nothing is written.
 */
public final class Unlearner {
    private Unlearner() {}

    /** Engine version recorded in manifests. */
    public static final String MIP_VERSION = "0.1.0";

    /**
     * @param modelDir input checkpoint
     * @param device device
     * @param bench benchmark
     * @param forget forget set name
     * @param retain retain set name
     * @param method the method (its settings are recorded)
     * @param pathsFile the path file used, or null
     * @param out output checkpoint directory
     * @param configuration the configuration the model is made from (recorded in the manifest as
     *     {@code unlearning.configuration}, which verify checks), or null outside the pipeline
     * @param progress progress
     * @return what the method did
     */
    public static UnlearnReport run(Path modelDir, Device device, Benchmark bench, String forget, String retain,
            UnlearningMethod method, Path pathsFile, Path out, ObjectNode configuration, ProgressListener progress) {
        UnlearnData data = UnlearnData.of(bench, forget, retain);
        try (Checkpoint c = Checkpoint.load(modelDir, device, DataType.FLOAT32)) {
            UnlearnReport r = apply(method, c, data, progress);
            save(c, Fingerprints.model(modelDir), data, forget, retain, method, r, pathsFile, out, configuration);
            return r;
        }
    }

    /**
     * Runs a method on a loaded model, in place (nothing is written).
     *
     * @param method the method
     * @param c the model, in float32
     * @param data forget and retain pairs
     * @param progress progress
     * @return what the method did
     */
    public static UnlearnReport apply(UnlearningMethod method, Checkpoint c, UnlearnData data, ProgressListener progress) {
        progress.info(String.format(Locale.ROOT, "unlearn %s: %d forget and %d retain pairs", method.id(), data.forget().size(),
                data.retain().size()));
        return method.apply(c, data, progress);
    }

    /**
     * Saves an unlearned model atomically with its manifest.
     *
     * @param c the unlearned model
     * @param modelFp fingerprint of the model it was made from
     * @param data the pairs the method ran on
     * @param forget forget set name
     * @param retain retain set name
     * @param method the method (its settings are recorded)
     * @param r what the method did
     * @param pathsFile the path file used, or null
     * @param out output checkpoint directory (replaced as a whole)
     * @param configuration the configuration the model is made from (recorded as
     *     {@code unlearning.configuration}, which verify checks), or null outside the pipeline
     */
    public static void save(Checkpoint c, String modelFp, UnlearnData data, String forget, String retain, UnlearningMethod method,
            UnlearnReport r, Path pathsFile, Path out, ObjectNode configuration) {
        ObjectNode extras = manifest(modelFp, data, forget, retain, method, pathsFile, r);
        if (configuration != null) {
            ((ObjectNode) extras.get("unlearning")).set(UnlearnedModel.CONFIGURATION, configuration);
        }
        c.save(out, new Checkpoint.SaveOptions(null, 5L << 30, extras));
    }

    static ObjectNode manifest(String modelFp, UnlearnData data, String forget, String retain, UnlearningMethod method,
            Path pathsFile, UnlearnReport r) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode u = root.putObject("unlearning");
        u.put("method", r.method());
        ObjectNode inputs = u.putObject("inputs");
        inputs.put("model", modelFp);
        inputs.put("forgetData", QaPair.fingerprint(data.forget()));
        inputs.put("retainData", QaPair.fingerprint(data.retain()));
        inputs.put("forgetSet", forget);
        inputs.put("retainSet", retain);
        if (pathsFile != null) {
            inputs.put("paths", Sha256.of(pathsFile));
        }
        u.set("settings", mapper.valueToTree(method.settings()));
        ObjectNode v = u.putObject("versions");
        v.put("mip", MIP_VERSION);
        v.put("djl", Engine.getDjlVersion());
        v.put("pytorch", DjlRuntime.init().getVersion());
        v.put("java", System.getProperty("java.specification.version"));
        u.set("pruned", neurons(mapper, r.pruned()));
        if (r.trained() != null) {
            u.set("trained", neurons(mapper, r.trained()));
        } else {
            u.put("trained", "all trainable weights (or adapters merged into them)");
        }
        u.put("trainableParameters", r.trainableParameters());
        ArrayNode el = u.putArray("epochLosses");
        r.epochLosses().forEach(x -> el.add(round(x)));
        ObjectNode fl = u.putObject("finalLosses");
        for (Map.Entry<String, Double> e : r.finalLosses().entrySet()) {
            fl.put(e.getKey(), round(e.getValue()));
        }
        return root;
    }

    private static ObjectNode neurons(ObjectMapper mapper, NeuronSet s) {
        ObjectNode n = mapper.createObjectNode();
        s.asMap().forEach((tower, layers) -> {
            ObjectNode t = n.putObject(tower);
            layers.forEach((l, idx) -> {
                ArrayNode a = t.putArray(Integer.toString(l));
                for (int i : idx) {
                    a.add(i);
                }
            });
        });
        return n;
    }

    private static double round(double x) {
        return Math.round(x * 1e8) / 1e8;
    }
}

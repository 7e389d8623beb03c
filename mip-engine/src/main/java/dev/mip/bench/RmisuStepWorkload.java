package dev.mip.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.io.AtomicFiles;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.unlearn.RmisuSteps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The RMisU-step workload of the side-by-side benchmark with a PyTorch peer
 * ({@code bench/peer/rmisu.py}): the export of {@link RmisuSteps}' prepared steps.
 */
public final class RmisuStepWorkload {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RmisuStepWorkload() {}

    /**
     * Runs the prepared steps, timing those after the warm-up.
     *
     * @param steps the prepared steps (trained as they run)
     * @param warmup untimed first steps
     * @return milliseconds per step (median, min, max), steps timed, the last loss, the trained parameter count
     */
    public static Map<String, Object> time(RmisuSteps steps, int warmup) {
        if (warmup >= steps.count()) {
            throw new IllegalArgumentException(steps.count() + " steps but " + warmup + " warm-up steps");
        }
        double[] ms = new double[steps.count() - warmup];
        double loss = Double.NaN;
        for (int i = 0; i < steps.count(); i++) {
            long t0 = System.nanoTime();
            loss = steps.step(i);
            if (i >= warmup) {
                ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Map<String, Object> out = TrainStepWorkload.stepTimes(ms, loss);
        out.put("trainedParameters", steps.trainedParameters());
        return out;
    }

    /**
     * Writes {@code rmisu.json} (settings, trained neurons per tower and layer, each forget pair's
     * direction, and per step the forget batch with each sample's identity start and direction
     * index, and the retain batch; batches as {@link TrainStepWorkload#putBatch}) and
     * {@code pixels.f32} (the batches' images in order, little-endian float32) into {@code dir}.
     *
     * @param c the model the steps were prepared on
     * @param steps the prepared steps
     * @param dir output directory
     * @return number of steps written
     */
    @SuppressWarnings("unchecked")
    public static int export(Checkpoint c, RmisuSteps steps, Path dir) {
        Map<String, Object> d = steps.describe();
        ObjectNode root = JSON.createObjectNode();
        var v = c.config().vision();
        root.putArray("imageShape").add(v.numChannels()).add(v.imageSize()).add(v.imageSize());
        for (String k : List.of("steeringLayer", "lambda", "gamma", "learningRate", "clipNorm")) {
            root.set(k, JSON.valueToTree(d.get(k)));
        }
        root.set("neurons", JSON.valueToTree(d.get("neurons")));
        root.set("directions", JSON.valueToTree(d.get("directions")));
        int per = v.numChannels() * v.imageSize() * v.imageSize();
        List<float[]> images = new ArrayList<>();
        ArrayNode out = root.putArray("steps");
        List<Map<String, Object>> st = (List<Map<String, Object>>) d.get("steps");
        for (Map<String, Object> s : st) {
            ObjectNode n = out.addObject();
            TrainStepWorkload.putBatch(n.putObject("forget"), (Batch) s.get("forget"), images, per);
            n.set("forgetIndex", JSON.valueToTree(s.get("forgetIndex")));
            n.set("identityStart", JSON.valueToTree(s.get("identityStart")));
            TrainStepWorkload.putBatch(n.putObject("retain"), (Batch) s.get("retain"), images, per);
        }
        root.put("images", images.size());
        McqWorkload.writePixels(dir.resolve("pixels.f32"), images);
        AtomicFiles.write(dir.resolve("rmisu.json"), o -> o.write(JSON.writeValueAsBytes(root)));
        return st.size();
    }
}

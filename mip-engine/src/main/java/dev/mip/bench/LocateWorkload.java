package dev.mip.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.ProgressListener;
import dev.mip.data.Modality;
import dev.mip.data.PixelCache;
import dev.mip.data.QaPair;
import dev.mip.io.AtomicFiles;
import dev.mip.locate.InfluentialPaths;
import dev.mip.locate.LocateSettings;
import dev.mip.locate.PathLocator;
import dev.mip.locate.PathScores;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.Tower;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The locate workload of the side-by-side benchmark with a PyTorch peer ({@code bench/peer/locate.py}):
 * {@link PathLocator#locate} in exact and in joint mode over the first forget samples of each tower's
 * modality (text-only pairs for the decoder's IGI, image+text pairs for the vision tower's IFI); the
 * engine's timing of it, and an export of exactly the inputs and settings the engine scores with and
 * of the neurons it chooses, so that the peer computes the same scores and reports its overlap.
 *
 * <p>The export ({@code locate.json} and {@code pixels.f32}) holds, per tower, the batches of
 * {@link LocateSettings#samplesPerBatch()} consecutive samples as {@link dev.mip.model.BatchBuilder}
 * builds them for scoring (right-padded, image tokens expanded, no end token): the engine's pass
 * repeats each row m times in place (row {@code s * m + k - 1} is copy k of sample s, scaled by
 * {@code k / m}), which pads to the same length. Per mode and layer it holds the neurons the engine
 * chose (the forget-set path: top {@link LocateSettings#neuronsPerLayer()} of the aggregated scores),
 * the aggregated scores and how many samples' greedy paths hold each neuron.
 */
public final class LocateWorkload {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Format name of {@code locate.json}. */
    public static final String FORMAT = "mip-locate-workload";
    /** Format version of {@code locate.json}. */
    public static final int VERSION = 1;

    private LocateWorkload() {}

    /**
     * The benchmark's settings: the example project's Riemann steps and neurons per layer, every
     * other setting at its default (path width, aggregation, samples per batch; one shard).
     *
     * @param steps Riemann steps m
     * @param neuronsPerLayer neurons per layer of the forget-set path
     * @return the settings (exact mode; {@link #time} and {@link #export} run both modes)
     */
    public static LocateSettings settings(int steps, int neuronsPerLayer) {
        LocateSettings d = LocateSettings.defaults();
        return new LocateSettings(LocateSettings.Mode.EXACT, steps, d.pathWidth(), neuronsPerLayer, d.aggregation(),
                d.samplesPerBatch(), 0, 1);
    }

    /**
     * The samples a tower is located on: the first {@code n} forget pairs of its modality, in
     * dataset order (as {@link PathLocator} groups them).
     *
     * @param forget the forget set's training pairs
     * @param tower the branch ({@link Tower#TEXT}: text-only pairs; {@link Tower#VISION}: image+text pairs)
     * @param n how many at most
     * @return the pairs (empty when the forget set has none of that modality)
     */
    public static List<QaPair> samples(List<QaPair> forget, Tower tower, int n) {
        if (n < 1) {
            throw new InvalidInputException("The forget samples per tower are " + n + " but must be at least 1 (bench locate-step "
                    + "--samples)");
        }
        Modality m = modality(tower);
        return forget.stream().filter(q -> q.modality() == m).limit(n).toList();
    }

    /**
     * Times {@link PathLocator#locate} per tower over that tower's samples ({@link #samples}): one
     * untimed warm-up run in each mode, then {@code repeats} rounds of an exact and a joint run; the
     * median per mode is reported. The peer ({@code bench/peer/locate.py}) measures the same way. A
     * warm-up shorter than a whole run (a sample, a batch) left the first timed run up to 2x slow on 2
     * cores, and even after one whole run the next is still ~1.5x slow: the JIT compiles in the
     * background on the cores libtorch computes on, hence the median. Each timed run includes what
     * locate does per sample: image preprocessing, tokenising, batching, the passes, the top-k and the
     * aggregation.
     *
     * @param c the model
     * @param forget the forget set's training pairs
     * @param samples samples per tower
     * @param settings settings (the mode is overridden)
     * @param repeats timed runs per mode (at least 1)
     * @return per tower id ({@code text}, {@code vision}; a tower without samples is absent): samples,
     *     exact and joint seconds per sample (medians)
     */
    public static Map<String, Object> time(Checkpoint c, List<QaPair> forget, int samples, LocateSettings settings, int repeats) {
        if (repeats < 1) {
            throw new InvalidInputException("The timed runs per mode are " + repeats + " but must be at least 1 (bench locate-step "
                    + "--repeats)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<LocateSettings.Mode> modes = List.of(LocateSettings.Mode.EXACT, LocateSettings.Mode.JOINT);
        for (Tower t : order()) {
            List<QaPair> pairs = samples(forget, t, samples);
            if (pairs.isEmpty()) {
                continue;
            }
            for (LocateSettings.Mode mode : modes) {
                PathLocator.locate(c, "bench", pairs, "bench", settings.withMode(mode), ProgressListener.NONE);
            }
            double[][] seconds = new double[modes.size()][repeats];
            for (int r = 0; r < repeats; r++) {
                for (int i = 0; i < modes.size(); i++) {
                    long t0 = System.nanoTime();
                    PathLocator.locate(c, "bench", pairs, "bench", settings.withMode(modes.get(i)), ProgressListener.NONE);
                    seconds[i][r] = (System.nanoTime() - t0) / 1e9;
                }
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("samples", pairs.size());
            for (int i = 0; i < modes.size(); i++) {
                r.put(modes.get(i).id() + "SecondsPerSample", round4(median(seconds[i]) / pairs.size()));
            }
            out.put(t.id(), r);
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("The forget set has no training pairs to locate paths from. Check the "
                    + "dataset's train data for the forget set's profiles");
        }
        return out;
    }

    /**
     * Writes {@code locate.json} and {@code pixels.f32} (each image sample's preprocessed pixels,
     * little-endian float32 {@code [N, C, H, W]}, in batch order) into {@code dir}: the settings, and
     * per tower the batches, and per mode and layer the engine's chosen neurons, aggregated scores
     * and path counts, from {@link PathLocator#locate} on the same samples.
     *
     * @param c the model
     * @param forget the forget set's training pairs
     * @param forgetSet the forget set's name (recorded)
     * @param samples samples per tower
     * @param settings settings (the mode is overridden)
     * @param dir output directory
     * @return samples exported per tower (a tower without samples is absent)
     */
    public static Map<Tower, Integer> export(Checkpoint c, List<QaPair> forget, String forgetSet, int samples,
            LocateSettings settings, Path dir) {
        PixelCache pixels = new PixelCache(c.images());
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT).put("version", VERSION).put("forgetSet", forgetSet);
        var v = c.config().vision();
        root.putArray("imageShape").add(v.numChannels()).add(v.imageSize()).add(v.imageSize());
        root.set("settings", settingsNode(settings));
        ObjectNode towers = root.putObject("towers");
        int per = v.numChannels() * v.imageSize() * v.imageSize();
        List<float[]> images = new ArrayList<>();
        Map<Tower, Integer> exported = new LinkedHashMap<>();
        for (Tower t : order()) {
            List<QaPair> pairs = samples(forget, t, samples);
            if (pairs.isEmpty()) {
                continue;
            }
            InfluentialPaths exact = PathLocator.locate(c, "bench", pairs, forgetSet, settings.withMode(LocateSettings.Mode.EXACT),
                    ProgressListener.NONE);
            InfluentialPaths joint = PathLocator.locate(c, "bench", pairs, forgetSet, settings.withMode(LocateSettings.Mode.JOINT),
                    ProgressListener.NONE);
            PathScores scores = exact.branches().get(t);
            ObjectNode n = towers.putObject(t.id());
            n.put("score", t == Tower.TEXT ? "igi" : "ifi");
            n.put("reduce", t == Tower.TEXT ? "(1/m) * sum_k dF/ds_i" : "(1/m) * sum_k (dF/ds_i)^2");
            n.put("module", t == Tower.TEXT ? "language_model.layers[l].mlp.down_proj (its input act(gate_proj x) * up_proj x)"
                    : "vision_tower encoder.layers[l].mlp.fc2 (its input act(fc1 x)); one scale row per image");
            n.put("layers", scores.layers());
            n.put("neurons", scores.neurons());
            n.put("samples", pairs.size());
            ArrayNode bs = n.putArray("batches");
            for (int start = 0; start < pairs.size(); start += settings.samplesPerBatch()) {
                List<Example> group = new ArrayList<>();
                for (QaPair p : pairs.subList(start, Math.min(pairs.size(), start + settings.samplesPerBatch()))) {
                    group.add(new Example(pixels.pixels(p.image()), p.question(), p.answer()));
                }
                bs.add(batchNode(c.batches().build(group, false), per, images));
            }
            ObjectNode engine = n.putObject("engine");
            engine.set(LocateSettings.Mode.EXACT.id(), modeNode(exact, t));
            engine.set(LocateSettings.Mode.JOINT.id(), modeNode(joint, t));
            exported.put(t, pairs.size());
        }
        if (exported.isEmpty()) {
            throw new InvalidInputException("The forget set '" + forgetSet + "' has no training pairs to locate paths from. "
                    + "Check the dataset's train data for its profiles");
        }
        root.put("images", images.size());
        McqWorkload.writePixels(dir.resolve("pixels.f32"), images);
        AtomicFiles.write(dir.resolve("locate.json"), out -> out.write(JSON.writeValueAsBytes(root)));
        return exported;
    }

    /** Text first, then vision: the order of the benchmark's rows. */
    private static List<Tower> order() {
        return List.of(Tower.TEXT, Tower.VISION);
    }

    private static Modality modality(Tower t) {
        return t == Tower.TEXT ? Modality.TEXT : Modality.IMAGE;
    }

    /** Everything the peer needs to compute the same scores and choose the same neurons. */
    private static ObjectNode settingsNode(LocateSettings s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("steps", s.steps());
        ArrayNode alphas = n.putArray("alphas");
        for (int k = 1; k <= s.steps(); k++) {
            alphas.add((float) k / s.steps());
        }
        n.put("rule", "right-endpoint Riemann sum: copy k (k = 1..m) scales the scaled neurons by k/m (float32)");
        n.put("copies", "each batch row is repeated m times in place: row s*m + k - 1 of a pass is copy k of sample s");
        n.put("exact", "one pass per layer l: copy k scales every neuron of layer l and the sample's own path neurons of "
                + "layers < l by k/m (only layer l's scale requires gradients), every other neuron by 1");
        n.put("joint", "one pass: copy k scales every neuron of every scored layer by k/m (all those scales require gradients)");
        n.put("objective", "F = sum over the batch's answer tokens of log p(targetIds[j] | output at flat position targetPos[j]); "
                + "the gradient of the batch's F w.r.t. a row's scale is that copy's dF/ds (rows are independent)");
        n.put("pathWidth", s.pathWidth());
        n.put("neuronsPerLayer", s.neuronsPerLayer());
        n.put("aggregation", s.aggregation().id());
        n.put("samplesPerBatch", s.samplesPerBatch());
        n.put("topK", "indices of the k highest scores (float64), highest first, ties to the lower index");
        n.put("normalisation", "per sample and layer: round(score / max_i |score_i| * unit) as int64 (round half up; "
                + "skipped when the maximum is 0), summed over samples; the path is the top neuronsPerLayer of that sum");
        n.put("unit", PathScores.UNIT);
        n.put("dtype", "float32 compute, float64 reduction of the gradients");
        return n;
    }

    /** One batch as {@link TrainStepWorkload#putBatch} writes it, plus each target's sample; images appended to {@code images}. */
    private static ObjectNode batchNode(Batch b, int per, List<float[]> images) {
        ObjectNode n = TrainStepWorkload.putBatch(JSON.createObjectNode(), b, images, per);
        ArrayNode ts = n.putArray("targetSample");
        Arrays.stream(b.targetSample()).forEach(ts::add);
        return n;
    }

    /** Per layer: the chosen neurons, the aggregated scores and the path counts of one mode. */
    private static ObjectNode modeNode(InfluentialPaths p, Tower t) {
        PathScores s = p.branches().get(t);
        ObjectNode n = JSON.createObjectNode();
        ArrayNode chosen = n.putArray("chosen");
        ArrayNode sum = n.putArray("sum");
        ArrayNode count = n.putArray("count");
        for (int l = 0; l < s.layers(); l++) {
            ArrayNode c = chosen.addArray();
            Arrays.stream(p.neurons(t, l)).forEach(c::add);
            ArrayNode a = sum.addArray();
            Arrays.stream(s.sum(l)).forEach(a::add);
            ArrayNode k = count.addArray();
            Arrays.stream(s.counts(l)).forEach(k::add);
        }
        return n;
    }

    /** The median (the mean of the middle two for an even count), as Python's statistics.median. */
    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double round4(double x) {
        return Math.round(x * 10000) / 10000.0;
    }
}

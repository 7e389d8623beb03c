package dev.mip.unlearn;

import ai.djl.ndarray.NDArray;
import dev.mip.data.PixelCache;
import dev.mip.locate.InfluentialPaths;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.Tower;
import dev.mip.train.Adam;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The RMisU step of {@link MipEditor} on its own, for the side-by-side benchmark with a PyTorch peer
 * ({@code bench/peer/rmisu.py}): the editor's set-up (frozen layer-ℓ states of the forget pairs and
 * the sampled retain pool from the original weights, the path neurons pruned, their trainable
 * parameters, the per-person directions), then its steps exactly as {@code unlearn} runs them in
 * its first epochs (forget batch, as many retain pairs, forward to layer ℓ, the two loss terms,
 * backward, Adam with clipping at 1), without the chance probe between epochs. The model's weights
 * are changed (pruned); use a fresh checkpoint.
 */
public final class RmisuSteps implements AutoCloseable {
    private final Checkpoint c;
    private final MipSettings s;
    private final MipEditor editor;
    private final NeuronSet trained;
    private final List<Example> forget;
    private final List<Example> retain;
    private final MipEditor.Frozen frozenF;
    private final MipEditor.Frozen frozenR;
    private final float[][] u;
    private final List<PairedBatches.Step> steps;
    private final NeuronParameters np;
    private final Adam adam;

    /**
     * Sets the editor up as {@code unlearn} does with these settings.
     *
     * @param c the model (pruned in place)
     * @param paths located paths
     * @param s the editor's settings (their objective must be RMisU)
     * @param data forget and retain pairs with the people's names
     * @param count steps to prepare (whole epochs over the forget pairs, cut to this many)
     */
    public RmisuSteps(Checkpoint c, InfluentialPaths paths, MipSettings s, UnlearnData data, int count) {
        if (s.objective() != MipSettings.Objective.RMISU || s.wholeModel()) {
            throw new IllegalArgumentException("the RMisU step workload needs the RMisU objective on path neurons");
        }
        this.c = c;
        this.s = s;
        this.editor = new MipEditor(paths, s);
        InfluentialPaths p = s.neuronsPerLayer() > 0 ? paths.withNeuronsPerLayer(s.neuronsPerLayer()) : paths;
        NeuronSet path = NeuronSet.of(p, s.towers());
        this.trained = path.filter((t, l) -> t == Tower.VISION || l <= s.steeringLayer());
        PixelCache px = new PixelCache(c.images());
        SplittableRandom rnd = new SplittableRandom(s.seed());
        this.forget = MipEditor.examples(data.forget(), px);
        this.retain = MipEditor.examples(MipEditor.sample(data.retain(), s.retainPool(), rnd), px);
        this.frozenF = MipEditor.Frozen.compute(c, forget, MipEditor.identityStarts(c, data.forget(), forget, data.names()),
                s.steeringLayer());
        this.frozenR = MipEditor.Frozen.compute(c, retain, null, s.steeringLayer());
        Pruning.prune(c.model(), path);
        float[] shared = MipEditor.direction(c.config().text().hiddenSize(), rnd.split());
        this.u = editor.directions(shared, data.forget(), c.config().text().hiddenSize());
        PairedBatches batches = new PairedBatches(forget.size(), retain.size(), s.batchSize(), rnd);
        List<PairedBatches.Step> all = new ArrayList<>();
        while (all.size() < count) {
            all.addAll(batches.epoch());
        }
        this.steps = List.copyOf(all.subList(0, count));
        this.np = new NeuronParameters(c.model(), trained);
        this.adam = new Adam(np.trainables(), 0.9, 0.999, 1e-8, 0);
    }

    /** @return number of trained scalars (the path neurons' rows and columns) */
    public long trainedParameters() {
        return np.trainables().stream().mapToLong(NDArray::size).sum();
    }

    /** @return number of prepared steps */
    public int count() {
        return steps.size();
    }

    /**
     * Runs prepared step {@code i} (forward, loss, backward, Adam update with clipping at 1); run
     * them in order.
     *
     * @param i the step
     * @return its loss
     */
    public double step(int i) {
        PairedBatches.Step st = steps.get(i);
        try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
            MipEditor.StepResult r = editor.step(c, MipEditor.Trained.of(np), forget, st.forget(), frozenF, retain, st.retain(),
                    frozenR, u, List.of(), null);
            editor.update(c.model(), adam, r);
            return r.parts().get("total");
        }
    }

    /**
     * The prepared steps' inputs as the peer needs them: per step the forget and the retain batch,
     * each forget sample's identity start and direction; the trained neurons; the settings.
     *
     * @return one record per step plus the shared parts, as plain lists and maps (JSON-ready)
     */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("steeringLayer", s.steeringLayer());
        out.put("lambda", s.lambda());
        out.put("gamma", s.gamma());
        out.put("learningRate", s.learningRate());
        out.put("clipNorm", 1.0);
        Map<String, Map<Integer, int[]>> neurons = new LinkedHashMap<>();
        for (Tower t : Tower.values()) {
            Map<Integer, int[]> layers = new LinkedHashMap<>();
            for (int l : trained.layers(t)) {
                layers.put(l, trained.get(t, l));
            }
            neurons.put(t.id(), layers);
        }
        out.put("neurons", neurons);
        List<float[]> directions = new ArrayList<>(Arrays.asList(u));
        out.put("directions", directions);
        List<Map<String, Object>> st = new ArrayList<>();
        for (PairedBatches.Step step : steps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("forget", pick(forget, step.forget()));
            m.put("forgetIndex", step.forget());
            int[] starts = new int[step.forget().size()];
            for (int i = 0; i < starts.length; i++) {
                starts[i] = frozenF.starts[step.forget().get(i)];
            }
            m.put("identityStart", starts);
            m.put("retain", pick(retain, step.retain()));
            st.add(m);
        }
        out.put("steps", st);
        return out;
    }

    /** @return the batch of the given examples (inference layout, as the step builds it) */
    private Batch pick(List<Example> all, List<Integer> idx) {
        List<Example> ex = new ArrayList<>(idx.size());
        for (int i : idx) {
            ex.add(all.get(i));
        }
        return c.batches().build(ex, false);
    }

    @Override
    public void close() {
        adam.close();
        np.close();
    }
}

package dev.mip.unlearn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.mip.InvalidInputException;
import dev.mip.data.Modality;
import dev.mip.data.QaPair;
import dev.mip.locate.InfluentialPaths;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.Mllm;
import dev.mip.model.ScaleHooks;
import dev.mip.model.Tensors;
import dev.mip.model.Tower;
import dev.mip.runtime.Autograd;
import dev.mip.runtime.Workers;
import dev.mip.model.Weights;
import dev.mip.ProgressListener;
import dev.mip.ProgressMeter;
import dev.mip.train.Adam;
import dev.mip.train.DivergenceGuard;
import dev.mip.data.PixelCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * MIP-Editor (docs/method.md, stages 2 and 3): prune the influential path neurons in the weights, then
 * retrain only them with representation misdirection (RMisU) at steering layer ℓ.
 *
 * <p>Loss, both terms scale-free (each position's squared error divided by the frozen
 * representation's squared norm) so that neither dominates by the size of hidden states:
 * <pre>
 *   L = mean_{forget identity positions} ||h(x_f) - λ ||h0(x_f)|| u||^2 / ||h0(x_f)||^2
 *     + γ mean_{retain positions} ||h(x_r) - h0(x_r)||^2 / ||h0(x_r)||^2   (+ retainCeWeight * retain CE)
 * </pre>
 * h = output of decoder layer ℓ, h0 = the same for the original (unpruned) model, u a seeded random
 * unit vector. The forget term applies only at positions that carry the identity: for image
 * questions from the first image token on, for text questions from the first token of the person's
 * name on (else from the answer); shared prompt tokens ({@code <s> USER: What is}) would otherwise
 * be pulled both ways. Frozen representations are computed once from the original weights and
 * cached (no second copy of the model). Padding never counts.
 */
public final class MipEditor implements UnlearningMethod {
    private final InfluentialPaths paths;
    private final MipSettings s;

    /**
     * @param paths located paths (ignored by the whole-model ablation; may then be null)
     * @param settings settings
     */
    public MipEditor(InfluentialPaths paths, MipSettings settings) {
        this.paths = paths;
        this.s = settings;
    }

    @Override
    public MipSettings settings() {
        return s;
    }

    @Override
    public UnlearnReport apply(Checkpoint c, UnlearnData data, ProgressListener progress) {
        long t0 = System.nanoTime();
        Mllm m = c.model();
        int layers = c.config().text().numLayers();
        if (s.steeringLayer() >= layers) {
            throw new InvalidInputException("unlearn.mip.steeringLayer is " + s.steeringLayer() + " but the decoder has only "
                    + layers + " layers (0.." + (layers - 1) + ")");
        }
        if (!s.wholeModel() && paths == null) {
            throw new InvalidInputException("The MIP editor needs a path file: run locate first");
        }
        NeuronSet path = new NeuronSet();
        if (!s.wholeModel()) {
            InfluentialPaths p = s.neuronsPerLayer() > 0 ? paths.withNeuronsPerLayer(s.neuronsPerLayer()) : paths;
            path = NeuronSet.of(p, s.towers());
        }
        NeuronSet trained = s.wholeModel() ? null : path.filter((t, l) -> t == Tower.VISION || l <= s.steeringLayer());
        PixelCache px = new PixelCache(c.images());
        SplittableRandom rnd = new SplittableRandom(s.seed());
        List<Example> forget = examples(data.forget(), px);
        List<Example> retain = examples(sample(data.retain(), s.retainPool(), rnd), px);
        // Frozen representations, from the original weights, before anything is pruned.
        Frozen frozenF = null;
        Frozen frozenR = null;
        if (s.edit() && s.objective() == MipSettings.Objective.RMISU) {
            frozenF = Frozen.compute(c, forget, identityStarts(c, data.forget(), forget, data.names()), s.steeringLayer());
            frozenR = Frozen.compute(c, retain, null, s.steeringLayer());
        }
        if (s.prune() && !s.wholeModel()) {
            Pruning.prune(m, path);
        }
        List<Double> losses = new ArrayList<>();
        Map<String, Double> last = new LinkedHashMap<>();
        long trainable = 0;
        long skipped = 0;
        if (s.edit()) {
            float[] shared = direction(c.config().text().hiddenSize(), rnd.split());
            float[][] u = directions(shared, data.forget(), c.config().text().hiddenSize());
            ChanceProbe probe = s.stopping() != MipSettings.Stopping.NONE ? ChanceProbe.of(c, data, px, s.seed()) : null;
            java.util.Set<Modality> held = java.util.EnumSet.noneOf(Modality.class);
            Frozen frozenHold = null;
            if (probe != null && probe.isEmpty()) {
                progress.info("unlearn mip: no retain person answers the forget pairs' questions, so stopping at chance cannot "
                        + "be judged; running all " + s.epochs() + " epochs");
                probe = null;
            }
            int stoppedAfter = -1;
            try (NeuronParameters np = s.wholeModel() ? null : new NeuronParameters(m, trained)) {
                Trained tr = np == null ? Trained.wholeModel(m) : Trained.of(np);
                List<NDArray> leaves = tr.values();
                if (leaves.isEmpty()) {
                    throw new InvalidInputException("No path neuron can be trained: none lies in the vision tower or in "
                            + "decoder layers <= steeringLayer " + s.steeringLayer() + ". Raise unlearn.steeringLayer");
                }
                trainable = leaves.stream().mapToLong(NDArray::size).sum();
                PairedBatches batches = new PairedBatches(forget.size(), retain.size(), s.batchSize(), rnd);
                ProgressMeter meter = new ProgressMeter(progress, "unlearn mip", (long) batches.stepsPerEpoch() * s.epochs(), 10_000);
                DivergenceGuard guard = new DivergenceGuard("Unlearning (mip)");
                try (Adam adam = new Adam(leaves, 0.9, 0.999, 1e-8, 0)) {
                    for (int epoch = 0; epoch < s.epochs(); epoch++) {
                        double sum = 0;
                        int n = 0;
                        for (PairedBatches.Step st : batches.epoch()) {
                            // With vision paths only, a step whose inputs hold no image cannot move
                            // any trained parameter (its loss is a constant): it is skipped, and counted.
                            if (!reaches(tr, forget, st.forget(), retain, st.retain())) {
                                skipped++;
                                meter.advance(1, () -> "skipped: no image in reach of the vision paths");
                                continue;
                            }
                            List<Integer> pushed = st.forget();
                            List<Integer> kept = List.of();
                            if (!held.isEmpty()) {
                                pushed = st.forget().stream().filter(i -> !held.contains(data.forget().get(i).modality())).toList();
                                kept = st.forget().stream().filter(i -> held.contains(data.forget().get(i).modality())).toList();
                            }
                            Map<String, Double> parts;
                            try (NDScope stepScope = new NDScope()) {
                                StepResult r = step(c, tr, forget, pushed, frozenF, retain, st.retain(), frozenR, u, kept, frozenHold);
                                parts = r.parts();
                                guard.check(parts.get("total"), "epoch " + (epoch + 1), "Lower unlearn.learningRate (now "
                                        + s.learningRate() + ")");
                                update(m, adam, r);
                            }
                            double loss = parts.get("total");
                            sum += loss;
                            n++;
                            last = parts;
                            final int ep = epoch;
                            final double avg = sum / n;
                            meter.advance(1, () -> String.format("epoch %d/%d loss %.4f", ep + 1, s.epochs(), avg));
                        }
                        losses.add(n == 0 ? Double.NaN : sum / n);
                        if (probe != null) {
                            Weights now = tr.weights(m.weights(), null);
                            ChanceProbe.Known k = probe.known(c, now);
                            progress.info(String.format(java.util.Locale.ROOT, "unlearn mip: after epoch %d the forget training "
                                    + "pairs' true answers win %s (chance %.3f)", epoch + 1, k, k.chance()));
                            if (s.stopping() == MipSettings.Stopping.HOLD && !k.atMost(k.chance() + s.stopMargin())) {
                                // Push while above chance, hold while at chance: a held modality that the
                                // other's edit drags back above chance is pushed again (else, once every
                                // modality is held, nothing is pushed and the edit only drifts).
                                java.util.Set<Modality> drifted = k.drifted(held, k.chance() + s.stopMargin());
                                for (Modality mod : drifted) {
                                    progress.info("unlearn mip: " + mod.id() + " forget pairs back above chance after epoch "
                                            + (epoch + 1) + ": pushed again");
                                }
                                held.removeAll(drifted);
                                java.util.Set<Modality> reached = k.newlyAtMost(held, k.chance() + s.stopMargin());
                                for (Modality mod : reached) {
                                    progress.info("unlearn mip: " + mod.id() + " forget pairs at chance after epoch " + (epoch + 1)
                                            + ": held where they are while the rest goes on");
                                }
                                held.addAll(reached);
                                if (!reached.isEmpty()) {
                                    // Their layer-ℓ states now become their targets (the retain term's, weight γ).
                                    frozenHold = Frozen.compute(c, forget, null, s.steeringLayer(), now);
                                }
                            }
                            if (k.atMost(k.chance() + s.stopMargin())) {
                                stoppedAfter = epoch + 1;
                                last = new LinkedHashMap<>(last);
                                last.put("stopEpoch", (double) stoppedAfter);
                                k.put(last);
                                break;
                            }
                        }
                    }
                    if (probe != null && stoppedAfter < 0) {
                        progress.info("unlearn mip: the forget training pairs stayed above chance + " + s.stopMargin() + " for all "
                                + s.epochs() + " epochs (raise unlearn.mip.epochs to go on)");
                    }
                    if (skipped > 0) {
                        last = new LinkedHashMap<>(last);
                        last.put("skippedSteps", (double) skipped);
                        progress.info("unlearn mip: " + skipped + " of " + (long) batches.stepsPerEpoch() * s.epochs()
                                + " steps skipped (no image in the batch; only vision path neurons are trained)");
                    }
                }
                if (np != null) {
                    np.writeBack();
                }
            }
        }
        return new UnlearnReport(s.wholeModel() ? id() + "-whole-model" : id(), s.prune() && !s.wholeModel() ? path : new NeuronSet(),
                s.edit() ? trained : new NeuronSet(), trainable, losses, last, (System.nanoTime() - t0) / 1e9);
    }

    /** Whether any pass of a step can reach a trained parameter ({@link Trained#reaches}). */
    private boolean reaches(Trained tr, List<Example> forget, List<Integer> fb, List<Example> retain, List<Integer> rb) {
        boolean forgetUsed = s.objective() == MipSettings.Objective.RMISU;
        return (forgetUsed && tr.reaches(pick(forget, fb))) || tr.reaches(pick(retain, rb));
    }

    /**
     * What a step trains and how a pass reads it: the path neurons ({@link NeuronParameters}), or in
     * the whole-model ablation every parameter of the model.
     */
    interface Trained {
        /** @return the trained arrays, updated in place by the optimizer, in a fixed order */
        List<NDArray> values();

        /** @return fresh leaves for one recorded pass (aliases of {@link #values()}, in order), in the caller's scope */
        List<NDArray> passLeaves();

        /**
         * @param base the model's weights
         * @param leaves the pass's leaves, or null for a pass without gradients
         * @return the weights the pass reads
         */
        Weights weights(Weights base, List<NDArray> leaves);

        /**
         * @param batch a pass's examples
         * @return whether a trained array can reach that pass's loss (vision path neurons only
         *     through an image; the whole model always)
         */
        boolean reaches(List<Example> batch);

        /** @param np the path neurons' parameters */
        static Trained of(NeuronParameters np) {
            return new Trained() {
                @Override
                public List<NDArray> values() {
                    return np.trainables();
                }

                @Override
                public boolean reaches(List<Example> batch) {
                    return np.reaches(batch);
                }

                @Override
                public List<NDArray> passLeaves() {
                    return np.passLeaves();
                }

                @Override
                public Weights weights(Weights base, List<NDArray> leaves) {
                    return np.weights(base, leaves);
                }
            };
        }

        /** @param m the model, all of whose parameters are trained */
        static Trained wholeModel(Mllm m) {
            List<String> names = List.copyOf(m.parameters().keySet());
            List<NDArray> values = List.copyOf(m.parameters().values());
            return new Trained() {
                @Override
                public List<NDArray> values() {
                    return values;
                }

                @Override
                public boolean reaches(List<Example> batch) {
                    return true;
                }

                @Override
                public List<NDArray> passLeaves() {
                    List<NDArray> out = new ArrayList<>(values.size());
                    for (NDArray v : values) {
                        out.add(Autograd.alias(v));
                    }
                    return out;
                }

                @Override
                public Weights weights(Weights base, List<NDArray> leaves) {
                    if (leaves == null) {
                        return base;
                    }
                    Map<String, NDArray> by = new java.util.HashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        by.put(names.get(i), leaves.get(i));
                    }
                    return Weights.overlay(base, by);
                }
            };
        }
    }

    /**
     * A step's loss components and its gradient (one per trained array, in the caller's scope).
     *
     * @param parts loss components by name ({@code total} among them)
     * @param gradients d total / d each of {@link Trained#values()}
     */
    record StepResult(Map<String, Double> parts, List<NDArray> gradients) {}

    /** One loss term of a step: its name, its weight in the total, and how a pass computes it. */
    private record Term(String name, double weight, List<Example> examples, java.util.function.Function<Weights, NDArray> loss) {}

    /**
     * One optimisation step's forward and backward passes. Each loss term (forget, retain, hold,
     * retain CE) is its own pass with its own backward on its own aliases of the trained arrays, the
     * passes side by side on the CPU workers ({@link dev.mip.runtime.Workers}); the gradient is the
     * sum of the terms' gradients in that fixed order, so it does not depend on the number of
     * workers.
     *
     * @return the loss components and the gradient, created in the caller's scope
     */
    StepResult step(Checkpoint c, Trained tr, List<Example> forget, List<Integer> fb, Frozen frozenF,
            List<Example> retain, List<Integer> rb, Frozen frozenR, float[][] u, List<Integer> hb, Frozen frozenHold) {
        Mllm m = c.model();
        List<Term> terms = new ArrayList<>();
        List<Example> re = pick(retain, rb);
        if (s.objective() == MipSettings.Objective.RMISU) {
            if (!fb.isEmpty()) {
                List<Example> fe = pick(forget, fb);
                terms.add(new Term("forget", 1.0, fe, w -> {
                    Batch bf = c.batches().build(fe, false);
                    return frozenF.forgetLoss(m, bf, fb, steered(m, bf, w), u, s.lambda());
                }));
            }
            terms.add(new Term("retain", s.gamma(), re, w -> {
                Batch br = c.batches().build(re, false);
                return frozenR.retainLoss(m, br, rb, steered(m, br, w));
            }));
            if (!hb.isEmpty()) {
                List<Example> he = pick(forget, hb);
                terms.add(new Term("hold", s.gamma(), he, w -> {
                    Batch bh = c.batches().build(he, false);
                    return frozenHold.retainLoss(m, bh, hb, steered(m, bh, w));
                }));
            }
        }
        if (s.objective() == MipSettings.Objective.FINETUNE || s.retainCeWeight() > 0) {
            double weight = s.objective() == MipSettings.Objective.FINETUNE ? 1.0 : s.retainCeWeight();
            terms.add(new Term("retainCe", weight, re, w -> {
                Batch br = c.batches().build(re, true);
                Mllm.Output o = m.forward(br, w, ScaleHooks.NONE, Mllm.Options.FULL);
                return m.targetLogProbs(o, br, w).mean().neg();
            }));
        }
        record Piece(double value, List<NDArray> grads) {}
        List<Piece> pieces = Workers.map(m.manager().getDevice(), terms.size(), i -> {
            Term t = terms.get(i);
            try (NDScope scope = new NDScope()) {
                List<NDArray> leaves = tr.passLeaves();
                Weights w = tr.weights(m.weights(), leaves);
                NDArray[] loss = Autograd.recording(() -> {
                    NDArray l = t.loss().apply(w);
                    return new NDArray[] {l, t.weight() == 1.0 ? l : l.mul(Tensors.scalar(l, t.weight()))};
                });
                double value = scalar(loss[0]);
                List<NDArray> grads = new ArrayList<>(leaves.size());
                if (!tr.reaches(t.examples())) { // no trained array reaches this term's loss
                    leaves.forEach(l -> grads.add(null));
                    return new Piece(value, grads);
                }
                Autograd.backward(loss[1]);
                for (NDArray leaf : leaves) {
                    NDArray g = Autograd.gradient(leaf);
                    if (g != null) {
                        NDScope.unregister(g);
                    }
                    grads.add(g);
                }
                return new Piece(value, grads);
            }
        });
        Map<String, Double> parts = new LinkedHashMap<>();
        double total = 0;
        for (int i = 0; i < terms.size(); i++) {
            parts.put(terms.get(i).name(), pieces.get(i).value());
            total += terms.get(i).weight() * pieces.get(i).value();
        }
        parts.put("total", total);
        List<NDArray> values = tr.values();
        List<NDArray> grads = new ArrayList<>(values.size());
        for (int j = 0; j < values.size(); j++) {
            NDArray sum = null;
            // Last term first: the order in which one backward pass over the summed loss would add
            // them (libtorch runs the most recently recorded branch first), so ((h + r) + f).
            for (int k = pieces.size() - 1; k >= 0; k--) {
                NDArray g = pieces.get(k).grads().get(j);
                if (g != null) {
                    NDScope.register(g); // freed with the caller's scope, as the sums are
                    sum = sum == null ? g : sum.add(g);
                }
            }
            grads.add(sum == null ? values.get(j).zerosLike() : sum);
        }
        return new StepResult(parts, grads);
    }

    /**
     * Adam's update with a step's gradient (clipped at a global norm of 1), on a worker so that its
     * norm is summed as the rest of the step is (dev.mip.runtime.Workers).
     */
    void update(Mllm m, Adam adam, StepResult r) {
        Workers.map(m.manager().getDevice(), 1, i -> adam.step(s.learningRate(), 1.0, r.gradients()));
    }

    /** The hidden states of decoder layer ℓ (the steered representation) for a batch, under the given weights. */
    private NDArray steered(Mllm m, Batch b, Weights w) {
        return m.forward(b, w, ScaleHooks.NONE, Mllm.Options.upTo(s.steeringLayer())).lastHidden();
    }

    private static double scalar(NDArray a) {
        return a.toType(DataType.FLOAT64, false).getDouble();
    }

    private static <T> List<T> pick(List<T> all, List<Integer> idx) {
        List<T> out = new ArrayList<>(idx.size());
        for (int i : idx) {
            out.add(all.get(i));
        }
        return out;
    }

    static List<QaPair> sample(List<QaPair> all, int n, SplittableRandom rnd) {
        if (all.size() <= n) {
            return all;
        }
        List<Integer> o = PairedBatches.order(all.size(), rnd);
        List<Integer> keep = new ArrayList<>(o.subList(0, n));
        java.util.Collections.sort(keep);
        List<QaPair> out = new ArrayList<>(n);
        for (int i : keep) {
            out.add(all.get(i));
        }
        return out;
    }

    static List<Example> examples(List<QaPair> pairs, PixelCache px) {
        List<Example> out = new ArrayList<>(pairs.size());
        for (QaPair q : pairs) {
            out.add(new Example(px.pixels(q.image()), q.question(), q.answer()));
        }
        return out;
    }

    /**
     * The forget target's direction for each forget pair: the shared {@code u}, or one per person
     * (seeded by the run's seed and the person's id, so it does not depend on the pairs' order), or
     * one per pair.
     */
    float[][] directions(float[] shared, List<QaPair> forget, int d) {
        float[][] out = new float[forget.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (s.directions()) {
                case SHARED -> shared;
                case PER_PERSON -> direction(d, new SplittableRandom(s.seed() * 1_000_003L + forget.get(i).subject().hashCode()));
                case PER_SAMPLE -> direction(d, new SplittableRandom(s.seed() * 1_000_003L + 7919L * i + 1));
            };
        }
        return out;
    }

    /** A seeded random unit vector (normalised Gaussian). */
    static float[] direction(int d, SplittableRandom rnd) {
        double[] v = new double[d];
        double norm = 0;
        for (int i = 0; i < d; i++) {
            v[i] = rnd.nextGaussian();
            norm += v[i] * v[i];
        }
        norm = Math.sqrt(norm);
        float[] u = new float[d];
        for (int i = 0; i < d; i++) {
            u[i] = (float) (v[i] / norm);
        }
        return u;
    }

    /**
     * First position carrying the sample's identity: the first image token, else the first token of
     * the subject's name in the question, else the first answer token.
     */
    static int[] identityStarts(Checkpoint c, List<QaPair> pairs, List<Example> ex, Map<String, String> names) {
        int[] out = new int[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            Batch b = c.batches().build(List.of(ex.get(i)), false);
            int start = -1;
            for (int t = 0; t < b.length() && start < 0; t++) {
                if (b.imageRow()[t] >= 0) {
                    start = t;
                }
            }
            String name = names == null ? null : names.get(pairs.get(i).subject());
            if (start < 0 && name != null && !name.isBlank()) {
                long[] nameIds = contentIds(c, name);
                start = find(b.ids(), b.length(), nameIds);
            }
            if (start < 0) {
                start = b.numTargets() > 0 ? b.targetPos()[0] + 1 : b.length() - 1;
            }
            out[i] = start;
        }
        return out;
    }

    private static long[] contentIds(Checkpoint c, String text) {
        var e = c.tokenizer().encode(text);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < e.ids().length; i++) {
            if (e.charStarts()[i] >= 0) {
                ids.add(e.ids()[i]);
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static int find(long[] hay, int len, long[] needle) {
        if (needle.length == 0) {
            return -1;
        }
        outer:
        for (int t = 0; t + needle.length <= len; t++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[t + j] != needle[j]) {
                    continue outer;
                }
            }
            return t;
        }
        return -1;
    }

    /** Frozen layer-ℓ states of a list of examples, per sample over its real positions. */
    static final class Frozen {
        final float[][] states;   // [sample][position * D]
        final double[][] norms;   // [sample][position]
        final int[] starts;       // first position the forget term covers (forget samples), or 0
        final int d;

        private Frozen(float[][] states, double[][] norms, int[] starts, int d) {
            this.states = states;
            this.norms = norms;
            this.starts = starts;
            this.d = d;
        }

        static Frozen compute(Checkpoint c, List<Example> ex, int[] starts, int layer) {
            return compute(c, ex, starts, layer, c.model().weights());
        }

        /** The states under some weights (e.g. the current ones during the edit). */
        static Frozen compute(Checkpoint c, List<Example> ex, int[] starts, int layer, Weights weights) {
            Mllm m = c.model();
            int d = c.config().text().hiddenSize();
            float[][] st = new float[ex.size()][];
            double[][] nr = new double[ex.size()][];
            Workers.mapChunks(m.manager().getDevice(), ex.size(), 32, (from, to) -> {
                List<Example> chunk = ex.subList(from, to);
                Batch b = c.batches().build(chunk, false);
                float[] h;
                try (NDScope scope = new NDScope()) {
                    h = m.forward(b, weights, ScaleHooks.NONE, Mllm.Options.upTo(layer)).lastHidden()
                            .toType(DataType.FLOAT32, false).toFloatArray();
                }
                for (int i = 0; i < chunk.size(); i++) {
                    int len = 0;
                    for (int t = 0; t < b.length(); t++) {
                        len += b.mask()[i * b.length() + t];
                    }
                    float[] v = new float[len * d];
                    System.arraycopy(h, i * b.length() * d, v, 0, len * d);
                    double[] n = new double[len];
                    for (int t = 0; t < len; t++) {
                        double q = 0;
                        for (int j = 0; j < d; j++) {
                            q += (double) v[t * d + j] * v[t * d + j];
                        }
                        n[t] = Math.sqrt(q);
                    }
                    st[from + i] = v;
                    nr[from + i] = n;
                }
                return null;
            });
            return new Frozen(st, nr, starts == null ? new int[ex.size()] : starts, d);
        }

        /** mean over identity positions of ||h - λ||h0|| u||^2 / ||h0||^2, with u the sample's direction */
        NDArray forgetLoss(Mllm m, Batch b, List<Integer> idx, NDArray h, float[][] directions, double lambda) {
            int bs = b.size();
            int t = b.length();
            float[] target = new float[bs * t * d];
            float[] weight = new float[bs * t];
            int count = 0;
            for (int i = 0; i < bs; i++) {
                int sIdx = idx.get(i);
                double[] n = norms[sIdx];
                for (int p = starts[sIdx]; p < n.length; p++) {
                    count++;
                }
            }
            for (int i = 0; i < bs; i++) {
                int sIdx = idx.get(i);
                double[] n = norms[sIdx];
                float[] u = directions[sIdx];
                for (int p = starts[sIdx]; p < n.length; p++) {
                    int base = (i * t + p) * d;
                    for (int j = 0; j < d; j++) {
                        target[base + j] = (float) (lambda * n[p] * u[j]);
                    }
                    weight[i * t + p] = (float) (1.0 / (n[p] * n[p] + 1e-12) / Math.max(1, count));
                }
            }
            return weightedSquaredError(m, h, target, weight, bs, t);
        }

        /** mean over real positions of ||h - h0||^2 / ||h0||^2 */
        NDArray retainLoss(Mllm m, Batch b, List<Integer> idx, NDArray h) {
            int bs = b.size();
            int t = b.length();
            float[] target = new float[bs * t * d];
            float[] weight = new float[bs * t];
            int count = 0;
            for (int i = 0; i < bs; i++) {
                count += norms[idx.get(i)].length;
            }
            for (int i = 0; i < bs; i++) {
                int sIdx = idx.get(i);
                double[] n = norms[sIdx];
                System.arraycopy(states[sIdx], 0, target, i * t * d, n.length * d);
                for (int p = 0; p < n.length; p++) {
                    weight[i * t + p] = (float) (1.0 / (n[p] * n[p] + 1e-12) / count);
                }
            }
            return weightedSquaredError(m, h, target, weight, bs, t);
        }

        private NDArray weightedSquaredError(Mllm m, NDArray h, float[] target, float[] weight, int bs, int t) {
            NDArray tg = Tensors.owned(m.manager().create(target, new Shape(bs, t, d)), m.dtype());
            NDArray wt = Tensors.owned(m.manager().create(weight, new Shape(bs, t)), m.dtype());
            return h.sub(tg).square().sum(new int[] {2}).mul(wt).sum();
        }
    }
}

package dev.mip.locate;

import dev.mip.TopK;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.Mllm;
import dev.mip.model.ScaleHooks;
import dev.mip.model.Tensors;
import dev.mip.model.Tower;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores the FFN neurons of one branch for a group of samples: integrated gradients (IGI) for the
 * decoder, squared gradients (IFI, a diagonal-Fisher score) for the vision tower.
 *
 * <p>Each sample is repeated m times in one batch (or over several passes of
 * {@link LocateSettings#copiesPerPass()} copies each); copy k (k = 1..m) multiplies the scaled neurons
 * by k/m through the model's scale hooks. With F the sample's answer log-likelihood (answer tokens
 * only), the gradient of the batch's summed objective with respect to the scale of row (sample,
 * k), neuron i, is dF/ds_i at that interpolation point, so one forward+backward scores every
 * candidate of the layer for every sample of the group:
 * <ul>
 *   <li>IGI: {@code (1/m) * sum_k dF/ds_i} (Riemann sum, right endpoints)</li>
 *   <li>IFI: {@code (1/m) * sum_k (dF/ds_i)^2}</li>
 * </ul>
 * Exact mode (Algorithm 1 with top-k): for layer l, the copies scale all neurons of layer l and the
 * sample's own path neurons of layers below l; the sample's top {@code pathWidth} candidates join its
 * path. Joint mode: all neurons of every layer are scaled together, one pass scores all layers.
 * Only the scale tensors require gradients; parameters are never differentiated.
 */
final class BranchLocator {
    private final Checkpoint checkpoint;
    private final Tower tower;
    private final int layers;
    private final int neurons;
    private final LocateSettings settings;

    BranchLocator(Checkpoint checkpoint, Tower tower, LocateSettings settings) {
        this.checkpoint = checkpoint;
        this.tower = tower;
        this.settings = settings;
        if (tower == Tower.TEXT) {
            layers = checkpoint.config().text().numLayers();
            neurons = checkpoint.config().text().intermediateSize();
        } else {
            // Layers after the feature layer never reach the decoder: their scores would be zero.
            layers = checkpoint.config().lastVisionLayerUsed() + 1;
            neurons = checkpoint.config().vision().intermediateSize();
        }
    }

    int layers() {
        return layers;
    }

    int neurons() {
        return neurons;
    }

    /** Progress steps of one group: its layers scored in exact mode (each over one or more passes), else 1. */
    int passesPerGroup() {
        return settings.mode() == LocateSettings.Mode.EXACT ? layers : 1;
    }

    /**
     * Scores a group of samples and adds them to {@code acc}.
     *
     * @param group samples (each with an answer)
     * @param acc accumulator
     * @param afterPass called after every forward+backward pass with the layer just scored (-1 in joint mode)
     */
    void run(List<Example> group, PathScores acc, java.util.function.IntConsumer afterPass) {
        int s = group.size();
        int m = settings.steps();
        // The m copies of each sample, split into passes of at most copiesPerPass copies: rows never
        // interact, so each pass yields the gradients of its own copies, written to their place.
        List<Batch> passes = new ArrayList<>();
        for (int k0 = 0; k0 < m; k0 += settings.copiesPerPass()) {
            List<Example> copies = new ArrayList<>();
            for (Example e : group) {
                for (int k = k0; k < Math.min(m, k0 + settings.copiesPerPass()); k++) {
                    copies.add(e);
                }
            }
            passes.add(checkpoint.batches().build(copies, false));
        }
        if (settings.mode() == LocateSettings.Mode.JOINT) {
            double[][] grads = gradients(passes, s, -1, null, allLayers());
            for (int l = 0; l < layers; l++) {
                for (int si = 0; si < s; si++) {
                    double[] scores = reduce(grads[l], si, m);
                    acc.add(l, scores, TopK.indices(scores, settings.pathWidth()));
                }
            }
            afterPass.accept(-1);
        } else {
            int[][][] path = new int[s][layers][];
            for (int l = 0; l < layers; l++) {
                double[] g = gradients(passes, s, l, path, new int[] {l})[0];
                for (int si = 0; si < s; si++) {
                    double[] scores = reduce(g, si, m);
                    path[si][l] = TopK.indices(scores, settings.pathWidth());
                    acc.add(l, scores, path[si][l]);
                }
                afterPass.accept(l);
            }
        }
        for (int si = 0; si < s; si++) {
            acc.countSample();
        }
    }

    private int[] allLayers() {
        int[] all = new int[layers];
        for (int l = 0; l < layers; l++) {
            all[l] = l;
        }
        return all;
    }

    /**
     * The gradients of every copy, one forward+backward per pass.
     *
     * @param passes the passes: pass p holds copies k = p*c+1 .. of each of the s samples, sample-major
     * @param s samples
     * @param pathLayer in exact mode the layer being scored (earlier path neurons are scaled), else -1
     * @param path per-sample paths of earlier layers (exact mode)
     * @param scored layers whose scales require gradients
     * @return per scored layer, the gradient {@code [s*m*I]} (sample-major, then copy k)
     */
    private double[][] gradients(List<Batch> passes, int s, int pathLayer, int[][][] path, int[] scored) {
        int m = settings.steps();
        int c = settings.copiesPerPass();
        double[][] out = new double[scored.length][s * m * neurons];
        for (int p = 0; p < passes.size(); p++) {
            int k0 = p * c;
            int n = Math.min(m, k0 + c) - k0;
            double[][] g = pass(passes.get(p), s, k0, n, pathLayer, path, scored);
            for (int t = 0; t < scored.length; t++) {
                for (int si = 0; si < s; si++) {
                    System.arraycopy(g[t], si * n * neurons, out[t], (si * m + k0) * neurons, n * neurons);
                }
            }
        }
        return out;
    }

    /**
     * One forward+backward over copies k0+1 .. k0+n of each sample.
     *
     * @return per scored layer, the gradient {@code [s*n*I]}
     */
    private double[][] pass(Batch batch, int s, int k0, int n, int pathLayer, int[][][] path, int[] scored) {
        int m = settings.steps();
        int rows = s * n;
        Mllm model = checkpoint.model();
        NDManager mgr = model.manager();
        double[][] out = new double[scored.length][];
        try (NDScope scope = new NDScope()) {
            ScaleHooks hooks = new ScaleHooks();
            for (int j = 0; j < pathLayer; j++) {
                float[] v = new float[rows * neurons];
                java.util.Arrays.fill(v, 1f);
                for (int si = 0; si < s; si++) {
                    for (int r = 0; r < n; r++) {
                        for (int i : path[si][j]) {
                            v[(si * n + r) * neurons + i] = (float) (k0 + r + 1) / m;
                        }
                    }
                }
                hooks.set(tower, j, scale(mgr, v, rows));
            }
            NDArray[] trainable = new NDArray[scored.length];
            for (int t = 0; t < scored.length; t++) {
                float[] v = new float[rows * neurons];
                for (int r = 0; r < rows; r++) {
                    java.util.Arrays.fill(v, r * neurons, (r + 1) * neurons, (float) (k0 + r % n + 1) / m);
                }
                trainable[t] = scale(mgr, v, rows);
                trainable[t].setRequiresGradient(true);
                hooks.set(tower, scored[t], trainable[t]);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Mllm.Output o = model.forward(batch, model.weights(), hooks, Mllm.Options.FULL);
                gc.backward(model.targetLogProbs(o, batch, model.weights()).sum());
            }
            for (int t = 0; t < scored.length; t++) {
                out[t] = trainable[t].getGradient().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
            }
        }
        return out;
    }

    private NDArray scale(NDManager mgr, float[] v, int rows) {
        return Tensors.owned(mgr.create(v, new Shape(rows, neurons)), checkpoint.model().dtype());
    }

    /** Per-neuron score of sample {@code si} from the gradients of its m copies. */
    private double[] reduce(double[] g, int si, int m) {
        boolean fisher = tower == Tower.VISION;
        double[] scores = new double[neurons];
        for (int k = 0; k < m; k++) {
            int base = (si * m + k) * neurons;
            for (int i = 0; i < neurons; i++) {
                double d = g[base + i];
                scores[i] += fisher ? d * d : d;
            }
        }
        for (int i = 0; i < neurons; i++) {
            scores[i] /= m;
        }
        return scores;
    }
}

package dev.mip.bench;

import dev.mip.TopK;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.Mllm;
import dev.mip.model.ScaleHooks;
import dev.mip.model.Tensors;
import dev.mip.model.Tower;
import java.util.Arrays;
import java.util.List;

/**
 * The literal, unbatched reading of the locate formula: for every candidate neuron of every layer,
 * m separate forward+backward passes (one per interpolation step), each reading that one
 * candidate's gradient. It exists to check the batched {@code PathLocator} against and to measure
 * how much faster the batched form is; never use it for real work.
 */
public final class NaiveLocator {
    private NaiveLocator() {}

    /**
     * Exact-mode scores of one sample, every layer, by the per-candidate loop.
     *
     * @param c the model
     * @param tower branch ({@link Tower#TEXT}: IGI; {@link Tower#VISION}: IFI)
     * @param sample the sample
     * @param layers layers to score (from 0)
     * @param steps m
     * @param pathWidth neurons each layer adds to the sample's path
     * @param candidates score only the first this many candidates per layer (all: the layer width);
     *     the rest get NaN (for timing a fraction of the loop)
     * @return scores[layer][neuron]
     */
    public static double[][] scores(Checkpoint c, Tower tower, Example sample, int layers, int steps, int pathWidth,
            int candidates) {
        int neurons = tower == Tower.TEXT ? c.config().text().intermediateSize() : c.config().vision().intermediateSize();
        Mllm m = c.model();
        Batch b = c.batches().build(List.of(sample), false);
        double[][] out = new double[layers][neurons];
        int[][] path = new int[layers][];
        for (int l = 0; l < layers; l++) {
            Arrays.fill(out[l], Double.NaN);
            for (int i = 0; i < Math.min(candidates, neurons); i++) {
                double score = 0;
                for (int k = 1; k <= steps; k++) {
                    float f = (float) k / steps;
                    try (NDScope s = new NDScope()) {
                        ScaleHooks hooks = new ScaleHooks();
                        for (int j = 0; j < l; j++) {
                            float[] v = new float[neurons];
                            Arrays.fill(v, 1f);
                            for (int p : path[j]) {
                                v[p] = f;
                            }
                            hooks.set(tower, j, Tensors.owned(m.manager().create(v, new Shape(1, neurons)), m.dtype()));
                        }
                        float[] cur = new float[neurons];
                        Arrays.fill(cur, f);
                        NDArray sc = Tensors.owned(m.manager().create(cur, new Shape(1, neurons)), m.dtype());
                        sc.setRequiresGradient(true);
                        hooks.set(tower, l, sc);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            Mllm.Output o = m.forward(b, m.weights(), hooks, Mllm.Options.FULL);
                            gc.backward(m.targetLogProbs(o, b, m.weights()).sum());
                        }
                        double g = sc.getGradient().get(0, i).toType(DataType.FLOAT64, false).getDouble();
                        score += tower == Tower.VISION ? g * g : g;
                    }
                }
                out[l][i] = score / steps;
            }
            double[] ranked = out[l].clone();
            for (int i = 0; i < ranked.length; i++) {
                if (Double.isNaN(ranked[i])) {
                    ranked[i] = Double.NEGATIVE_INFINITY;
                }
            }
            path[l] = TopK.indices(ranked, pathWidth);
        }
        return out;
    }
}

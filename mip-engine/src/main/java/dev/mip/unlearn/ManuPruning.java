package dev.mip.unlearn;

import dev.mip.InvalidInputException;
import dev.mip.model.Checkpoint;
import dev.mip.model.Tower;
import dev.mip.ProgressListener;
import java.util.List;
import java.util.Map;

/**
 * MANU (Liu et al. 2025): score every FFN neuron of both towers with {@link ManuImportance}
 * (forget importance over retain importance) and zero the top {@code alpha} fraction in the weights.
 * No training.
 *
 * @param alpha fraction of all neurons pruned, in (0, 1] (MANU's pruning rate; the paper uses 2-10%)
 * @param tau activity threshold of the frequency importance (default 0.01)
 */
public record ManuPruning(double alpha, double tau) implements UnlearningMethod {

    /** Validates. */
    public ManuPruning {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new InvalidInputException("unlearn.alpha is " + alpha + " but must be in (0, 1]");
        }
    }

    @Override
    public String id() {
        return "manu";
    }

    @Override
    public UnlearnReport apply(Checkpoint c, UnlearnData data, ProgressListener progress) {
        long t0 = System.nanoTime();
        progress.info("MANU: scoring neurons on " + data.forget().size() + " forget and " + data.retain().size() + " retain pairs");
        ManuImportance imp = ManuImportance.compute(c, data.forget(), data.retain(), tau, 32);
        Map<Tower, int[][]> chosen = imp.topFraction(alpha);
        NeuronSet set = new NeuronSet();
        chosen.forEach((t, layers) -> {
            for (int l = 0; l < layers.length; l++) {
                set.put(t, l, layers[l]);
            }
        });
        Pruning.prune(c.model(), set);
        return new UnlearnReport("manu", set, new NeuronSet(), 0, List.of(), Map.of(), (System.nanoTime() - t0) / 1e9);
    }
}

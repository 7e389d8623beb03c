package dev.mip.unlearn;

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
 * @param settings the pruning rate α and activity threshold τ
 */
public record ManuPruning(ManuSettings settings) implements UnlearningMethod {

    @Override
    public UnlearnReport apply(Checkpoint c, UnlearnData data, ProgressListener progress) {
        long t0 = System.nanoTime();
        progress.info("MANU: scoring neurons on " + data.forget().size() + " forget and " + data.retain().size() + " retain pairs");
        ManuImportance imp = ManuImportance.compute(c, data.forget(), data.retain(), settings.tau(), 32);
        Map<Tower, int[][]> chosen = imp.topFraction(settings.alpha());
        NeuronSet set = new NeuronSet();
        chosen.forEach((t, layers) -> {
            for (int l = 0; l < layers.length; l++) {
                set.put(t, l, layers[l]);
            }
        });
        Pruning.prune(c.model(), set);
        return new UnlearnReport(id(), set, new NeuronSet(), 0, List.of(), Map.of(), (System.nanoTime() - t0) / 1e9);
    }
}

package dev.mip.unlearn;

import java.util.List;
import java.util.Map;

/**
 * What an unlearning run did, for the output manifest and reports.
 *
 * @param method method id
 * @param pruned neurons zeroed in the weights
 * @param trained neurons whose parameters were trained (null when whole matrices or adapters were)
 * @param trainableParameters number of trained scalars
 * @param epochLosses mean loss per epoch (empty for training-free methods)
 * @param finalLosses named components of the last epoch's loss
 * @param seconds wall time
 */
public record UnlearnReport(String method, NeuronSet pruned, NeuronSet trained, long trainableParameters,
        List<Double> epochLosses, Map<String, Double> finalLosses, double seconds) {}

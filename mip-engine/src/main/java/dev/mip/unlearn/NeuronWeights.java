package dev.mip.unlearn;

import dev.mip.model.ParamSpec;
import dev.mip.model.Tower;
import java.util.ArrayList;
import java.util.List;

/**
 * Which parameter entries belong to a neuron: its rows of the FFN input projections (decoder:
 * {@code gate_proj}, {@code up_proj} and their biases if any; vision: {@code fc1} and its bias) and
 * its column of the output projection ({@code down_proj} / {@code fc2}). Zeroing the output column
 * removes the neuron's contribution from the model.
 */
final class NeuronWeights {
    private NeuronWeights() {}

    /** A weight tensor and whether a neuron owns one of its rows (input side) or columns (output side). */
    record Slice(String name, boolean rows) {}

    static List<Slice> slices(Tower tower, int layer, boolean mlpBias) {
        List<Slice> out = new ArrayList<>();
        if (tower == Tower.TEXT) {
            String p = ParamSpec.textLayer(layer) + "mlp.";
            out.add(new Slice(p + "gate_proj.weight", true));
            out.add(new Slice(p + "up_proj.weight", true));
            if (mlpBias) {
                out.add(new Slice(p + "gate_proj.bias", true));
                out.add(new Slice(p + "up_proj.bias", true));
            }
            out.add(new Slice(p + "down_proj.weight", false));
        } else {
            String p = ParamSpec.visionLayer(layer) + "mlp.";
            out.add(new Slice(p + "fc1.weight", true));
            out.add(new Slice(p + "fc1.bias", true));
            out.add(new Slice(p + "fc2.weight", false));
        }
        return out;
    }

    /** @return the output-side weight whose columns are the neurons */
    static String outputWeight(Tower tower, int layer) {
        return ParamSpec.neuronOutputWeight(tower, layer);
    }
}

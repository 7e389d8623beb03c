package dev.mip.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.json.JsonFields;
import java.util.Set;

/**
 * The CLIP vision tower's hyper-parameters ({@code vision_config} of a LLaVA {@code config.json}).
 * Absent fields take Hugging Face's {@code CLIPVisionConfig} defaults, as {@code transformers}
 * does, because published LLaVA configs rely on them.
 *
 * @param hiddenSize width of the tower ({@code hidden_size}, default 768)
 * @param intermediateSize FFN width, i.e. neurons per vision layer ({@code intermediate_size}, default 3072)
 * @param numLayers encoder layers ({@code num_hidden_layers}, default 12)
 * @param numHeads attention heads ({@code num_attention_heads}, default 12)
 * @param numChannels input channels ({@code num_channels}, default 3)
 * @param imageSize input side in pixels ({@code image_size}, default 224)
 * @param patchSize patch side in pixels ({@code patch_size}, default 32)
 * @param hiddenAct FFN activation ({@code hidden_act}, default {@code quick_gelu})
 * @param layerNormEps layer-norm epsilon ({@code layer_norm_eps}, default 1e-5)
 */
public record VisionConfig(int hiddenSize, int intermediateSize, int numLayers, int numHeads,
        int numChannels, int imageSize, int patchSize, String hiddenAct, double layerNormEps) {

    static final Set<String> ACTIVATIONS = Set.of("quick_gelu", "gelu", "gelu_new", "gelu_pytorch_tanh", "relu", "silu");

    /** @return patches per side */
    public int patchesPerSide() {
        return imageSize / patchSize;
    }

    /** @return number of patches (without the class token) */
    public int numPatches() {
        return patchesPerSide() * patchesPerSide();
    }

    /** @return per-head width */
    public int headDim() {
        return hiddenSize / numHeads;
    }

    static VisionConfig parse(JsonFields f) {
        VisionConfig c = new VisionConfig(
                f.optIntAtLeast("hidden_size", 768, 1),
                f.optIntAtLeast("intermediate_size", 3072, 1),
                f.optIntAtLeast("num_hidden_layers", 12, 1),
                f.optIntAtLeast("num_attention_heads", 12, 1),
                f.optIntAtLeast("num_channels", 3, 1),
                f.optIntAtLeast("image_size", 224, 1),
                f.optIntAtLeast("patch_size", 32, 1),
                f.optString("hidden_act", "quick_gelu"),
                f.optDouble("layer_norm_eps", 1e-5));
        if (c.hiddenSize % c.numHeads != 0) {
            throw f.error("num_attention_heads", c.numHeads + " does not divide hidden_size " + c.hiddenSize,
                    "Fix hidden_size or num_attention_heads");
        }
        if (c.imageSize % c.patchSize != 0) {
            throw f.error("patch_size", c.patchSize + " does not divide image_size " + c.imageSize,
                    "Fix image_size or patch_size");
        }
        if (!ACTIVATIONS.contains(c.hiddenAct)) {
            throw f.error("hidden_act", "'" + c.hiddenAct + "' is not supported", "Use one of " + ACTIVATIONS);
        }
        return c;
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("model_type", "clip_vision_model");
        n.put("hidden_size", hiddenSize);
        n.put("intermediate_size", intermediateSize);
        n.put("num_hidden_layers", numLayers);
        n.put("num_attention_heads", numHeads);
        n.put("num_channels", numChannels);
        n.put("image_size", imageSize);
        n.put("patch_size", patchSize);
        n.put("hidden_act", hiddenAct);
        n.put("layer_norm_eps", layerNormEps);
        return n;
    }
}

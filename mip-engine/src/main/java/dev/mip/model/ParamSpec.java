package dev.mip.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One parameter tensor a LLaVA architecture needs, with its Hugging Face name (legacy hub layout)
 * and shape. The list of specs is the single source of truth for loading (presence and shape
 * checks), random initialisation and {@code inspect}.
 *
 * @param name canonical weight name
 * @param shape expected shape
 * @param kind how it is initialised
 */
public record ParamSpec(String name, long[] shape, Kind kind) {

    /** Initialisation family. */
    public enum Kind {
        /** Linear weight or embedding: small Gaussian. */
        MATRIX,
        /** Bias: zeros. */
        BIAS,
        /** Norm gain: ones. */
        GAIN
    }

    /** Prefix of the CLIP vision model's weights. */
    public static final String VISION = "vision_tower.vision_model.";
    /** Prefix of the projector's weights. */
    public static final String PROJECTOR = "multi_modal_projector.";
    /** Prefix of the decoder's weights. */
    public static final String TEXT = "language_model.model.";
    /** Name of the untied output head. */
    public static final String LM_HEAD = "language_model.lm_head.weight";

    /**
     * @param layer decoder layer
     * @return prefix of that layer's weights
     */
    public static String textLayer(int layer) {
        return TEXT + "layers." + layer + ".";
    }

    /**
     * @param layer vision encoder layer
     * @return prefix of that layer's weights
     */
    public static String visionLayer(int layer) {
        return VISION + "encoder.layers." + layer + ".";
    }

    /**
     * The FFN weight whose input channels are the neurons of a layer ({@code down_proj} / {@code fc2}).
     *
     * @param tower the branch
     * @param layer the layer
     * @return weight name
     */
    public static String neuronOutputWeight(Tower tower, int layer) {
        return tower == Tower.TEXT ? textLayer(layer) + "mlp.down_proj.weight" : visionLayer(layer) + "mlp.fc2.weight";
    }

    /**
     * Every parameter of the architecture described by {@code c}, in a stable order.
     *
     * @param c the configuration
     * @return the specs
     */
    public static List<ParamSpec> all(LlavaConfig c) {
        List<ParamSpec> out = new ArrayList<>();
        VisionConfig v = c.vision();
        long d = v.hiddenSize();
        long p = v.patchSize();
        out.add(new ParamSpec(VISION + "embeddings.patch_embedding.weight", new long[] {d, v.numChannels(), p, p}, Kind.MATRIX));
        out.add(new ParamSpec(VISION + "embeddings.class_embedding", new long[] {d}, Kind.MATRIX));
        out.add(new ParamSpec(VISION + "embeddings.position_embedding.weight", new long[] {v.numPatches() + 1, d}, Kind.MATRIX));
        layerNorm(out, VISION + "pre_layrnorm", d);
        for (int l = 0; l < v.numLayers(); l++) {
            String pre = visionLayer(l);
            for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
                linear(out, pre + "self_attn." + proj, d, d, true);
            }
            layerNorm(out, pre + "layer_norm1", d);
            linear(out, pre + "mlp.fc1", v.intermediateSize(), d, true);
            linear(out, pre + "mlp.fc2", d, v.intermediateSize(), true);
            layerNorm(out, pre + "layer_norm2", d);
        }
        layerNorm(out, VISION + "post_layernorm", d);

        TextConfig t = c.text();
        long h = t.hiddenSize();
        linear(out, PROJECTOR + "linear_1", h, d, c.projectorBias());
        linear(out, PROJECTOR + "linear_2", h, h, c.projectorBias());
        out.add(new ParamSpec(TEXT + "embed_tokens.weight", new long[] {t.vocabSize(), h}, Kind.MATRIX));
        long q = (long) t.numHeads() * t.headDim();
        long kv = (long) t.numKvHeads() * t.headDim();
        for (int l = 0; l < t.numLayers(); l++) {
            String pre = textLayer(l);
            out.add(new ParamSpec(pre + "input_layernorm.weight", new long[] {h}, Kind.GAIN));
            linear(out, pre + "self_attn.q_proj", q, h, t.qkvBias());
            linear(out, pre + "self_attn.k_proj", kv, h, t.qkvBias());
            linear(out, pre + "self_attn.v_proj", kv, h, t.qkvBias());
            linear(out, pre + "self_attn.o_proj", h, q, t.outputBias());
            out.add(new ParamSpec(pre + "post_attention_layernorm.weight", new long[] {h}, Kind.GAIN));
            linear(out, pre + "mlp.gate_proj", t.intermediateSize(), h, t.mlpBias());
            linear(out, pre + "mlp.up_proj", t.intermediateSize(), h, t.mlpBias());
            linear(out, pre + "mlp.down_proj", h, t.intermediateSize(), t.mlpBias());
        }
        out.add(new ParamSpec(TEXT + "norm.weight", new long[] {h}, Kind.GAIN));
        if (!t.tieWordEmbeddings()) {
            out.add(new ParamSpec(LM_HEAD, new long[] {t.vocabSize(), h}, Kind.MATRIX));
        }
        return out;
    }

    private static void linear(List<ParamSpec> out, String name, long outDim, long inDim, boolean bias) {
        out.add(new ParamSpec(name + ".weight", new long[] {outDim, inDim}, Kind.MATRIX));
        if (bias) {
            out.add(new ParamSpec(name + ".bias", new long[] {outDim}, Kind.BIAS));
        }
    }

    private static void layerNorm(List<ParamSpec> out, String name, long d) {
        out.add(new ParamSpec(name + ".weight", new long[] {d}, Kind.GAIN));
        out.add(new ParamSpec(name + ".bias", new long[] {d}, Kind.BIAS));
    }

    /** @return number of elements */
    public long numel() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }
}

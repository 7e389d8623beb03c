package dev.mip.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.json.JsonFields;
import java.util.Set;

/**
 * The decoder's hyper-parameters ({@code text_config} of a LLaVA {@code config.json}). Two
 * families: {@code llama} and {@code qwen2}; they differ in that Qwen2 has biases on the
 * q/k/v projections. Absent fields take the Hugging Face defaults of that family.
 *
 * @param modelType {@code llama} or {@code qwen2} ({@code model_type}, default llama)
 * @param vocabSize vocabulary size ({@code vocab_size})
 * @param hiddenSize model width ({@code hidden_size})
 * @param intermediateSize FFN width, i.e. neurons per decoder layer ({@code intermediate_size})
 * @param numLayers decoder layers ({@code num_hidden_layers})
 * @param numHeads query heads ({@code num_attention_heads})
 * @param numKvHeads key/value heads for grouped-query attention ({@code num_key_value_heads}, default = heads)
 * @param headDim per-head width ({@code head_dim}, default hidden_size / heads)
 * @param rmsNormEps RMSNorm epsilon ({@code rms_norm_eps}, default 1e-6)
 * @param ropeTheta RoPE base ({@code rope_theta}, default 10000)
 * @param hiddenAct FFN gate activation ({@code hidden_act}, default silu)
 * @param maxPositions longest sequence ({@code max_position_embeddings})
 * @param qkvBias biases on q/k/v projections (qwen2: always; llama: {@code attention_bias})
 * @param outputBias bias on o_proj (llama {@code attention_bias}; qwen2: never)
 * @param mlpBias biases on the FFN projections (llama {@code mlp_bias}, default false)
 * @param tieWordEmbeddings lm_head shares embed_tokens ({@code tie_word_embeddings})
 * @param bosTokenId begin-of-sequence id, or null
 * @param eosTokenId end-of-sequence id, or null
 * @param padTokenId padding id, or null
 */
public record TextConfig(String modelType, int vocabSize, int hiddenSize, int intermediateSize, int numLayers,
        int numHeads, int numKvHeads, int headDim, double rmsNormEps, double ropeTheta, String hiddenAct,
        int maxPositions, boolean qkvBias, boolean outputBias, boolean mlpBias, boolean tieWordEmbeddings,
        Integer bosTokenId, Integer eosTokenId, Integer padTokenId) {

    static final Set<String> TYPES = Set.of("llama", "qwen2");
    static final Set<String> ACTIVATIONS = Set.of("silu", "gelu", "gelu_new", "gelu_pytorch_tanh", "relu");

    static TextConfig parse(JsonFields f, boolean topLevelTie) {
        String type = f.optString("model_type", "llama");
        if (!TYPES.contains(type)) {
            throw f.error("model_type", "'" + type + "' is not a supported decoder",
                    "Supported text_config.model_type values: " + TYPES);
        }
        boolean qwen = type.equals("qwen2");
        int hidden = f.optIntAtLeast("hidden_size", 4096, 1);
        int heads = f.optIntAtLeast("num_attention_heads", 32, 1);
        int kvHeads = f.optIntAtLeast("num_key_value_heads", heads, 1);
        if (heads % kvHeads != 0) {
            throw f.error("num_key_value_heads", kvHeads + " does not divide num_attention_heads " + heads,
                    "Fix num_key_value_heads");
        }
        if (!f.has("head_dim") && hidden % heads != 0) {
            throw f.error("num_attention_heads", heads + " does not divide hidden_size " + hidden,
                    "Fix hidden_size or num_attention_heads, or set head_dim");
        }
        int headDim = f.optIntAtLeast("head_dim", hidden / heads, 2);
        if (headDim % 2 != 0) {
            throw f.error("head_dim", "is " + headDim + " but RoPE needs an even head dimension", "Fix head_dim");
        }
        if (f.has("rope_scaling")) {
            String kind = f.object("rope_scaling").optString("rope_type",
                    f.object("rope_scaling").optString("type", "default"));
            if (!kind.equals("default")) {
                throw f.error("rope_scaling", "RoPE scaling '" + kind + "' is not supported",
                        "Remove rope_scaling or use a model without it");
            }
        }
        String act = f.optString("hidden_act", "silu");
        if (!ACTIVATIONS.contains(act)) {
            throw f.error("hidden_act", "'" + act + "' is not supported", "Use one of " + ACTIVATIONS);
        }
        boolean attnBias = f.optBoolean("attention_bias", false);
        return new TextConfig(type,
                f.optIntAtLeast("vocab_size", qwen ? 151936 : 32000, 1),
                hidden,
                f.optIntAtLeast("intermediate_size", qwen ? 22016 : 11008, 1),
                f.optIntAtLeast("num_hidden_layers", 32, 1),
                heads, kvHeads, headDim,
                f.optDouble("rms_norm_eps", 1e-6),
                f.optDouble("rope_theta", 10000.0),
                act,
                f.optIntAtLeast("max_position_embeddings", qwen ? 32768 : 2048, 1),
                qwen || attnBias,
                !qwen && attnBias,
                !qwen && f.optBoolean("mlp_bias", false),
                f.optBoolean("tie_word_embeddings", topLevelTie),
                f.optIntOrFirstOfList("bos_token_id", qwen ? null : 1),
                f.optIntOrFirstOfList("eos_token_id", qwen ? null : 2),
                f.optIntOrFirstOfList("pad_token_id", null));
    }

    /** @return query heads per key/value head */
    public int groupSize() {
        return numHeads / numKvHeads;
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("model_type", modelType);
        n.put("vocab_size", vocabSize);
        n.put("hidden_size", hiddenSize);
        n.put("intermediate_size", intermediateSize);
        n.put("num_hidden_layers", numLayers);
        n.put("num_attention_heads", numHeads);
        n.put("num_key_value_heads", numKvHeads);
        n.put("head_dim", headDim);
        n.put("rms_norm_eps", rmsNormEps);
        n.put("rope_theta", ropeTheta);
        n.put("hidden_act", hiddenAct);
        n.put("max_position_embeddings", maxPositions);
        if (modelType.equals("llama")) {
            n.put("attention_bias", qkvBias);
            n.put("mlp_bias", mlpBias);
        }
        n.put("tie_word_embeddings", tieWordEmbeddings);
        putNullable(n, "bos_token_id", bosTokenId);
        putNullable(n, "eos_token_id", eosTokenId);
        putNullable(n, "pad_token_id", padTokenId);
        return n;
    }

    private static void putNullable(ObjectNode n, String k, Integer v) {
        if (v == null) {
            n.putNull(k);
        } else {
            n.put(k, v);
        }
    }
}

package dev.mip.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.json.JsonFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A LLaVA checkpoint's {@code config.json}: {@code model_type: llava}, a CLIP {@code vision_config}
 * and a LLaMA or Qwen2 {@code text_config}. The parsed record keeps the original JSON so that
 * saving a loaded model writes every field back, including those this engine does not use.
 *
 * @param vision the vision tower
 * @param text the decoder
 * @param imageTokenIndex token id of the image placeholder ({@code image_token_index}, default 32000)
 * @param projectorHiddenAct activation between the projector's two layers ({@code projector_hidden_act}, default gelu)
 * @param projectorBias whether the projector's linears have biases ({@code multimodal_projector_bias}, default true)
 * @param visionFeatureLayer which vision hidden state feeds the projector ({@code vision_feature_layer},
 *     default -2; index into [embeddings, layer 0 output, ..., layer L-1 output], negative from the end)
 * @param selectStrategy {@code default} (drop the class token) or {@code full} ({@code vision_feature_select_strategy})
 * @param raw the JSON object as read (or as built), written back on save
 */
public record LlavaConfig(VisionConfig vision, TextConfig text, int imageTokenIndex, String projectorHiddenAct,
        boolean projectorBias, int visionFeatureLayer, String selectStrategy, ObjectNode raw) {

    /** File name inside a model directory. */
    public static final String FILE = "config.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Reads and validates {@code config.json} of a model directory.
     *
     * @param dir the model directory
     * @return the configuration
     */
    public static LlavaConfig load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw InvalidInputException.of(dir, null, "no " + FILE + " in the model directory",
                    "Point model.path at a Hugging Face LLaVA checkpoint directory (config.json + "
                            + "*.safetensors + tokenizer.json + preprocessor_config.json)");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw InvalidInputException.of(file, null, "is not valid JSON (" + e.getMessage() + ")",
                    "Fix or re-export the file");
        }
        return parse(file, root);
    }

    /**
     * Parses a configuration object.
     *
     * @param file where it came from (for messages)
     * @param root the JSON root
     * @return the configuration
     */
    public static LlavaConfig parse(Path file, JsonNode root) {
        JsonFields f = new JsonFields(file, "", root);
        String type = f.optString("model_type", null);
        if (type == null) {
            throw f.error("model_type", "is missing", "Add \"model_type\": \"llava\" (only LLaVA checkpoints are supported)");
        }
        if (!type.equals("llava")) {
            throw f.error("model_type", "is '" + type + "' but only 'llava' checkpoints are supported",
                    "Use a LLaVA-format checkpoint (LlavaForConditionalGeneration)");
        }
        if (!f.has("vision_config")) {
            throw f.error("vision_config", "is missing", "Add the CLIP vision tower's configuration");
        }
        VisionConfig vision = VisionConfig.parse(f.object("vision_config"));
        boolean topTie = f.optBoolean("tie_word_embeddings", false);
        TextConfig text = TextConfig.parse(f.has("text_config") ? f.object("text_config")
                : new JsonFields(file, "text_config", JsonNodeFactory.instance.objectNode()), topTie);
        int imageToken = f.optIntAtLeast("image_token_index", f.optInt("image_token_id", 32000), 0);
        if (imageToken >= text.vocabSize()) {
            throw f.error("image_token_index", imageToken + " is outside the vocabulary (text_config.vocab_size = "
                    + text.vocabSize() + ")", "Fix image_token_index or vocab_size");
        }
        if (f.has("vision_feature_layer") && f.node().get("vision_feature_layer").isArray()) {
            throw f.error("vision_feature_layer", "a list of layers is not supported", "Use a single layer index");
        }
        int featureLayer = f.optInt("vision_feature_layer", -2);
        int states = vision.numLayers() + 1;
        if (featureLayer < -states || featureLayer >= states) {
            throw f.error("vision_feature_layer", featureLayer + " is out of range for " + vision.numLayers()
                    + " vision layers", "Use a value in [" + (-states) + ", " + (states - 1) + "]");
        }
        String strategy = f.optString("vision_feature_select_strategy", "default");
        if (!strategy.equals("default") && !strategy.equals("full")) {
            throw f.error("vision_feature_select_strategy", "'" + strategy + "' is not supported", "Use default or full");
        }
        String projAct = f.optString("projector_hidden_act", "gelu");
        if (!VisionConfig.ACTIVATIONS.contains(projAct)) {
            throw f.error("projector_hidden_act", "'" + projAct + "' is not supported", "Use one of " + VisionConfig.ACTIVATIONS);
        }
        return new LlavaConfig(vision, text, imageToken, projAct, f.optBoolean("multimodal_projector_bias", true),
                featureLayer, strategy, f.node().deepCopy());
    }

    /**
     * Builds a configuration for a new model (random initialisation, training from scratch).
     *
     * @param vision vision tower
     * @param text decoder
     * @param imageTokenIndex image placeholder token id
     * @param visionFeatureLayer feature layer (see record doc)
     * @return a configuration whose raw JSON holds every field explicitly
     */
    public static LlavaConfig create(VisionConfig vision, TextConfig text, int imageTokenIndex, int visionFeatureLayer) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.putArray("architectures").add("LlavaForConditionalGeneration");
        n.put("model_type", "llava");
        n.put("image_token_index", imageTokenIndex);
        n.put("projector_hidden_act", "gelu");
        n.put("multimodal_projector_bias", true);
        n.put("vision_feature_layer", visionFeatureLayer);
        n.put("vision_feature_select_strategy", "default");
        n.put("image_seq_length", vision.numPatches());
        n.put("tie_word_embeddings", text.tieWordEmbeddings());
        n.put("torch_dtype", "float32");
        n.set("vision_config", vision.toJson());
        n.set("text_config", text.toJson());
        return parse(Path.of(FILE), n);
    }

    /** @return index (0-based) of the last vision encoder layer whose output is used */
    public int lastVisionLayerUsed() {
        int states = vision.numLayers() + 1;
        int idx = visionFeatureLayer < 0 ? states + visionFeatureLayer : visionFeatureLayer;
        return idx - 1; // hidden state idx is the output of layer idx-1; -1 means embeddings only
    }

    /** @return image tokens per image after feature selection */
    public int imageTokensPerImage() {
        return vision.numPatches() + (selectStrategy.equals("full") ? 1 : 0);
    }

    /** @return the JSON text written to {@code config.json} (stable formatting) */
    public String toJsonString() {
        try {
            return MAPPER.writeValueAsString(raw) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

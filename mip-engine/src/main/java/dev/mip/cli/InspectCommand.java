package dev.mip.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.model.Checkpoint;
import dev.mip.model.LlavaConfig;
import dev.mip.model.ParamSpec;
import dev.mip.model.TextConfig;
import dev.mip.model.VisionConfig;
import dev.mip.runtime.DjlRuntime;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mip inspect}: architecture, parameter counts and neuron counts per layer. */
@Command(name = "inspect", description = "Show a checkpoint's architecture, parameter and neuron counts per layer.")
final class InspectCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (Checkpoint c = model.load()) {
            ObjectNode r = describe(c);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(r));
            } else {
                printText(r, out);
            }
        }
        return 0;
    }

    static ObjectNode describe(Checkpoint c) {
        LlavaConfig cfg = c.config();
        VisionConfig v = cfg.vision();
        TextConfig t = cfg.text();
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("architecture", "llava");
        r.put("textModelType", t.modelType());
        r.put("weightLayout", c.layout().name().toLowerCase(java.util.Locale.ROOT));
        r.put("promptFormat", c.promptFormat().kind().name().toLowerCase(java.util.Locale.ROOT));
        r.put("offline", DjlRuntime.isOffline());
        long vision = 0;
        long projector = 0;
        long text = 0;
        for (Map.Entry<String, ai.djl.ndarray.NDArray> p : c.model().parameters().entrySet()) {
            long n = p.getValue().size();
            if (p.getKey().startsWith(ParamSpec.VISION)) {
                vision += n;
            } else if (p.getKey().startsWith(ParamSpec.PROJECTOR)) {
                projector += n;
            } else {
                text += n;
            }
        }
        ObjectNode params = r.putObject("parameters");
        params.put("vision", vision);
        params.put("projector", projector);
        params.put("text", text);
        params.put("total", vision + projector + text);
        ObjectNode vj = r.putObject("vision");
        vj.put("layers", v.numLayers());
        vj.put("hiddenSize", v.hiddenSize());
        vj.put("heads", v.numHeads());
        vj.put("imageSize", v.imageSize());
        vj.put("patchSize", v.patchSize());
        vj.put("activation", v.hiddenAct());
        vj.put("featureLayer", cfg.visionFeatureLayer());
        vj.put("imageTokensPerImage", cfg.imageTokensPerImage());
        ArrayNode vl = vj.putArray("neuronsPerLayer");
        for (int l = 0; l < v.numLayers(); l++) {
            ObjectNode e = vl.addObject();
            e.put("layer", l);
            e.put("neurons", v.intermediateSize());
            e.put("usedByFeatures", l <= cfg.lastVisionLayerUsed());
        }
        ObjectNode tj = r.putObject("text");
        tj.put("layers", t.numLayers());
        tj.put("hiddenSize", t.hiddenSize());
        tj.put("heads", t.numHeads());
        tj.put("kvHeads", t.numKvHeads());
        tj.put("headDim", t.headDim());
        tj.put("vocabSize", t.vocabSize());
        tj.put("ropeTheta", t.ropeTheta());
        tj.put("tiedEmbeddings", t.tieWordEmbeddings());
        ArrayNode tl = tj.putArray("neuronsPerLayer");
        for (int l = 0; l < t.numLayers(); l++) {
            ObjectNode e = tl.addObject();
            e.put("layer", l);
            e.put("neurons", t.intermediateSize());
        }
        r.put("totalNeurons", (long) v.numLayers() * v.intermediateSize() + (long) t.numLayers() * t.intermediateSize());
        return r;
    }

    private static void printText(ObjectNode r, PrintWriter out) {
        ObjectNode p = (ObjectNode) r.get("parameters");
        ObjectNode v = (ObjectNode) r.get("vision");
        ObjectNode t = (ObjectNode) r.get("text");
        out.printf("architecture   llava (text: %s, weights: %s layout, prompt: %s)%n", r.get("textModelType").asText(),
                r.get("weightLayout").asText(), r.get("promptFormat").asText());
        out.printf("parameters     %,d total = vision %,d + projector %,d + text %,d%n", p.get("total").asLong(),
                p.get("vision").asLong(), p.get("projector").asLong(), p.get("text").asLong());
        out.printf("vision tower   %d layers, d=%d, %d heads, %dx%d images, %dx%d patches, act %s, features from hidden state %d (%d tokens/image)%n",
                v.get("layers").asInt(), v.get("hiddenSize").asInt(), v.get("heads").asInt(), v.get("imageSize").asInt(),
                v.get("imageSize").asInt(), v.get("patchSize").asInt(), v.get("patchSize").asInt(), v.get("activation").asText(),
                v.get("featureLayer").asInt(), v.get("imageTokensPerImage").asInt());
        out.printf("decoder        %d layers, d=%d, %d heads (%d kv), head dim %d, vocab %d, rope theta %s, tied embeddings %s%n",
                t.get("layers").asInt(), t.get("hiddenSize").asInt(), t.get("heads").asInt(), t.get("kvHeads").asInt(),
                t.get("headDim").asInt(), t.get("vocabSize").asInt(), t.get("ropeTheta").asText(), t.get("tiedEmbeddings").asText());
        out.println("neurons per layer (FFN intermediate channels)");
        for (var e : v.get("neuronsPerLayer")) {
            out.printf("  vision %3d   %,8d%s%n", e.get("layer").asInt(), e.get("neurons").asInt(),
                    e.get("usedByFeatures").asBoolean() ? "" : "   (after the feature layer: never affects the output)");
        }
        for (var e : t.get("neuronsPerLayer")) {
            out.printf("  text   %3d   %,8d%n", e.get("layer").asInt(), e.get("neurons").asInt());
        }
        out.printf("total neurons  %,d%n", r.get("totalNeurons").asLong());
    }
}

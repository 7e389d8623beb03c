package dev.mip.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.Mllm;
import dev.mip.model.NonFiniteOutputException;
import dev.mip.model.ScaleHooks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mip score}: log-likelihood of candidate answers to one question. */
@Command(name = "score", description = "Log-likelihood of each candidate answer to a question (answer tokens only).")
final class ScoreCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = {"-q", "--question"}, required = true, description = "The question.")
    String question;

    @Option(names = {"-a", "--answer"}, required = true, description = "A candidate answer; repeat for several.")
    List<String> answers;

    @Option(names = {"-i", "--image"}, description = "PNG or JPEG image the question is about.")
    Path image;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (Checkpoint c = model.load()) {
            float[] pixels = image == null ? null : c.images().process(image);
            List<Example> ex = new ArrayList<>();
            for (String a : answers) {
                ex.add(new Example(pixels, question, a));
            }
            Batch b = c.batches().build(ex, false);
            Mllm m = c.model();
            double[] sums;
            try (NDScope s = new NDScope()) {
                Mllm.Output o = m.forward(b, m.weights(), ScaleHooks.NONE, Mllm.Options.FULL);
                NDArray perSample = m.sumPerSample(m.targetLogProbs(o, b, m.weights()), b);
                sums = perSample.toType(DataType.FLOAT64, false).toDoubleArray();
            }
            for (int i = 0; i < answers.size(); i++) {
                if (b.targetsOf(i) > 0 && !Double.isFinite(sums[i])) {
                    throw new NonFiniteOutputException(m.source(), sums[i], "the log-likelihood of answer '" + answers.get(i) + "'", -1);
                }
            }
            ObjectNode r = Json.mapper().createObjectNode();
            r.put("question", question);
            r.put("image", image == null ? null : image.toString());
            ArrayNode arr = r.putArray("answers");
            int best = 0;
            for (int i = 0; i < answers.size(); i++) {
                int n = b.targetsOf(i);
                ObjectNode e = arr.addObject();
                e.put("answer", answers.get(i));
                e.put("tokens", n);
                e.put("logLikelihood", sums[i]);
                e.put("meanLogLikelihood", n == 0 ? 0.0 : sums[i] / n);
                if (n > 0 && sums[i] / n > sums[best] / Math.max(1, b.targetsOf(best))) {
                    best = i;
                }
            }
            r.put("best", answers.get(best));
            if (json) {
                spec.commandLine().getOut().println(Json.write(r));
            } else {
                var out = spec.commandLine().getOut();
                out.printf("%-40s %7s %14s %14s%n", "answer", "tokens", "log p", "mean log p");
                for (var e : arr) {
                    out.printf("%-40s %7d %14.4f %14.4f%n", e.get("answer").asText(), e.get("tokens").asInt(),
                            e.get("logLikelihood").asDouble(), e.get("meanLogLikelihood").asDouble());
                }
                out.println("best (by mean log p): " + answers.get(best));
            }
        }
        return 0;
    }
}

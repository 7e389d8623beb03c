package dev.mip.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.Generator;
import dev.mip.model.ScaleHooks;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mip generate}: prompt + optional image to text, greedy. */
@Command(name = "generate", description = "Answer a prompt (optionally about an image) with greedy decoding.")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = {"-p", "--prompt"}, required = true, description = "The question.")
    String prompt;

    @Option(names = {"-i", "--image"}, description = "PNG or JPEG image the question is about.")
    Path image;

    @Option(names = "--max-new-tokens", defaultValue = "32", description = "Bound on generated tokens (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (maxNewTokens < 1) {
            throw new InvalidInputException("--max-new-tokens: " + maxNewTokens + " must be at least 1");
        }
        try (Checkpoint c = model.load()) {
            float[] pixels = image == null ? null : c.images().process(image);
            Batch b = c.batches().buildPrompts(List.of(new Example(pixels, prompt, null)));
            long[] ids = new Generator(c.model()).generate(b, c.model().weights(), ScaleHooks.NONE, maxNewTokens,
                    c.batches().endTokenId()).get(0);
            String text = c.tokenizer().decode(ids);
            if (json) {
                ObjectNode r = Json.mapper().createObjectNode();
                r.put("prompt", c.promptFormat().prompt(prompt, pixels != null));
                r.put("text", text);
                r.putPOJO("tokenIds", ids);
                spec.commandLine().getOut().println(Json.write(r));
            } else {
                spec.commandLine().getOut().println(text);
            }
        }
        return 0;
    }
}

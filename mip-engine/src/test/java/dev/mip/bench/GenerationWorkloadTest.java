package dev.mip.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mip.data.PixelCache;
import dev.mip.data.Question;
import dev.mip.eval.EvalOptions;
import dev.mip.eval.Evaluator;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer benchmark's generation workload: the export holds the evaluator's prompts and answers. */
class GenerationWorkloadTest {
    @TempDir
    Path dir;

    @Test
    void theExportHoldsThePromptsAndTheAnswersTheEvaluatorGives() throws Exception {
        BenchFixture f = BenchFixture.create(dir);
        try (Checkpoint c = f.model(9)) {
            int n = GenerationWorkload.export(c, f.bench(), "forget_10", "retain_90", dir.resolve("w"));
            Map<String, List<Question>> slices = GenerationWorkload.slices(f.bench(), "forget_10", "retain_90");
            assertEquals(slices.values().stream().mapToInt(List::size).sum(), n);
            assertTrue(n > 0);
            JsonNode w = new ObjectMapper().readTree(dir.resolve("w/generation.json").toFile());
            List<String> names = new ArrayList<>();
            w.path("slices").fieldNames().forEachRemaining(names::add);
            assertEquals(new ArrayList<>(slices.keySet()), names);
            PixelCache px = new PixelCache(c.images());
            Evaluator e = new Evaluator(c, EvalOptions.defaults());
            int checked = 0;
            for (var slice : slices.entrySet()) {
                List<Example> prompts = new ArrayList<>();
                for (Question q : slice.getValue()) {
                    prompts.add(new Example(q.image() == null ? null : px.pixels(q.image()), q.question(), null));
                }
                List<String> texts = e.generate(prompts, GenerationWorkload.MAX_NEW, null);
                JsonNode qs = w.path("slices").path(slice.getKey());
                for (int i = 0; i < prompts.size(); i++) {
                    JsonNode q = qs.get(i);
                    assertEquals(slice.getValue().get(i).id(), q.path("id").asText());
                    long[] prompt = c.batches().buildPrompts(List.of(prompts.get(i))).ids();
                    assertEquals(prompt.length, q.path("prompt").size());
                    for (int t = 0; t < prompt.length; t++) {
                        assertEquals(prompt[t], q.path("prompt").get(t).asLong());
                    }
                    assertEquals(prompts.get(i).hasImage(), q.path("image").asInt() >= 0);
                    long[] answer = new long[q.path("answer").size()];
                    for (int t = 0; t < answer.length; t++) {
                        answer[t] = q.path("answer").get(t).asLong();
                    }
                    assertEquals(texts.get(i), c.tokenizer().decode(answer), "the evaluator's answer to " + q.path("id").asText());
                    checked++;
                }
            }
            assertEquals(n, checked);
            Map<String, Object> t = GenerationWorkload.time(c, f.bench(), "forget_10", "retain_90");
            assertEquals(n, t.get("questions"));
        }
    }
}

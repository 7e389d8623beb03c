package dev.mip.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mip.ProgressListener;
import dev.mip.data.Benchmark;
import dev.mip.data.PixelCache;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.eval.EvalOptions;
import dev.mip.eval.Evaluator;
import dev.mip.eval.McqScoring;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer benchmark's workload: the export holds exactly the sequences the engine scores. */
class McqWorkloadTest {
    @TempDir
    Path dir;

    @Test
    void theExportIsWhatTheEngineScoresAndItsTimingReportsTheEvaluatorsAccuracies() throws Exception {
        BenchFixture f = BenchFixture.create(dir);
        Benchmark bench = f.bench();
        var cfg = f.config();
        try (Checkpoint c = f.model(5)) {
            int n = McqWorkload.export(c, bench, "forget_10", "retain_90", dir.resolve("w"));
            JsonNode w = new ObjectMapper().readTree(dir.resolve("w/workload.json").toFile());
            List<Question> mcq = McqWorkload.slices(bench, "forget_10", "retain_90").values().stream().flatMap(List::stream).toList();
            assertEquals(mcq.size(), n);
            assertEquals(n, w.path("questions").size());
            int per = cfg.vision().numChannels() * cfg.vision().imageSize() * cfg.vision().imageSize();
            byte[] raw = Files.readAllBytes(dir.resolve("w/pixels.f32"));
            assertEquals(w.path("images").asInt() * per * 4L, raw.length);
            ByteBuffer px = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            PixelCache pixels = new PixelCache(c.images());
            int withImage = 0;
            for (int i = 0; i < n; i++) {
                JsonNode q = w.path("questions").get(i);
                Question want = mcq.get(i);
                assertEquals(want.id(), q.path("id").asText());
                assertEquals(want.correct(), q.path("correct").asInt());
                float[] image = want.image() == null ? null : pixels.pixels(want.image());
                for (int o = 0; o < want.options().size(); o++) {
                    // prompt + option == the whole sequence the full pass scores
                    Batch b = c.batches().build(List.of(new Example(image, want.question(), want.options().get(o))), false);
                    long[] seq = concat(ids(q.path("prompt")), ids(q.path("options").get(o)));
                    assertArrayEquals(b.ids(), seq, want.id() + " option " + o);
                }
                if (image != null) {
                    withImage++;
                    int k = q.path("image").asInt();
                    float[] got = new float[per];
                    px.position(k * per * 4);
                    px.asFloatBuffer().get(got);
                    assertArrayEquals(image, got, want.id());
                } else {
                    assertEquals(-1, q.path("image").asInt());
                }
            }
            assertTrue(withImage > 0 && withImage < n, "both modalities exported");

            Map<String, Object> t = McqWorkload.time(c, bench, "forget_10", "retain_90", 64);
            var direct = new Evaluator(c, new EvalOptions(McqScoring.LIKELIHOOD, 64, 32, 0))
                    .evaluate(bench, "forget_10", "retain_90", McqWorkload.SPLITS, EnumSet.of(Task.MCQ), ProgressListener.NONE);
            @SuppressWarnings("unchecked")
            Map<String, Double> acc = (Map<String, Double>) t.get("accuracy");
            assertEquals(direct.metrics().size(), acc.size());
            direct.metrics().forEach((k, m) -> assertEquals(m.value(), acc.get(k), 0.0, k));
            assertEquals(n, t.get("questions"));
        }
    }

    private static long[] ids(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

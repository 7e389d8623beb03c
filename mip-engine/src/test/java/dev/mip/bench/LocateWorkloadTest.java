package dev.mip.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mip.ProgressListener;
import dev.mip.data.Benchmark;
import dev.mip.data.Modality;
import dev.mip.data.PixelCache;
import dev.mip.data.QaPair;
import dev.mip.locate.InfluentialPaths;
import dev.mip.locate.LocateSettings;
import dev.mip.locate.PathLocator;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.Tower;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer benchmark's locate workload: the export holds the batches the engine scores and the neurons it chooses. */
class LocateWorkloadTest {
    @TempDir
    Path dir;

    @Test
    void theExportIsWhatTheEngineLocatesOnAndHoldsPathLocatorsChoice() throws Exception {
        BenchFixture f = BenchFixture.create(dir);
        Benchmark bench = f.bench();
        List<QaPair> forget = bench.trainOf(bench.profileSet("forget_10"));
        var cfg = f.config();
        LocateSettings s = LocateWorkload.settings(2, 16);
        assertEquals(LocateSettings.defaults().pathWidth(), s.pathWidth());
        assertEquals(LocateSettings.defaults().samplesPerBatch(), s.samplesPerBatch());
        try (Checkpoint c = f.model(5)) {
            int n = 6; // two batches per tower: 4 + 2 samples
            Map<Tower, Integer> done = LocateWorkload.export(c, forget, "forget_10", n, s, dir.resolve("w"));
            assertEquals(Map.of(Tower.TEXT, n, Tower.VISION, n), done);
            JsonNode w = new ObjectMapper().readTree(dir.resolve("w/locate.json").toFile());
            assertEquals(LocateWorkload.FORMAT, w.path("format").asText());
            JsonNode st = w.path("settings");
            assertEquals(2, st.path("steps").asInt());
            assertEquals(0.5, st.path("alphas").get(0).asDouble());
            assertEquals(1.0, st.path("alphas").get(1).asDouble());
            assertEquals(16, st.path("neuronsPerLayer").asInt());
            assertEquals(s.pathWidth(), st.path("pathWidth").asInt());
            assertEquals("sum", st.path("aggregation").asText());

            int per = cfg.vision().numChannels() * cfg.vision().imageSize() * cfg.vision().imageSize();
            byte[] raw = Files.readAllBytes(dir.resolve("w/pixels.f32"));
            assertEquals(n, w.path("images").asInt(), "one image per vision sample");
            assertEquals((long) n * per * 4, raw.length);
            ByteBuffer px = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            PixelCache pixels = new PixelCache(c.images());
            for (Tower t : Tower.values()) {
                JsonNode tw = w.path("towers").path(t.id());
                List<QaPair> pairs = LocateWorkload.samples(forget, t, n);
                assertEquals(n, pairs.size());
                assertTrue(pairs.stream().allMatch(p -> p.modality() == (t == Tower.TEXT ? Modality.TEXT : Modality.IMAGE)));
                int layers = t == Tower.TEXT ? cfg.text().numLayers() : cfg.lastVisionLayerUsed() + 1;
                assertEquals(layers, tw.path("layers").asInt());
                assertEquals(t == Tower.TEXT ? cfg.text().intermediateSize() : cfg.vision().intermediateSize(), tw.path("neurons").asInt());
                assertEquals(t == Tower.TEXT ? "igi" : "ifi", tw.path("score").asText());
                JsonNode bs = tw.path("batches");
                assertEquals(2, bs.size());
                for (int bi = 0; bi < 2; bi++) {
                    JsonNode b = bs.get(bi);
                    List<Example> group = new ArrayList<>();
                    for (QaPair p : pairs.subList(bi * 4, Math.min(n, bi * 4 + 4))) {
                        group.add(new Example(pixels.pixels(p.image()), p.question(), p.answer()));
                    }
                    Batch want = c.batches().build(group, false);
                    assertEquals(want.size(), b.path("size").asInt());
                    assertArrayEquals(want.ids(), longs(b.path("ids")), t + " batch " + bi);
                    assertArrayEquals(want.mask(), ints(b.path("mask")));
                    assertArrayEquals(want.targetPos(), ints(b.path("targetPos")));
                    assertArrayEquals(want.targetIds(), longs(b.path("targetIds")));
                    assertArrayEquals(want.targetSample(), ints(b.path("targetSample")));
                    // The engine's pass: every row repeated m times in place, padded to the same length.
                    List<Example> copies = new ArrayList<>();
                    group.forEach(e -> copies.addAll(List.of(e, e)));
                    Batch pass = c.batches().build(copies, false);
                    assertEquals(want.length(), pass.length());
                    for (int r = 0; r < pass.size(); r++) {
                        for (int i = 0; i < want.length(); i++) {
                            assertEquals(want.ids()[r / 2 * want.length() + i], pass.ids()[r * pass.length() + i]);
                        }
                    }
                    for (int i = 0; i < want.size(); i++) {
                        int k = b.path("image").get(i).asInt();
                        if (t == Tower.TEXT) {
                            assertEquals(-1, k);
                        } else {
                            float[] got = new float[per];
                            px.position(k * per * 4);
                            px.asFloatBuffer().get(got);
                            assertArrayEquals(group.get(i).pixels(), got, "image of vision sample " + (bi * 4 + i));
                        }
                    }
                }
                for (LocateSettings.Mode mode : LocateSettings.Mode.values()) {
                    InfluentialPaths p = PathLocator.locate(c, "x", pairs, "forget_10", s.withMode(mode), ProgressListener.NONE);
                    JsonNode e = tw.path("engine").path(mode.id());
                    assertEquals(layers, e.path("chosen").size());
                    for (int l = 0; l < layers; l++) {
                        assertArrayEquals(p.neurons(t, l), ints(e.path("chosen").get(l)), t + " " + mode + " layer " + l);
                        assertEquals(16, e.path("chosen").get(l).size());
                        assertArrayEquals(p.branches().get(t).sum(l), doubles(e.path("sum").get(l)));
                        assertArrayEquals(p.branches().get(t).counts(l), longs(e.path("count").get(l)));
                    }
                }
            }

            Map<String, Object> r = LocateWorkload.time(c, forget, 2, s, 1);
            assertEquals(List.of("text", "vision"), List.copyOf(r.keySet()));
            for (Object o : r.values()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> tr = (Map<String, Object>) o;
                assertEquals(2, tr.get("samples"));
                assertTrue((double) tr.get("exactSecondsPerSample") > 0 && (double) tr.get("jointSecondsPerSample") > 0, tr.toString());
            }
        }
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}

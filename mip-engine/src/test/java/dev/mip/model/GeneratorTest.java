package dev.mip.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeneratorTest {

    /** Greedy decoding by recomputing the whole sequence every step (no cache): the reference. */
    private static long[] recompute(Checkpoint c, Example e, int maxNew, Long endId) {
        Batch b = c.batches().buildPrompts(List.of(e));
        Mllm m = c.model();
        long[] out = new long[0];
        for (int step = 0; step < maxNew; step++) {
            long next;
            try (NDScope s = new NDScope()) {
                Mllm.Output o = m.forward(b, m.weights(), ScaleHooks.NONE, Mllm.Options.FULL);
                next = m.logits(o.finalHidden().get(":, -1, :"), m.weights()).argMax(-1).toLongArray()[0];
            }
            if (endId != null && next == endId) {
                break;
            }
            out = Arrays.copyOf(out, out.length + 1);
            out[out.length - 1] = next;
            b = append(b, next);
        }
        return out;
    }

    private static Batch append(Batch b, long id) {
        int t = b.length() + 1;
        long[] ids = Arrays.copyOf(b.ids(), t);
        ids[t - 1] = id;
        int[] mask = Arrays.copyOf(b.mask(), t);
        mask[t - 1] = 1;
        int[] rows = Arrays.copyOf(b.imageRow(), t);
        rows[t - 1] = -1;
        return new Batch(1, t, ids, mask, rows, b.numImages(), b.pixels(), b.imageOfSample(), new int[0], new long[0],
                new int[0], true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2"})
    void kvCacheGenerationEqualsRecomputingFromScratch(String type) {
        try (Checkpoint c = TinyModels.create(type, 21, DataType.FLOAT32)) {
            List<Example> ex = TinyModels.examples();
            Generator g = new Generator(c.model());
            Long end = c.batches().endTokenId();
            List<long[]> cached = g.generate(c.batches().buildPrompts(ex), c.model().weights(), ScaleHooks.NONE, 8, end);
            int nonEmpty = 0;
            for (int i = 0; i < ex.size(); i++) {
                long[] ref = recompute(c, ex.get(i), 8, end);
                assertArrayEquals(ref, cached.get(i), "sample " + i);
                nonEmpty += ref.length > 0 ? 1 : 0;
            }
            assertTrue(nonEmpty > 0, "all generations empty: the comparison would be vacuous");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2"})
    void generationIsDeterministic(String type) {
        try (Checkpoint c = TinyModels.create(type, 22, DataType.FLOAT32)) {
            Generator g = new Generator(c.model());
            Batch prompts = c.batches().buildPrompts(TinyModels.examples());
            List<long[]> a = g.generate(prompts, c.model().weights(), ScaleHooks.NONE, 10, null);
            List<long[]> b = g.generate(prompts, c.model().weights(), ScaleHooks.NONE, 10, null);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i), b.get(i));
                assertEquals(10, a.get(i).length);
            }
            // Same seed, freshly built model: same text.
            try (Checkpoint c2 = TinyModels.create(type, 22, DataType.FLOAT32)) {
                List<long[]> d = new Generator(c2.model()).generate(c2.batches().buildPrompts(TinyModels.examples()),
                        c2.model().weights(), ScaleHooks.NONE, 10, null);
                for (int i = 0; i < a.size(); i++) {
                    assertArrayEquals(a.get(i), d.get(i));
                }
            }
        }
    }
}

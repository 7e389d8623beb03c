package dev.mip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batched greedy decoding with a KV cache. Prompts are left-padded so that every sequence's next
 * token sits in the last column; positions come from the attention mask, so padding changes no
 * result. Greedy and therefore deterministic: ties go to the lowest token id.
 */
public final class Generator {
    private final Mllm model;

    /** @param model the model to decode with */
    public Generator(Mllm model) {
        this.model = model;
    }

    /**
     * Generates up to {@code maxNewTokens} tokens per prompt, stopping a sequence at {@code endId}.
     *
     * @param prompts a left-padded batch from {@link BatchBuilder#buildPrompts}
     * @param w weights
     * @param hooks FFN scale hooks
     * @param maxNewTokens bound on generated tokens per sequence (at least 1)
     * @param endId token that ends a sequence (not included in the output), or null
     * @return generated ids per sample
     * @throws NonFiniteOutputException if a logit is NaN or infinite (its {@link NonFiniteOutputException#row()}
     *     is the batch row)
     */
    public List<long[]> generate(Batch prompts, Weights w, ScaleHooks hooks, int maxNewTokens, Long endId) {
        if (!prompts.leftPadded()) {
            throw new IllegalArgumentException("generation needs a left-padded batch (BatchBuilder.buildPrompts)");
        }
        int b = prompts.size();
        int t = prompts.length();
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            out.add(new ArrayList<>());
        }
        boolean[] done = new boolean[b];
        long[] nextPos = new long[b];
        long[] pos = prompts.positionIds();
        for (int i = 0; i < b; i++) {
            nextPos[i] = pos[i * t + t - 1] + 1;
        }
        int[] keyMask = prompts.mask().clone();
        int keys = t;
        try (KvCache cache = new KvCache(model.config().text().numLayers())) {
            long[] next;
            try (NDScope step = new NDScope()) {
                NDArray x = model.embed(prompts, w, hooks, null);
                NDArray positions = Tensors.owned(model.manager().create(pos, new Shape(b, t)));
                NDArray mask = model.attentionMask(keyMask, b, t, t, 0);
                Mllm.Output o = model.decoder(x, positions, mask, cache, w, hooks, Mllm.Options.FULL);
                next = argmaxLast(o.finalHidden(), w);
                cache.keepCurrent();
            }
            for (int stepNo = 0; stepNo < maxNewTokens; stepNo++) {
                boolean all = true;
                for (int i = 0; i < b; i++) {
                    if (!done[i]) {
                        if (endId != null && next[i] == endId) {
                            done[i] = true;
                        } else {
                            out.get(i).add(next[i]);
                        }
                    }
                    all &= done[i];
                }
                if (all || stepNo == maxNewTokens - 1) {
                    break;
                }
                keyMask = Arrays.copyOf(growMask(keyMask, b, keys), b * (keys + 1));
                keys++;
                try (NDScope step = new NDScope()) {
                    NDArray x = model.embedTokens(next, new Shape(b, 1), w);
                    NDArray positions = Tensors.owned(model.manager().create(nextPos.clone(), new Shape(b, 1)));
                    NDArray mask = model.attentionMask(keyMask, b, 1, keys, keys - 1);
                    Mllm.Output o = model.decoder(x, positions, mask, cache, w, hooks, Mllm.Options.FULL);
                    next = argmaxLast(o.finalHidden(), w);
                    cache.keepCurrent();
                }
                for (int i = 0; i < b; i++) {
                    nextPos[i]++;
                }
            }
        }
        List<long[]> result = new ArrayList<>(b);
        for (List<Long> seq : out) {
            result.add(seq.stream().mapToLong(Long::longValue).toArray());
        }
        return result;
    }

    private static int[] growMask(int[] mask, int b, int keys) {
        int[] m = new int[b * (keys + 1)];
        for (int i = 0; i < b; i++) {
            System.arraycopy(mask, i * keys, m, i * (keys + 1), keys);
            m[i * (keys + 1) + keys] = 1;
        }
        return m;
    }

    private long[] argmaxLast(NDArray finalHidden, Weights w) {
        NDArray last = finalHidden.get(":, -1, :");
        NDArray logits = model.logits(last, w);
        requireFinite(logits);
        return logits.argMax(-1).toLongArray();
    }

    /**
     * Greedy decoding on NaN logits would still pick a token (the first), and the text would be
     * scored as if the model had answered: stop instead, naming the batch row.
     */
    private void requireFinite(NDArray logits) {
        // One reduction per step: the sum of a row is finite only when every logit in it is (barring
        // an overflow of the sum itself, which is just as unusable).
        double[] sums = logits.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).sum(new int[] {-1}).toDoubleArray();
        for (int i = 0; i < sums.length; i++) {
            if (!Double.isFinite(sums[i])) {
                throw new NonFiniteOutputException(model.source(), sums[i], "the next-token logits of prompt " + i
                        + " of the batch", i);
            }
        }
    }
}

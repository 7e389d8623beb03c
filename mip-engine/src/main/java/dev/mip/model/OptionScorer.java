package dev.mip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Scores the answer options of multiple-choice questions on one prompt pass per question: the
 * prompt (image and question) runs once, its keys and values are shared by the options, and only
 * the options' answer tokens run on top of them. The same log-likelihoods as a full pass over
 * every option sequence ({@link BatchBuilder#build(java.util.List, boolean)}), summed in another
 * order (within float32 rounding), for about a quarter of the decoder work and one vision pass
 * per question instead of one per option.
 */
public final class OptionScorer {
    private final Mllm model;

    /** @param model the model to score with */
    public OptionScorer(Mllm model) {
        this.model = model;
    }

    /**
     * Answer-token log-likelihoods of every option.
     *
     * @param b the options ({@link BatchBuilder#buildOptions})
     * @param w weights
     * @param hooks FFN scale hooks (per neuron; the same for every row)
     * @return per option, the sum of its answer tokens' log-probabilities (each in the model's
     *     dtype, summed in double)
     */
    public double[] logLikelihoods(BatchBuilder.OptionBatch b, Weights w, ScaleHooks hooks) {
        Batch p = b.prompts();
        int q = p.size();
        int tp = p.length();
        int r = b.options();
        int a = 0;
        for (long[] ans : b.answers()) {
            a = Math.max(a, ans.length);
        }
        long[] promptLen = new long[q];
        for (int i = 0; i < q; i++) {
            for (int t = 0; t < tp; t++) {
                promptLen[i] += p.mask()[i * tp + t];
            }
        }
        // Answer rows: token j of option i sits at position promptLen + j and sees its prompt's keys
        // and its own answer tokens up to j.
        long[] ids = new long[r * a];
        long[] pos = new long[r * a];
        int[] keyMask = new int[r * (tp + a)];
        long[] rowOf = new long[r];
        int targets = 0;
        for (int i = 0; i < r; i++) {
            int qi = b.question()[i];
            rowOf[i] = qi;
            long[] ans = b.answers()[i];
            System.arraycopy(p.mask(), qi * tp, keyMask, i * (tp + a), tp);
            for (int j = 0; j < a; j++) {
                ids[i * a + j] = j < ans.length ? ans[j] : 0;
                pos[i * a + j] = promptLen[qi] + j;
                keyMask[i * (tp + a) + tp + j] = j < ans.length ? 1 : 0;
            }
            targets += ans.length;
        }
        // The first answer token is predicted by the prompt's last position, token j > 0 by answer position j - 1.
        long[] firstIds = new long[r];
        long[] laterRows = new long[targets - r];
        long[] laterIds = new long[targets - r];
        int k = 0;
        for (int i = 0; i < r; i++) {
            long[] ans = b.answers()[i];
            firstIds[i] = ans[0];
            for (int j = 1; j < ans.length; j++) {
                laterRows[k] = (long) i * a + j - 1;
                laterIds[k] = ans[j];
                k++;
            }
        }
        double[] first;
        double[] later;
        try (NDScope scope = new NDScope()) {
            // Every array, the cache's included, belongs to this scope and is closed with it.
            KvCache cache = new KvCache(model.config().text().numLayers());
            var m = model.manager();
            NDArray x = model.embed(p, w, hooks, null);
            NDArray positions = Tensors.owned(m.create(p.positionIds(), new Shape(q, tp)));
            NDArray mask = model.attentionMask(p.mask(), q, tp, tp, 0);
            Mllm.Output o = model.decoder(x, positions, mask, cache, w, hooks, Mllm.Options.FULL);
            NDArray rows = Tensors.owned(m.create(rowOf));
            NDArray lastLogp = model.logits(o.finalHidden().get(":, -1, :"), w).logSoftmax(-1); // [Q, V]
            first = lastLogp.get(new ai.djl.ndarray.index.NDIndex("{}", rows))
                    .gather(Tensors.owned(m.create(firstIds, new Shape(r, 1))), 1).toType(DataType.FLOAT64, false)
                    .toDoubleArray();
            cache.selectRows(rows);
            NDArray ax = model.embedTokens(ids, new Shape(r, a), w);
            NDArray apos = Tensors.owned(m.create(pos, new Shape(r, a)));
            NDArray amask = model.attentionMask(keyMask, r, a, tp + a, tp);
            Mllm.Output ao = model.decoder(ax, apos, amask, cache, w, hooks, Mllm.Options.FULL);
            if (laterIds.length > 0) {
                long d = model.config().text().hiddenSize();
                NDArray h = ao.finalHidden().reshape(-1, d).get(new ai.djl.ndarray.index.NDIndex("{}",
                        Tensors.owned(m.create(laterRows))));
                later = model.logits(h, w).logSoftmax(-1).gather(Tensors.owned(m.create(laterIds,
                        new Shape(laterIds.length, 1))), 1).toType(DataType.FLOAT64, false).toDoubleArray();
            } else {
                later = new double[0];
            }
        }
        double[] out = new double[r];
        k = 0;
        for (int i = 0; i < r; i++) {
            double s = first[i];
            for (int j = 1; j < b.answers()[i].length; j++) {
                s += later[k++];
            }
            out[i] = s;
        }
        return out;
    }
}

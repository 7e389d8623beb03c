package dev.mip.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.mip.data.Benchmark;
import dev.mip.data.EvalSplit;
import dev.mip.data.Task;
import dev.mip.unlearn.ManuImportance;
import dev.mip.eval.EvalOptions;
import dev.mip.eval.EvalResult;
import dev.mip.eval.Evaluator;
import dev.mip.locate.InfluentialPaths;
import dev.mip.model.Checkpoint;
import dev.mip.model.ScaleHooks;
import dev.mip.model.Tensors;
import dev.mip.model.Tower;
import dev.mip.ProgressListener;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Do the located paths matter? Zeroes k neurons per layer in both towers (through scale hooks, so
 * the weights stay untouched) chosen three ways: the located paths, MANU's top scores per layer, and
 * uniformly at random (seeded); then measures multiple-choice accuracy on the forget and retain
 * splits. Located neurons should hurt the forget split far more than random or MANU's neurons, and
 * the retain split less than the forget split.
 */
public final class PathEvidence {
    private PathEvidence() {}

    /** One row of the table. */
    public record Row(int k, String selection, Map<String, Double> accuracy) {}

    /**
     * @param c the model
     * @param bench benchmark
     * @param forget forget set
     * @param retain retain set
     * @param paths located paths (of the forget set)
     * @param manu MANU scores (forget vs retain)
     * @param ks neurons per layer to zero
     * @param maxPerSlice evaluation questions per slice (0 = all)
     * @param seed random selection seed
     * @param progress progress
     * @return rows: vanilla first, then per k: paths, manu, random
     */
    public static List<Row> run(Checkpoint c, Benchmark bench, String forget, String retain, InfluentialPaths paths,
            ManuImportance manu, int[] ks, int maxPerSlice, long seed, ProgressListener progress) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(0, "none (vanilla)", evaluate(c, bench, forget, retain, ScaleHooks.NONE, maxPerSlice)));
        Map<Tower, Integer> layers = manu.layers();
        for (int k : ks) {
            InfluentialPaths pk = paths.withNeuronsPerLayer(k);
            SplittableRandom rnd = new SplittableRandom(seed + k);
            for (String sel : new String[] {"located paths", "MANU", "random"}) {
                ScaleHooks hooks = new ScaleHooks();
                List<NDArray> owned = new ArrayList<>();
                for (Tower t : Tower.values()) {
                    int width = t == Tower.TEXT ? c.config().text().intermediateSize() : c.config().vision().intermediateSize();
                    for (int l = 0; l < layers.get(t); l++) {
                        int[] chosen = switch (sel) {
                            case "located paths" -> pk.neurons(t, l);
                            case "MANU" -> manu.topPerLayer(t, l, k);
                            default -> randomSubset(rnd, width, k);
                        };
                        float[] v = new float[width];
                        java.util.Arrays.fill(v, 1f);
                        for (int i : chosen) {
                            v[i] = 0f;
                        }
                        NDArray a = Tensors.owned(c.model().manager().create(v, new Shape(width)), c.model().dtype());
                        ai.djl.ndarray.NDScope.unregister(a);
                        owned.add(a);
                        hooks.set(t, l, a);
                    }
                }
                rows.add(new Row(k, sel, evaluate(c, bench, forget, retain, hooks, maxPerSlice)));
                owned.forEach(NDArray::close);
                progress.info(String.format("path evidence: k=%d %s done", k, sel));
            }
        }
        return rows;
    }

    static int[] randomSubset(SplittableRandom rnd, int n, int k) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < Math.min(k, n); i++) {
            int j = i + rnd.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, Math.min(k, n));
    }

    private static Map<String, Double> evaluate(Checkpoint c, Benchmark bench, String forget, String retain, ScaleHooks hooks,
            int maxPerSlice) {
        EvalOptions o = new EvalOptions(EvalOptions.defaults().mcqScoring(), 64, 8, maxPerSlice);
        EvalResult r = new Evaluator(c, o, c.model().weights(), hooks).evaluate(bench, forget, retain,
                List.of(EvalSplit.FORGET, EvalSplit.RETAIN), EnumSet.of(Task.MCQ), ProgressListener.NONE);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String s : new String[] {"forget.image", "forget.text", "retain.image", "retain.text"}) {
            out.put(s, r.value(s + ".mcq.accuracy"));
        }
        return out;
    }

    /**
     * @param rows the rows
     * @return a Markdown table
     */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| k/layer | zeroed neurons | forget image | forget text | retain image | retain text |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format("| %s | %s | %.3f | %.3f | %.3f | %.3f |%n", r.k() == 0 ? "-" : Integer.toString(r.k()),
                    r.selection(), r.accuracy().get("forget.image"), r.accuracy().get("forget.text"),
                    r.accuracy().get("retain.image"), r.accuracy().get("retain.text")));
        }
        return sb.toString();
    }
}

package dev.mip.eval;

import dev.mip.data.Benchmark;
import dev.mip.data.QaPair;
import dev.mip.model.Tower;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The per-layer relative activation change between the vanilla and the unlearned model on forget
 * and on retain inputs, per branch (the paper's Fig. 6): where the edit moved the network, and
 * whether it moved it for the forget set more than for the retain set. The samples are a fixed,
 * evenly spread subset of each set's training pairs, so the two models' profiles
 * ({@link ActivationProfile}) can be collected one model at a time.
 *
 * @param pairs the samples: first the forget pairs, then the retain pairs
 * @param forgetCount how many of {@code pairs} are forget pairs
 */
public record ActivationShift(List<QaPair> pairs, int forgetCount) {
    /** Samples per group (forget, retain). */
    public static final int SAMPLES_PER_GROUP = 48;

    /** Immutable copy. */
    public ActivationShift {
        pairs = List.copyOf(pairs);
    }

    /**
     * @param bench the benchmark
     * @param forget forget set name
     * @param retain retain set name
     * @return at most {@value #SAMPLES_PER_GROUP} evenly spread training pairs of each set
     */
    public static ActivationShift samples(Benchmark bench, String forget, String retain) {
        List<QaPair> f = spread(bench.trainOf(bench.profileSet(forget)));
        List<QaPair> all = new ArrayList<>(f);
        all.addAll(spread(bench.trainOf(bench.profileSet(retain))));
        return new ActivationShift(all, f.size());
    }

    /**
     * @param vanilla the vanilla model's profile on {@link #pairs()}
     * @param unlearned the unlearned model's profile on the same pairs
     * @return per layer the relative change, keyed {@code text.forget}, {@code text.retain},
     *     {@code vision.forget}, {@code vision.retain}
     */
    public Map<String, double[]> between(ActivationProfile vanilla, ActivationProfile unlearned) {
        List<Integer> f = IntStream.range(0, forgetCount).boxed().toList();
        List<Integer> r = IntStream.range(forgetCount, pairs.size()).boxed().toList();
        Map<String, double[]> out = new TreeMap<>();
        for (Tower t : vanilla.layers().keySet()) {
            out.put(t.id() + ".forget", vanilla.relativeChange(unlearned, t, f));
            out.put(t.id() + ".retain", vanilla.relativeChange(unlearned, t, r));
        }
        return out;
    }

    /** An evenly spread, deterministic sample of at most {@link #SAMPLES_PER_GROUP} pairs. */
    private static List<QaPair> spread(List<QaPair> pairs) {
        if (pairs.size() <= SAMPLES_PER_GROUP) {
            return pairs;
        }
        List<QaPair> out = new ArrayList<>();
        for (int i = 0; i < SAMPLES_PER_GROUP; i++) {
            out.add(pairs.get((int) ((long) i * pairs.size() / SAMPLES_PER_GROUP)));
        }
        return out;
    }
}

package dev.mip.unlearn;

import dev.mip.data.Modality;
import dev.mip.data.PixelCache;
import dev.mip.data.QaPair;
import dev.mip.eval.EvalOptions;
import dev.mip.eval.Evaluator;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.ScaleHooks;
import dev.mip.model.Weights;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The stopping criterion of {@link MipSettings.Stopping#CHANCE}, computed from training data only
 * (never from the evaluation questions): for each forget training pair, its true answer and up to
 * {@value #DISTRACTORS} answers that retain people give to the same question (the question with the
 * person's name taken out, in the same modality), drawn with the run's seed. The model "still knows"
 * a pair when the true answer has the highest mean answer-token log-probability among them. Once
 * that fraction is at chance (1 / candidates), the forget people are answered as a model that never
 * saw them would: about as often right as a guess.
 */
final class ChanceProbe {
    /** Distractors per forget pair. */
    static final int DISTRACTORS = 3;

    private final Map<Modality, List<Example>> prompts;       // per modality: each pair's image and question
    private final Map<Modality, List<List<String>>> answers;  // parallel: its true answer first, then its distractors

    private ChanceProbe(Map<Modality, List<Example>> prompts, Map<Modality, List<List<String>>> answers) {
        this.prompts = prompts;
        this.answers = answers;
    }

    /**
     * @param c the model (for image preprocessing)
     * @param data forget and retain pairs, with the people's names
     * @param px pixel cache
     * @param seed the run's seed
     * @return the probe (empty modalities where no forget pair has a distractor)
     */
    static ChanceProbe of(Checkpoint c, UnlearnData data, PixelCache px, long seed) {
        Map<String, List<String>> answers = new LinkedHashMap<>();
        for (QaPair r : data.retain()) {
            answers.computeIfAbsent(template(r, data.names()), k -> new ArrayList<>()).add(r.answer());
        }
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Map<Modality, List<Example>> prompts = new EnumMap<>(Modality.class);
        Map<Modality, List<List<String>>> candidates = new EnumMap<>(Modality.class);
        for (QaPair f : data.forget()) {
            List<String> pool = new ArrayList<>(answers.getOrDefault(template(f, data.names()), List.of()));
            pool.removeIf(a -> a.equalsIgnoreCase(f.answer()));
            List<String> distinct = pool.stream().distinct().toList();
            if (distinct.isEmpty()) {
                continue;
            }
            List<String> picked = new ArrayList<>(distinct);
            for (int i = picked.size() - 1; i > 0; i--) { // seeded Fisher-Yates, then the first few
                int j = rnd.nextInt(i + 1);
                String t = picked.get(i);
                picked.set(i, picked.get(j));
                picked.set(j, t);
            }
            picked = picked.subList(0, Math.min(DISTRACTORS, picked.size()));
            prompts.computeIfAbsent(f.modality(), k -> new ArrayList<>()).add(new Example(px.pixels(f.image()), f.question(), null));
            List<String> options = new ArrayList<>(1 + picked.size());
            options.add(f.answer());
            options.addAll(picked);
            candidates.computeIfAbsent(f.modality(), k -> new ArrayList<>()).add(options);
        }
        return new ChanceProbe(prompts, candidates);
    }

    /** @return whether no forget pair has a distractor (the criterion cannot be computed) */
    boolean isEmpty() {
        return prompts.isEmpty();
    }

    /** The question with the person's name taken out, and its modality: what makes two pairs the same question. */
    private static String template(QaPair p, Map<String, String> names) {
        String name = names.get(p.subject());
        String q = name == null || name.isBlank() ? p.question() : p.question().replace(name, "\u0000");
        return p.modality().id() + "\u001f" + q.toLowerCase(Locale.ROOT);
    }

    /**
     * What the model knows of the forget pairs now.
     *
     * @param byModality fraction of pairs whose true answer wins, per modality
     * @param chance mean chance level (1 / candidates) over all pairs
     */
    record Known(Map<Modality, Double> byModality, double chance) {
        /**
         * @param bound the largest allowed fraction
         * @return whether every modality is at most the bound
         */
        boolean atMost(double bound) {
            return modalitiesAtMost(bound).size() == byModality.size();
        }

        /**
         * @param held the modalities already held
         * @param bound the largest fraction that counts as chance
         * @return the modalities not yet held whose fraction is at most the bound, in order
         */
        java.util.Set<Modality> newlyAtMost(java.util.Set<Modality> held, double bound) {
            java.util.Set<Modality> out = modalitiesAtMost(bound);
            out.removeAll(held);
            return out;
        }

        /**
         * @param held the modalities held now
         * @param bound the largest fraction that counts as chance
         * @return the held modalities whose fraction went back above the bound (they are pushed again), in order
         */
        java.util.Set<Modality> drifted(java.util.Set<Modality> held, double bound) {
            java.util.Set<Modality> out = java.util.EnumSet.noneOf(Modality.class);
            out.addAll(held);
            out.removeAll(modalitiesAtMost(bound));
            return out;
        }

        /** The modalities whose fraction is at most the bound, in order. */
        private java.util.Set<Modality> modalitiesAtMost(double bound) {
            java.util.Set<Modality> out = java.util.EnumSet.noneOf(Modality.class);
            byModality.forEach((m, v) -> {
                if (v <= bound + 1e-12) {
                    out.add(m);
                }
            });
            return out;
        }

        /** @param out where to record the fractions (keys {@code probeKnownImage}, {@code probeKnownText}) */
        void put(Map<String, Double> out) {
            byModality.forEach((m, v) -> out.put("probeKnown" + Character.toUpperCase(m.id().charAt(0)) + m.id().substring(1), v));
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            byModality.forEach((m, v) -> parts.add(String.format(Locale.ROOT, "%s %.3f", m.id(), v)));
            return String.join(", ", parts);
        }
    }

    /**
     * @param c the model
     * @param weights its current weights (base weights with the trained path neurons overlaid)
     * @return the fractions of forget pairs still known, per modality
     */
    Known known(Checkpoint c, Weights weights) {
        Evaluator e = new Evaluator(c, new EvalOptions(dev.mip.eval.McqScoring.LIKELIHOOD, 64, 1, 0), weights, ScaleHooks.NONE);
        Map<Modality, Double> out = new EnumMap<>(Modality.class);
        double chanceSum = 0;
        int pairs = 0;
        for (Map.Entry<Modality, List<Example>> m : prompts.entrySet()) {
            List<List<String>> options = answers.get(m.getKey());
            double[] ll = e.meanOptionLogLikelihoods(m.getValue(), options, null, i -> m.getKey().id() + " forget pair option " + i);
            int k = 0;
            int won = 0;
            for (List<String> o : options) {
                int size = o.size();
                boolean wins = true;
                for (int j = 1; j < size; j++) {
                    wins &= ll[k] > ll[k + j];
                }
                won += wins ? 1 : 0;
                chanceSum += 1.0 / size;
                pairs++;
                k += size;
            }
            out.put(m.getKey(), (double) won / options.size());
        }
        return new Known(out, pairs == 0 ? 0 : chanceSum / pairs);
    }
}

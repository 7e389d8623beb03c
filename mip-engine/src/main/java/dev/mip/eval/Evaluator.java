package dev.mip.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.mip.data.Benchmark;
import dev.mip.data.EvalSplit;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.model.Batch;
import dev.mip.model.BatchBuilder;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.Generator;
import dev.mip.model.Mllm;
import dev.mip.model.NonFiniteOutputException;
import dev.mip.model.OptionScorer;
import dev.mip.model.ScaleHooks;
import dev.mip.model.Weights;
import dev.mip.ProgressListener;
import dev.mip.ProgressMeter;
import dev.mip.data.PixelCache;
import dev.mip.runtime.Workers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntFunction;

/**
 * Deterministic evaluation of a model on a benchmark, per split x modality x task (no LLM judge):
 * multiple choice by answer likelihood (or by generated letter), generation by ROUGE-L F1 against
 * the ground truth, cloze by case-insensitive containment of the ground truth. Metric names are
 * {@code split.modality.task.metric}: {@code forget.image.mcq.accuracy},
 * {@code retain.text.generation.rougeL}, {@code test.image.cloze.accuracy}, ...
 *
 * <p>Runs with optional FFN scale hooks, so that the effect of zeroing neurons can be measured
 * without editing weights.
 */
public final class Evaluator {
    private final Checkpoint checkpoint;
    private final EvalOptions opts;
    private final Weights weights;
    private final ScaleHooks hooks;
    private final PixelCache pixels;

    /**
     * @param checkpoint the model
     * @param opts settings
     */
    public Evaluator(Checkpoint checkpoint, EvalOptions opts) {
        this(checkpoint, opts, checkpoint.model().weights(), ScaleHooks.NONE);
    }

    /**
     * @param checkpoint the model
     * @param opts settings
     * @param weights weights to evaluate with
     * @param hooks FFN scale hooks (e.g. zeros at pruned neurons; shape {@code [I]})
     */
    public Evaluator(Checkpoint checkpoint, EvalOptions opts, Weights weights, ScaleHooks hooks) {
        this.checkpoint = checkpoint;
        this.opts = opts;
        this.weights = weights;
        this.hooks = hooks;
        this.pixels = new PixelCache(checkpoint.images());
    }

    /**
     * Evaluates the given splits.
     *
     * @param bench the benchmark
     * @param forget forget set name
     * @param retain retain set name
     * @param splits which splits
     * @param progress progress reporting
     * @return metrics and per-question outcomes
     */
    public EvalResult evaluate(Benchmark bench, String forget, String retain, Collection<EvalSplit> splits,
            ProgressListener progress) {
        return evaluate(bench, forget, retain, splits, java.util.EnumSet.allOf(Task.class), progress);
    }

    /**
     * Evaluates the given splits and tasks.
     *
     * @param bench the benchmark
     * @param forget forget set name
     * @param retain retain set name
     * @param splits which splits
     * @param tasks which tasks
     * @param progress progress reporting
     * @return metrics and per-question outcomes
     */
    public EvalResult evaluate(Benchmark bench, String forget, String retain, Collection<EvalSplit> splits,
            java.util.Set<Task> tasks, ProgressListener progress) {
        Map<String, List<Question>> slices = new LinkedHashMap<>();
        for (EvalSplit split : splits) {
            slices.putAll(slices(split, bench.questions(split, forget, retain), tasks));
        }
        return evaluate(slices, progress);
    }

    /**
     * Groups a split's questions into slices.
     *
     * @param split the split they belong to
     * @param qs its questions
     * @param tasks the tasks kept
     * @return the questions of each kept task by slice name {@code split.modality.task}, in question order
     */
    public static Map<String, List<Question>> slices(EvalSplit split, List<Question> qs, java.util.Set<Task> tasks) {
        Map<String, List<Question>> out = new LinkedHashMap<>();
        for (Question q : qs) {
            if (tasks.contains(q.task())) {
                out.computeIfAbsent(split.id() + "." + q.modality().id() + "." + q.task().id(), k -> new ArrayList<>()).add(q);
            }
        }
        return out;
    }

    /**
     * Evaluates given questions as slices.
     *
     * @param given questions by slice name {@code split.modality.task} (each list holds one task;
     *     not modified), each cut to {@code maxQuestionsPerSlice}
     * @param progress progress reporting
     * @return metrics named {@code slice.accuracy} or {@code slice.rougeL}, and per-question outcomes
     */
    public EvalResult evaluate(Map<String, List<Question>> given, ProgressListener progress) {
        Map<String, List<Question>> slices = new LinkedHashMap<>();
        given.forEach((k, v) -> {
            if (!v.isEmpty()) {
                slices.put(k, new ArrayList<>(v));
            }
        });
        long work = 0;
        for (List<Question> qs : slices.values()) {
            if (opts.maxQuestionsPerSlice() > 0 && qs.size() > opts.maxQuestionsPerSlice()) {
                qs.subList(opts.maxQuestionsPerSlice(), qs.size()).clear();
            }
            for (Question q : qs) {
                work += q.task() == Task.MCQ && opts.mcqScoring() == McqScoring.LIKELIHOOD ? q.options().size() : 1;
            }
        }
        ProgressMeter meter = new ProgressMeter(progress, "evaluate", work, 10_000);
        Map<String, Metric> metrics = new LinkedHashMap<>();
        List<QuestionResult> results = new ArrayList<>();
        for (Map.Entry<String, List<Question>> slice : slices.entrySet()) {
            List<Question> qs = slice.getValue();
            Task task = qs.get(0).task();
            String name = slice.getKey() + "." + (task == Task.GENERATION ? "rougeL" : "accuracy");
            List<QuestionResult> rs = switch (task) {
                case MCQ -> opts.mcqScoring() == McqScoring.LIKELIHOOD ? mcqByLikelihood(qs, name, meter) : mcqByLetter(qs, name, meter);
                case GENERATION, CLOZE -> generated(qs, name, meter);
            };
            double sum = 0;
            double[] scores = new double[rs.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = rs.get(i).score();
                sum += scores[i];
            }
            double chance = Double.NaN;
            if (task == Task.MCQ) {
                chance = 0;
                for (Question q : qs) {
                    chance += 1.0 / q.options().size();
                }
                chance /= qs.size();
            }
            // Accuracies are proportions (Wilson); ROUGE-L is a mean of bounded scores (bootstrap).
            Intervals.Interval ci = task == Task.GENERATION ? Intervals.bootstrapMean(scores, Intervals.seedOf(name))
                    : Intervals.wilson(Math.round(sum), rs.size());
            metrics.put(name, Metric.of(name, sum / rs.size(), rs.size(), chance, ci));
            results.addAll(rs);
        }
        return new EvalResult(metrics, results);
    }

    /** Mean answer-token log-probability of each option; the best option is the prediction. */
    private List<QuestionResult> mcqByLikelihood(List<Question> qs, String metric, ProgressMeter meter) {
        String slice = metric.substring(0, metric.lastIndexOf('.'));
        List<int[]> at = new ArrayList<>(); // option row -> {question, option}
        List<Example> prompts = new ArrayList<>(qs.size());
        List<List<String>> options = new ArrayList<>(qs.size());
        for (int i = 0; i < qs.size(); i++) {
            Question q = qs.get(i);
            prompts.add(new Example(pixels.pixels(q.image()), q.question(), null));
            options.add(q.options());
            for (int o = 0; o < q.options().size(); o++) {
                at.add(new int[] {i, o});
            }
        }
        IntFunction<String> label = e -> slice + " question '" + qs.get(at.get(e)[0]).id() + "' (option "
                + (at.get(e)[1] + 1) + " of " + qs.get(at.get(e)[0]).options().size() + ")";
        double[] mean = meanOptionLogLikelihoods(prompts, options, meter, label);
        List<QuestionResult> out = new ArrayList<>(qs.size());
        int k = 0;
        for (Question q : qs) {
            int best = 0;
            for (int i = 0; i < q.options().size(); i++) {
                if (mean[k + i] > mean[k + best]) {
                    best = i;
                }
            }
            double truthRatio = TruthRatio.of(java.util.Arrays.copyOfRange(mean, k, k + q.options().size()), q.correct());
            k += q.options().size();
            out.add(new QuestionResult(q.id(), metric, best == q.correct() ? 1 : 0, q.options().get(best), truthRatio));
        }
        return out;
    }

    /**
     * Mean answer-token log-probability of each option of each prompt, the options of a prompt
     * scored on one shared prompt pass ({@link OptionScorer}) in chunks of at most the batch size
     * of option rows; options whose tokens do not extend the prompt's fall back to one full
     * sequence each.
     *
     * @param prompts one example per question (pixels and question; the answer is ignored)
     * @param options each prompt's answer options, parallel to {@code prompts}
     * @param meter progress, advanced per option row (may be null)
     * @param label names option row {@code i} (of the flattened options) in error messages
     * @return one value per option, prompts in order and each prompt's options in order
     * @throws NonFiniteOutputException if a log-likelihood is NaN or infinite
     */
    public double[] meanOptionLogLikelihoods(List<Example> prompts, List<List<String>> options, ProgressMeter meter,
            IntFunction<String> label) {
        if (prompts.size() != options.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + options.size() + " option lists");
        }
        int total = options.stream().mapToInt(List::size).sum();
        double[] mean = new double[total];
        Mllm m = checkpoint.model();
        OptionScorer scorer = new OptionScorer(m);
        // The chunks (whole prompts, at most the batch size of option rows) do not depend on the
        // number of workers, so neither do the values (dev.mip.runtime.Workers).
        List<int[]> chunks = new ArrayList<>(); // {first prompt, end prompt, first row, rows}
        int row0 = 0;
        for (int start = 0; start < prompts.size();) {
            int end = start;
            int rows = 0;
            while (end < prompts.size() && (end == start || rows + options.get(end).size() <= opts.batchSize())) {
                rows += options.get(end).size();
                end++;
            }
            chunks.add(new int[] {start, end, row0, rows});
            row0 += rows;
            start = end;
        }
        Workers.map(m.manager().getDevice(), chunks.size(), ci -> {
            int[] ch = chunks.get(ci);
            int row = ch[2];
            int rows = ch[3];
            List<Example> ps = prompts.subList(ch[0], ch[1]);
            List<List<String>> os = options.subList(ch[0], ch[1]);
            BatchBuilder.OptionBatch ob = checkpoint.batches().buildOptions(ps, os);
            if (ob == null) { // options that do not share the prompt's tokens: one full sequence each
                List<Example> ex = new ArrayList<>(rows);
                for (int i = 0; i < ps.size(); i++) {
                    for (String o : os.get(i)) {
                        ex.add(new Example(ps.get(i).pixels(), ps.get(i).question(), o));
                    }
                }
                double[] part = meanLogLikelihoods(ex, null, e -> label.apply(row + e));
                System.arraycopy(part, 0, mean, row, rows);
            } else {
                double[] sums = scorer.logLikelihoods(ob, weights, hooks);
                for (int i = 0; i < rows; i++) {
                    if (!Double.isFinite(sums[i])) {
                        throw new NonFiniteOutputException(m.source(), sums[i], "the log-likelihood of " + label.apply(row + i), -1);
                    }
                    mean[row + i] = sums[i] / ob.answers()[i].length;
                }
            }
            advance(meter, rows);
            return null;
        });
        return mean;
    }

    /**
     * Mean log-probability of each example's answer tokens (no end token), batched.
     *
     * @param ex examples with answers
     * @param meter progress (may be null)
     * @return one value per example ({@code -Infinity} for an example without answer tokens)
     * @throws NonFiniteOutputException if the log-likelihood of an answer is NaN or infinite
     */
    public double[] meanLogLikelihoods(List<Example> ex, ProgressMeter meter) {
        return meanLogLikelihoods(ex, meter, i -> "example " + i);
    }

    private double[] meanLogLikelihoods(List<Example> ex, ProgressMeter meter, IntFunction<String> label) {
        Mllm m = checkpoint.model();
        double[] out = new double[ex.size()];
        Workers.mapChunks(m.manager().getDevice(), ex.size(), opts.batchSize(), (start, to) -> {
            List<Example> chunk = ex.subList(start, to);
            Batch b = checkpoint.batches().build(chunk, false);
            try (NDScope s = new NDScope()) {
                Mllm.Output o = m.forward(b, weights, hooks, Mllm.Options.FULL);
                double[] sums = m.sumPerSample(m.targetLogProbs(o, b, weights), b).toType(DataType.FLOAT64, false).toDoubleArray();
                for (int i = 0; i < chunk.size(); i++) {
                    int n = b.targetsOf(i);
                    if (n > 0 && !Double.isFinite(sums[i])) {
                        throw new NonFiniteOutputException(m.source(), sums[i], "the log-likelihood of "
                                + label.apply(start + i), -1);
                    }
                    out[start + i] = n == 0 ? Double.NEGATIVE_INFINITY : sums[i] / n;
                }
            }
            advance(meter, chunk.size());
            return null;
        });
        return out;
    }

    /** MLLMU-Bench's protocol: A/B/C/D prompt, greedy generation, first option letter. */
    private List<QuestionResult> mcqByLetter(List<Question> qs, String metric, ProgressMeter meter) {
        List<Example> prompts = new ArrayList<>();
        for (Question q : qs) {
            prompts.add(new Example(pixels.pixels(q.image()), LetterAnswer.prompt(q.question(), q.options()), null));
        }
        List<String> texts = generate(prompts, Math.min(4, opts.maxNewTokens()), meter, label(qs, metric));
        List<QuestionResult> out = new ArrayList<>();
        for (int i = 0; i < qs.size(); i++) {
            Question q = qs.get(i);
            OptionalInt pick = LetterAnswer.parse(texts.get(i), q.options().size());
            out.add(new QuestionResult(q.id(), metric, pick.isPresent() && pick.getAsInt() == q.correct() ? 1 : 0, texts.get(i)));
        }
        return out;
    }

    private List<QuestionResult> generated(List<Question> qs, String metric, ProgressMeter meter) {
        List<Example> prompts = new ArrayList<>();
        for (Question q : qs) {
            prompts.add(new Example(pixels.pixels(q.image()), q.question(), null));
        }
        List<String> texts = generate(prompts, opts.maxNewTokens(), meter, label(qs, metric));
        List<QuestionResult> out = new ArrayList<>();
        for (int i = 0; i < qs.size(); i++) {
            Question q = qs.get(i);
            String t = texts.get(i);
            double score = q.task() == Task.GENERATION ? RougeL.f1(t, q.answer()) : (ClozeMatch.correct(t, q.answer()) ? 1 : 0);
            out.add(new QuestionResult(q.id(), metric, score, t));
        }
        return out;
    }

    /**
     * Greedy answers to prompts, batched.
     *
     * @param prompts examples (answers ignored)
     * @param maxNew bound on new tokens
     * @param meter progress (may be null)
     * @return decoded answers
     * @throws NonFiniteOutputException if a logit is NaN or infinite
     */
    public List<String> generate(List<Example> prompts, int maxNew, ProgressMeter meter) {
        return generate(prompts, maxNew, meter, i -> "prompt " + i);
    }

    /** Names question {@code i} of a slice in messages: {@code forget.text.generation question 'p3-g1'}. */
    private static IntFunction<String> label(List<Question> qs, String metric) {
        String slice = metric.substring(0, metric.lastIndexOf('.'));
        return i -> slice + " question '" + qs.get(i).id() + "'";
    }

    private List<String> generate(List<Example> prompts, int maxNew, ProgressMeter meter, IntFunction<String> label) {
        List<String> out = new ArrayList<>(prompts.size());
        for (long[] ids : generateIds(prompts, maxNew, meter, label)) {
            out.add(checkpoint.tokenizer().decode(ids));
        }
        return out;
    }

    /**
     * Greedy answers to prompts as token ids (the end token left out), in batches of the batch size.
     *
     * @param prompts questions (pixels and question; the answer is ignored)
     * @param maxNew bound on generated tokens per answer
     * @return one array of ids per prompt
     */
    public List<long[]> generateIds(List<Example> prompts, int maxNew) {
        return generateIds(prompts, maxNew, null, i -> "prompt " + i);
    }

    private List<long[]> generateIds(List<Example> prompts, int maxNew, ProgressMeter meter, IntFunction<String> label) {
        Generator g = new Generator(checkpoint.model());
        Long end = checkpoint.batches().endTokenId();
        List<long[]> out = new ArrayList<>(prompts.size());
        Device device = checkpoint.model().manager().getDevice();
        List<List<long[]>> parts = Workers.mapChunks(device, prompts.size(), opts.batchSize(), (start, to) -> {
            List<Example> chunk = prompts.subList(start, to);
            Batch b = checkpoint.batches().buildPrompts(chunk);
            List<long[]> ids;
            try {
                ids = g.generate(b, weights, hooks, maxNew, end);
            } catch (NonFiniteOutputException e) {
                throw e.row() < 0 ? e : e.about("the next-token logits of the answer to " + label.apply(start + e.row()));
            }
            advance(meter, chunk.size());
            return ids;
        });
        parts.forEach(out::addAll);
        return out;
    }

    /** Advances a shared progress meter from a worker (may be null). */
    private static void advance(ProgressMeter meter, long units) {
        if (meter != null) {
            synchronized (meter) {
                meter.advance(units, () -> "");
            }
        }
    }

    /**
     * Mean answer-token log-probability per modality, used by training progress and quick checks.
     *
     * @param qs questions with answers (MCQ uses the correct option)
     * @return one value per question
     */
    public double[] answerLikelihoods(List<Question> qs) {
        List<Example> ex = new ArrayList<>();
        for (Question q : qs) {
            ex.add(new Example(pixels.pixels(q.image()), q.question(), q.answer()));
        }
        return meanLogLikelihoods(ex, null, i -> "the answer to question '" + qs.get(i).id() + "'");
    }
}

package dev.mip.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptionScorerTest {

    private static final List<Example> QUESTIONS = List.of(
            new Example(TinyModels.image(1), "What is this person's job ?", null),
            new Example(null, "What is the capital of France ?", null),
            new Example(TinyModels.image(2), "Who painted it ?", null));
    /** Options of different lengths, so that answers are padded differently from prompts. */
    private static final List<List<String>> OPTIONS = List.of(
            List.of("baker", "The person works as a baker in Lyon .", "red", "one two"),
            List.of("Paris", "Lyon", "Paris is the capital ."),
            List.of("Alice", "Bob", "Carol", "green blue", "one two three four five six seven eight nine ten"));

    /** The reference: each option's whole sequence in one full pass, its answer tokens summed. */
    private static double[] fullPass(Checkpoint c, ScaleHooks hooks) {
        List<Example> ex = new ArrayList<>();
        for (int q = 0; q < QUESTIONS.size(); q++) {
            for (String o : OPTIONS.get(q)) {
                ex.add(new Example(QUESTIONS.get(q).pixels(), QUESTIONS.get(q).question(), o));
            }
        }
        Batch b = c.batches().build(ex, false);
        Mllm m = c.model();
        try (NDScope s = new NDScope()) {
            Mllm.Output o = m.forward(b, m.weights(), hooks, Mllm.Options.FULL);
            double[] lp = m.targetLogProbs(o, b, m.weights()).toType(DataType.FLOAT64, false).toDoubleArray();
            double[] sums = new double[ex.size()];
            for (int i = 0; i < lp.length; i++) {
                sums[b.targetSample()[i]] += lp[i];
            }
            return sums;
        }
    }

    @ParameterizedTest
    @CsvSource({"llama, FLOAT64, 1e-12", "qwen2, FLOAT64, 1e-12", "llama, FLOAT32, 2e-5", "qwen2, FLOAT32, 2e-5"})
    void oneSharedPromptPassScoresEveryOptionAsItsWholeSequenceDoes(String type, DataType dtype, double tol) {
        try (Checkpoint c = TinyModels.create(type, 31, dtype); NDManager hm = NDManager.newBaseManager()) {
            // Zero some FFN neurons in both towers, as evaluation with pruning hooks does.
            ScaleHooks hooks = new ScaleHooks();
            float[] text = new float[c.model().config().text().intermediateSize()];
            java.util.Arrays.fill(text, 1f);
            text[0] = 0f;
            text[3] = 0f;
            float[] vision = new float[c.model().config().vision().intermediateSize()];
            java.util.Arrays.fill(vision, 1f);
            vision[1] = 0f;
            hooks.set(Tower.TEXT, 1, hm.create(text, new Shape(text.length)).toType(dtype, false));
            hooks.set(Tower.VISION, 0, hm.create(vision, new Shape(vision.length)).toType(dtype, false));
            for (ScaleHooks h : List.of(ScaleHooks.NONE, hooks)) {
                double[] ref = fullPass(c, h);
                BatchBuilder.OptionBatch ob = c.batches().buildOptions(QUESTIONS, OPTIONS);
                assertNotNull(ob, "a word-level tokenizer keeps the prompt's tokens apart from the answer's");
                assertEquals(QUESTIONS.size(), ob.prompts().size(), "one prompt row per question");
                assertEquals(ref.length, ob.options());
                double[] got = new OptionScorer(c.model()).logLikelihoods(ob, c.model().weights(), h);
                for (int i = 0; i < ref.length; i++) {
                    assertTrue(ref[i] < 0, "a real log-likelihood");
                    assertEquals(ref[i], got[i], tol * Math.max(1, Math.abs(ref[i])), "option row " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"llama", "qwen2"})
    void anOptionWithoutAnswerTokensFallsBackToFullSequences(String type) {
        try (Checkpoint c = TinyModels.create(type, 32, DataType.FLOAT32)) {
            assertNull(c.batches().buildOptions(List.of(QUESTIONS.get(0)), List.of(List.of("baker", " "))));
        }
    }
}

package dev.mip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.mip.data.Benchmark;
import dev.mip.data.EvalSplit;
import dev.mip.data.Modality;
import dev.mip.data.QaPair;
import dev.mip.data.synth.SyntheticBenchmark;
import dev.mip.model.Checkpoint;
import dev.mip.model.LlavaConfig;
import dev.mip.model.RandomCheckpoint;
import dev.mip.model.TextConfig;
import dev.mip.model.VisionConfig;
import dev.mip.model.WordLevelTokenizerJson;
import dev.mip.model.io.TensorDType;
import dev.mip.ProgressListener;
import dev.mip.train.TrainOptions;
import dev.mip.train.Trainer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    static Benchmark bench;
    static List<String> words;

    @BeforeAll
    static void data() {
        bench = SyntheticBenchmark.generate(new SyntheticBenchmark.Options(5, 20, 2, 32, 1, 96)).benchmark();
        words = SyntheticBenchmark.vocabulary(bench);
    }

    static Checkpoint model(long seed) {
        VisionConfig v = new VisionConfig(16, 32, 2, 2, 3, 32, 8, "quick_gelu", 1e-5);
        TextConfig t = RandomCheckpoint.textConfig("llama", WordLevelTokenizerJson.vocabSize(words), 64, 128, 2, 4, 2, false);
        return RandomCheckpoint.create(LlavaConfig.create(v, t, 4, -1), words, seed, 0.02, TensorDType.F32, Device.cpu(),
                DataType.FLOAT32);
    }

    @Test
    void everySplitModalityAndTaskGetsAMetricWithItsChanceLevel() {
        try (Checkpoint c = model(1)) {
            EvalResult r = new Evaluator(c, new EvalOptions(McqScoring.LIKELIHOOD, 64, 4, 3))
                    .evaluate(bench, "forget_5", "retain_95", List.of(EvalSplit.values()), ProgressListener.NONE);
            for (String split : new String[] {"forget", "retain", "test", "holdout"}) {
                for (String m : new String[] {"image", "text"}) {
                    Metric mcq = r.metrics().get(split + "." + m + ".mcq.accuracy");
                    assertEquals(3, mcq.count(), split + m);
                    assertEquals(0.25, mcq.chance(), 1e-12);
                    assertTrue(r.metrics().containsKey(split + "." + m + ".generation.rougeL"));
                    assertTrue(Double.isNaN(r.metrics().get(split + "." + m + ".cloze.accuracy").chance()));
                }
            }
            assertTrue(r.metrics().containsKey("world.image.mcq.accuracy") && r.metrics().containsKey("world.text.mcq.accuracy"));
            EvalResult again = new Evaluator(c, new EvalOptions(McqScoring.LIKELIHOOD, 7, 4, 3))
                    .evaluate(bench, "forget_5", "retain_95", List.of(EvalSplit.values()), ProgressListener.NONE);
            for (var e : r.metrics().entrySet()) {
                assertEquals(e.getValue().value(), again.value(e.getKey()), 1e-9, "batch size must not change " + e.getKey());
            }
        }
    }

    @Test
    void aModelTrainedOnTheWorldFactsAnswersTheirQuestions() {
        List<QaPair> world = bench.trainOf(java.util.Set.of(Benchmark.WORLD)).stream()
                .filter(q -> q.modality() == Modality.TEXT).toList();
        try (Checkpoint c = model(2)) {
            Evaluator e = new Evaluator(c, EvalOptions.defaults());
            double before = e.evaluate(bench, "forget_5", "retain_95", List.of(EvalSplit.WORLD), ProgressListener.NONE)
                    .value("world.text.mcq.accuracy");
            Trainer.train(c, world, new TrainOptions(40, 8, 3e-3, 0.05, 0.1, 0.0, 1.0, false, 3), ProgressListener.NONE);
            EvalResult after = e.evaluate(bench, "forget_5", "retain_95", List.of(EvalSplit.WORLD), ProgressListener.NONE);
            assertTrue(before < 0.5, "an untrained model is near chance: " + before);
            assertTrue(after.value("world.text.mcq.accuracy") >= 0.9, "after training: " + after.metrics());
            // Letter scoring runs end to end (the model was never taught letters, so only the mechanics are checked).
            EvalResult letters = new Evaluator(c, new EvalOptions(McqScoring.LETTER, 64, 4, 0))
                    .evaluate(bench, "forget_5", "retain_95", List.of(EvalSplit.WORLD), ProgressListener.NONE);
            assertEquals(after.metrics().get("world.text.mcq.accuracy").count(), letters.metrics().get("world.text.mcq.accuracy").count());
        }
    }

    /** A model whose final norm gain is NaN: every logit is NaN, while the FFN activations stay finite. */
    static Checkpoint nanModel() {
        Checkpoint c = model(3);
        c.model().parameters().get(dev.mip.model.ParamSpec.TEXT + "norm.weight").muli(Float.NaN);
        return c;
    }

    @Test
    void aModelGivingNanLogLikelihoodsFailsNamingTheSplitAndQuestionInsteadOfScoring() {
        try (Checkpoint c = nanModel()) {
            Evaluator e = new Evaluator(c, new EvalOptions(McqScoring.LIKELIHOOD, 64, 4, 3));
            var mcq = org.junit.jupiter.api.Assertions.assertThrows(dev.mip.model.NonFiniteOutputException.class,
                    () -> e.evaluate(bench, "forget_5", "retain_95", List.of(EvalSplit.FORGET), java.util.EnumSet.of(
                            dev.mip.data.Task.MCQ), ProgressListener.NONE));
            String q = bench.questions(EvalSplit.FORGET, "forget_5", "retain_95").stream()
                    .filter(x -> x.task() == dev.mip.data.Task.MCQ).findFirst().orElseThrow().id();
            assertTrue(mcq.getMessage().contains("gives NaN for the log-likelihood of forget.") && mcq.getMessage().contains(
                    ".mcq question '" + q + "' (option 1 of 4)"), mcq.getMessage());
            assertTrue(mcq.getMessage().contains("Check the checkpoint"), mcq.getMessage());
            assertTrue(mcq instanceof dev.mip.InvalidInputException, "the model is the bad input: exit code 2");

            var gen = org.junit.jupiter.api.Assertions.assertThrows(dev.mip.model.NonFiniteOutputException.class,
                    () -> e.evaluate(bench, "forget_5", "retain_95", List.of(EvalSplit.RETAIN), java.util.EnumSet.of(
                            dev.mip.data.Task.GENERATION), ProgressListener.NONE));
            assertTrue(gen.getMessage().contains("for the next-token logits of the answer to retain.")
                    && gen.getMessage().contains(".generation question '"), gen.getMessage());

            Evaluator letters = new Evaluator(c, new EvalOptions(McqScoring.LETTER, 64, 4, 3));
            var letter = org.junit.jupiter.api.Assertions.assertThrows(dev.mip.model.NonFiniteOutputException.class,
                    () -> letters.evaluate(bench, "forget_5", "retain_95", List.of(EvalSplit.TEST), java.util.EnumSet.of(
                            dev.mip.data.Task.MCQ), ProgressListener.NONE));
            assertTrue(letter.getMessage().contains("the answer to test.") && letter.getMessage().contains(".mcq question '"),
                    letter.getMessage());

            var mia = org.junit.jupiter.api.Assertions.assertThrows(dev.mip.model.NonFiniteOutputException.class,
                    () -> MembershipInference.evaluate(c, bench, "forget_5", "retain_95", 16));
            assertTrue(mia.getMessage().contains("of forget question '") && mia.getMessage().contains("(membership inference)"),
                    mia.getMessage());
        }
    }
}

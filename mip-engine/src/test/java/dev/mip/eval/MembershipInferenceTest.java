package dev.mip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.mip.ProgressListener;
import dev.mip.data.Benchmark;
import dev.mip.data.EvalSplit;
import dev.mip.data.PixelCache;
import dev.mip.data.Question;
import dev.mip.model.Batch;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.LlavaConfig;
import dev.mip.model.Mllm;
import dev.mip.model.RandomCheckpoint;
import dev.mip.model.ScaleHooks;
import dev.mip.model.TextConfig;
import dev.mip.model.VisionConfig;
import dev.mip.model.WordLevelTokenizerJson;
import dev.mip.model.io.TensorDType;
import dev.mip.train.TrainOptions;
import dev.mip.train.Trainer;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The attacks' inputs on a tiny real model: the per-token statistics against a softmax computed
 * here in double precision from the full logits, the gradient norm against central finite
 * differences, and the sign of every attack on a model that was trained on the forget people.
 */
class MembershipInferenceTest {
    static Checkpoint model(long seed, DataType dtype) {
        VisionConfig v = new VisionConfig(16, 32, 2, 2, 3, 32, 8, "quick_gelu", 1e-5);
        TextConfig t = RandomCheckpoint.textConfig("llama", WordLevelTokenizerJson.vocabSize(EvaluatorTest.words), 64, 128, 2, 4,
                2, false);
        return RandomCheckpoint.create(LlavaConfig.create(v, t, 4, -1), EvaluatorTest.words, seed, 0.02, TensorDType.F32,
                Device.cpu(), dtype);
    }

    static {
        EvaluatorTest.data();
    }

    private static List<Question> memberQuestions() {
        return MembershipInference.questions(EvaluatorTest.bench.questions(EvalSplit.FORGET, "forget_5", "retain_95"));
    }

    @Test
    void tokenStatisticsAreTheSoftmaxOfTheFullLogits() {
        try (Checkpoint c = model(4, DataType.FLOAT64)) {
            List<Question> qs = memberQuestions().subList(0, 3);
            List<MiaAttack.Sample> samples = MembershipInference.samples(c, c.model().weights(), qs, 2, false, "forget");
            assertEquals(3, samples.size());
            PixelCache px = new PixelCache(c.images());
            Mllm m = c.model();
            for (int i = 0; i < qs.size(); i++) {
                Question q = qs.get(i);
                Batch b = c.batches().build(List.of(new Example(px.pixels(q.image()), q.question(), q.answer())), false);
                double[][] logits;
                try (NDScope s = new NDScope()) {
                    Mllm.Output o = m.forward(b, m.weights(), ScaleHooks.NONE, Mllm.Options.FULL);
                    NDArray all = m.logits(o.finalHidden().reshape(b.length(), -1), m.weights()); // [T, V]
                    int vocab = (int) all.getShape().get(1);
                    double[] flat = all.toDoubleArray();
                    logits = new double[b.length()][vocab];
                    for (int t = 0; t < b.length(); t++) {
                        System.arraycopy(flat, t * vocab, logits[t], 0, vocab);
                    }
                }
                MiaAttack.Sample got = samples.get(i);
                assertEquals(b.numTargets(), got.tokenLogProbs().length);
                for (int k = 0; k < b.numTargets(); k++) {
                    double[] z = logits[b.targetPos()[k]];
                    double max = java.util.Arrays.stream(z).max().orElseThrow();
                    double norm = 0;
                    for (double x : z) {
                        norm += Math.exp(x - max);
                    }
                    double logZ = max + Math.log(norm);
                    double mu = 0;
                    double second = 0;
                    for (double x : z) {
                        double lp = x - logZ;
                        mu += Math.exp(lp) * lp;
                        second += Math.exp(lp) * lp * lp;
                    }
                    assertEquals(z[(int) b.targetIds()[k]] - logZ, got.tokenLogProbs()[k], 1e-9);
                    assertEquals(mu, got.tokenMeans()[k], 1e-9);
                    assertEquals(second - mu * mu, got.tokenVariances()[k], 1e-9);
                }
                assertEquals(q.answer(), got.answer());
            }
        }
    }

    @Test
    void theGradientNormIsTheMeanOverTensorsOfTheLossGradientsNorm() {
        try (Checkpoint c = model(5, DataType.FLOAT64)) {
            Question q = memberQuestions().stream().filter(x -> x.image() != null).findFirst().orElseThrow();
            Example ex = new Example(new PixelCache(c.images()).pixels(q.image()), q.question(), q.answer());
            Map<String, Double> norms = MembershipInference.gradNorms(c, c.model().weights(), ex, "q");
            assertTrue(c.model().parameters().keySet().containsAll(norms.keySet()));
            // The vision tower's output is read before its final norm: that tensor gets no gradient, and is left out.
            assertTrue(!norms.containsKey("vision_tower.vision_model.post_layernorm.weight"), norms.keySet().toString());
            assertTrue(norms.containsKey("language_model.model.embed_tokens.weight"));
            assertEquals(norms.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                    MembershipInference.gradNorm(c, c.model().weights(), ex, "q"), 1e-12);
            // Central differences over every coordinate of three small tensors, one per tower and the final norm.
            for (String name : List.of("language_model.model.norm.weight", "vision_tower.vision_model.encoder.layers.0.layer_norm1.bias",
                    "multi_modal_projector.linear_2.bias")) {
                NDArray p = c.model().parameters().get(name);
                double[] v = p.toDoubleArray();
                double h = 1e-6;
                double sq = 0;
                for (int j = 0; j < v.length; j++) {
                    double[] plus = v.clone();
                    plus[j] += h;
                    double[] minus = v.clone();
                    minus[j] -= h;
                    p.set(plus);
                    double lPlus = loss(c, ex);
                    p.set(minus);
                    double lMinus = loss(c, ex);
                    double g = (lPlus - lMinus) / (2 * h);
                    sq += g * g;
                }
                p.set(v);
                assertTrue(sq > 0, name);
                assertEquals(Math.sqrt(sq), norms.get(name), 1e-6 * Math.max(1, Math.sqrt(sq)), name);
            }
            Question text = memberQuestions().stream().filter(x -> x.image() == null).findFirst().orElseThrow();
            Map<String, Double> textOnly = MembershipInference.gradNorms(c, c.model().weights(), new Example(null, text.question(),
                    text.answer()), "q");
            assertTrue(textOnly.keySet().stream().noneMatch(k -> k.startsWith("vision_tower.") || k.startsWith("multi_modal")),
                    "a text-only question reaches no vision tensor: " + textOnly.keySet());
        }
    }

    /**
     * libtorch keeps a leaf's gradient buffer after its requires-grad flag is switched off: the attack
     * takes its gradients through detached aliases, so the model's parameters end without a buffer
     * (before, every parameter kept one its own size: the model's memory twice over until unloaded).
     */
    @Test
    void theGradientNormAttackLeavesNoGradientBufferOnTheModel() {
        try (Checkpoint c = model(5, DataType.FLOAT32)) {
            Question q = memberQuestions().stream().filter(x -> x.image() != null).findFirst().orElseThrow();
            Example ex = new Example(new PixelCache(c.images()).pixels(q.image()), q.question(), q.answer());
            assertTrue(MembershipInference.gradNorm(c, c.model().weights(), ex, "q") > 0);
            for (Map.Entry<String, NDArray> e : c.model().parameters().entrySet()) {
                NDArray p = e.getValue();
                assertTrue(!p.hasGradient(), e.getKey() + " left requiring a gradient");
                p.setRequiresGradient(true);
                try {
                    // A kept buffer is returned itself (a write shows in the next read); none: fresh zeros each time.
                    p.getGradient().addi(p.getManager().create(1f).toType(p.getDataType(), false));
                    assertEquals(0.0, p.getGradient().abs().sum().toType(DataType.FLOAT64, false).getDouble(), 0.0,
                            e.getKey() + " kept a gradient buffer");
                } finally {
                    p.setRequiresGradient(false);
                }
            }
        }
    }

    private static double loss(Checkpoint c, Example ex) {
        Mllm m = c.model();
        Batch b = c.batches().build(List.of(ex), false);
        try (NDScope s = new NDScope()) {
            Mllm.Output o = m.forward(b, m.weights(), ScaleHooks.NONE, Mllm.Options.FULL);
            return -m.targetLogProbs(o, b, m.weights()).mean().getDouble();
        }
    }

    @Test
    void everyAttackSeesTheForgetPeopleOnAModelTrainedOnThem() {
        Benchmark bench = EvaluatorTest.bench;
        try (Checkpoint c = model(6, DataType.FLOAT32)) {
            Trainer.train(c, bench.trainOf(bench.profileSet("forget_5")), new TrainOptions(30, 8, 3e-3, 0.05, 0.1, 0.0, 1.0, false,
                    3), ProgressListener.NONE);
            MembershipInference.Result r = MembershipInference.evaluate(c, c.model().weights(), bench, "forget_5", "retain_95",
                    16, EnumSet.allOf(MiaAttack.class));
            for (MiaAttack a : MiaAttack.values()) {
                if (a == MiaAttack.REFERENCE) {
                    assertTrue(!r.metrics().containsKey(a.metric()), "the reference attack needs a second model");
                    continue;
                }
                Metric m = r.metrics().get(a.metric());
                assertTrue(m.value() > 0.8, a + " should tell trained from never-seen people: " + m);
                assertTrue(m.lo() <= m.value() && m.value() <= m.hi(), m.toString());
                assertEquals(0.5, m.chance(), 0);
            }
            double[] members = r.samples().get(MembershipInference.MEMBER_MEANS);
            assertEquals(memberQuestions().size(), members.length);
            // Deterministic: the same attacks again give the same numbers, gradient norms included.
            MembershipInference.Result again = MembershipInference.evaluate(c, c.model().weights(), bench, "forget_5",
                    "retain_95", 5, EnumSet.allOf(MiaAttack.class));
            for (Map.Entry<String, Metric> e : r.metrics().entrySet()) {
                assertEquals(e.getValue().value(), again.metrics().get(e.getKey()).value(), 1e-12, e.getKey());
            }
            try (Checkpoint ref = model(7, DataType.FLOAT32)) {
                MembershipInference.Result untrained = MembershipInference.evaluate(ref, ref.model().weights(), bench, "forget_5",
                        "retain_95", 16, EnumSet.of(MiaAttack.LOSS));
                Metric refAuc = MembershipInference.referenceAuc(r.samples(), untrained.samples());
                assertTrue(refAuc.value() > 0.8, "relative to a model that never saw anyone, the forget people stand out: " + refAuc);
            }
        }
    }
}

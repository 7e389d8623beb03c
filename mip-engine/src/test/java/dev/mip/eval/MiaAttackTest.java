package dev.mip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each attack's score against values worked out by hand, and the metric names the gate sees. */
class MiaAttackTest {
    private static MiaAttack.Sample sample(double[] lp, String answer) {
        double[] zeros = new double[lp.length];
        double[] ones = new double[lp.length];
        Arrays.fill(ones, 1.0);
        return new MiaAttack.Sample(lp, zeros, ones, answer, 0.75);
    }

    @Test
    void scoresAreTheDocumentedFormulas() {
        double[] lp = {-1, -2, -3, -0.5, -4, -0.25, -2.5, -1.5, -3.5, -0.75}; // mean -1.9, two lowest -4 and -3.5
        MiaAttack.Sample s = sample(lp, "carpenter");
        assertEquals(-1.9, MiaAttack.LOSS.score(s), 1e-12);
        assertEquals(-3.75, MiaAttack.MIN_K.score(s), 1e-12); // floor(0.2 * 10) = 2 tokens
        assertEquals(-1.9 / 17, MiaAttack.ZLIB.score(s), 1e-12); // len(zlib.compress(b"carpenter")) = 17
        assertEquals(-0.75, MiaAttack.GRAD_NORM.score(s), 0); // minus the norm: flatter = more member-like
        assertEquals(-1.9, MiaAttack.REFERENCE.score(s), 1e-12); // the caller subtracts the reference's
        // Min-K%++ with mu = 0, var = 1 is Min-K% itself
        assertEquals(-3.75, MiaAttack.MIN_K_PLUS_PLUS.score(s), 1e-12);
    }

    @Test
    void minKPlusPlusNormalisesByTheModelsOwnDistributionAndFloorsTheVariance() {
        // token 1: (-1 - (-2)) / sqrt(4) = 0.5; token 2: (-3 - (-2)) / sqrt(max(1e-8, 1e-6)) = -1000
        // n = 2: floor(0.4) = 0 -> the single lowest
        MiaAttack.Sample s = new MiaAttack.Sample(new double[] {-1, -3}, new double[] {-2, -2}, new double[] {4, 1e-8}, "x", 0);
        assertEquals(-1000, MiaAttack.MIN_K_PLUS_PLUS.score(s), 1e-9);
        assertEquals(List.of(0.5, -1000.0), Arrays.stream(MiaAttack.normalised(s)).boxed().toList());
    }

    @Test
    void zlibLengthsArePythonsZlibCompress() {
        // python3 -c "import zlib; print(len(zlib.compress(t.encode('utf-8'))))"
        Map<String, Integer> python = Map.of("carpenter", 17, "Frostpeak Labs", 22, "1965", 12, "Eastbrook College", 25, "", 8,
                "The person's job is carpenter and the person works for Frostpeak Labs", 68);
        python.forEach((text, len) -> assertEquals(len, MiaAttack.zlibBytes(text), text));
    }

    @Test
    void namesFollowTheMetricGrammar() {
        for (MiaAttack a : MiaAttack.values()) {
            assertEquals(a, MiaAttack.of(a.id()));
            assertEquals(true, MetricNames.isValid(a.metric()), a.metric());
            if (a != MiaAttack.REFERENCE) {
                assertEquals(true, MetricNames.isValid("forget.any." + a.privleakTaskMetric()), a.privleakTaskMetric());
            }
        }
        assertEquals("forget.any.mia.auc", MiaAttack.LOSS.metric());
        assertEquals("forget.any.mia.minkAuc", MiaAttack.MIN_K.metric());
        assertEquals("forget.any.mia.minkPlusAuc", MiaAttack.MIN_K_PLUS_PLUS.metric());
        assertEquals("min-k-plus-plus", MiaAttack.MIN_K_PLUS_PLUS.id());
        assertThrows(IllegalArgumentException.class, () -> MiaAttack.of("recall"));
    }

    @Test
    void theReferenceAttackSubtractsTheReferencesLogProbabilities() {
        Map<String, double[]> model = Map.of(MembershipInference.MEMBER_MEANS, new double[] {-1, -1.5},
                MembershipInference.NON_MEMBER_MEANS, new double[] {-2, -1});
        Map<String, double[]> ref = Map.of(MembershipInference.MEMBER_MEANS, new double[] {-3, -2},
                MembershipInference.NON_MEMBER_MEANS, new double[] {-2, -0.5});
        // differences: members {2, 0.5}, non-members {0, -0.5}: every member above every non-member
        Metric m = MembershipInference.referenceAuc(model, ref);
        assertEquals("forget.any.mia.referenceAuc", m.name());
        assertEquals(1.0, m.value(), 0);
        assertEquals(4, m.count());
        // a model compared with itself: every difference 0, all ties
        assertEquals(0.5, MembershipInference.referenceAuc(model, model).value(), 0);
        // the raw loss AUC of the same samples is 0.625: the reference explains the rest away
        assertEquals(0.625, RocAuc.auc(new double[] {-1, -1.5}, new double[] {-2, -1}), 0);
        assertEquals(null, MembershipInference.referenceAuc(model, Map.of()));
    }
}

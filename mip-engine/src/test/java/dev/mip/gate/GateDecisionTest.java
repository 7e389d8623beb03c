package dev.mip.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.eval.Metric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decisions with confidence (PASS / FAIL / INCONCLUSIVE and its policy), two-sided rules and the minimum count. */
class GateDecisionTest {
    private static final String F = "forget.image.mcq.accuracy";
    private static final GatePolicy CONFIDENT = new GatePolicy(OnMissing.ERROR, Decision.CONFIDENCE, InconclusivePolicy.FAIL, 1);

    private static Map<String, Metric> one(double value, double lo, double hi, int n) {
        return Map.of(F, new Metric(F, value, n, 0.25, lo, hi));
    }

    private static GateCheck check(GateRule rule, GatePolicy policy, Map<String, Metric> u, Map<String, Metric> v,
            Map<String, Metric> r) {
        GateResult g = Gate.check(List.of(rule), policy, u, v, r);
        assertEquals(1, g.checks().size(), g.toString());
        return g.checks().get(0);
    }

    @Test
    void withConfidenceTheIntervalDecidesPassFailOrInconclusive() {
        Map<String, Metric> m = one(0.30, 0.20, 0.40, 50);
        GateCheck pass = check(GateRule.of(F).withMax(0.45), CONFIDENT, m, null, null);
        assertEquals(Verdict.PASS, pass.verdict());
        assertEquals(F + " is 0.300, within max 0.450, with confidence (95% CI 0.200..0.400)", pass.message());
        GateCheck fail = check(GateRule.of(F).withMax(0.15), CONFIDENT, m, null, null);
        assertEquals(Verdict.FAIL, fail.verdict());
        assertTrue(fail.blocking());
        assertTrue(fail.message().endsWith("95% CI 0.200..0.400 lies wholly above it"), fail.message());
        GateCheck unsure = check(GateRule.of(F).withMax(0.35), CONFIDENT, m, null, null);
        assertEquals(Verdict.INCONCLUSIVE, unsure.verdict());
        assertTrue(unsure.blocking(), "inconclusive = fail (the default) stops the build");
        assertEquals(F + " is 0.300 (95% CI 0.200..0.400), which straddles max 0.350: inconclusive on 50 questions "
                + "(more questions narrow the interval)", unsure.message());
        GateResult failing = Gate.check(List.of(GateRule.of(F).withMax(0.35)), CONFIDENT, m, null, null);
        assertFalse(failing.passes());
        assertEquals("gate FAILED: 0 of 1 check passed, 1 inconclusive", failing.summary());
    }

    @Test
    void theInconclusivePolicyDecidesWhetherTheBuildGoesOn() {
        Map<String, Metric> m = one(0.30, 0.20, 0.40, 50);
        GateResult warned = Gate.check(List.of(GateRule.of(F).withMax(0.35).withInconclusive(InconclusivePolicy.WARN)), CONFIDENT,
                m, null, null);
        assertEquals(Verdict.INCONCLUSIVE, warned.overall());
        assertFalse(warned.checks().get(0).blocking());
        assertTrue(warned.passes());
        assertEquals("gate PASSED: 0 of 1 check passed, 1 inconclusive (allowed: inconclusive = warn)", warned.summary());
        GatePolicy warnAll = new GatePolicy(OnMissing.ERROR, Decision.CONFIDENCE, InconclusivePolicy.WARN, 1);
        assertTrue(Gate.check(List.of(GateRule.of(F).withMax(0.35)), warnAll, m, null, null).passes(), "the gate-wide policy");
        assertFalse(Gate.check(List.of(GateRule.of(F).withMax(0.35).withInconclusive(InconclusivePolicy.FAIL)), warnAll, m, null,
                null).passes(), "a rule's own policy wins");
    }

    @Test
    void pointDecisionsIgnoreTheIntervalAsBefore() {
        Map<String, Metric> m = one(0.30, 0.20, 0.40, 50);
        GatePolicy point = GatePolicy.of(OnMissing.ERROR);
        assertEquals(Verdict.PASS, check(GateRule.of(F).withMax(0.35), point, m, null, null).verdict());
        assertEquals(Verdict.INCONCLUSIVE, check(GateRule.of(F).withMax(0.35).withDecide(Decision.CONFIDENCE), point, m, null, null)
                .verdict(), "a rule can ask for confidence under a point gate");
        Map<String, Metric> noInterval = Map.of(F, new Metric(F, 0.30, 50, 0.25));
        assertEquals(Verdict.PASS, check(GateRule.of(F).withMax(0.35), CONFIDENT, noInterval, null, null).verdict(),
                "a metric without an interval is decided on its value");
    }

    @Test
    void dropsTransformTheIntervalFromTheBaselinesPointValue() {
        String r = "retain.text.mcq.accuracy";
        Map<String, Metric> v = Map.of(r, new Metric(r, 1.0, 100, 0.25));
        GateRule rule = GateRule.of(r).withMaxRelativeDropFromBaseline(0.05);
        assertEquals(Verdict.PASS, check(rule, CONFIDENT, Map.of(r, new Metric(r, 0.99, 100, 0.25, 0.96, 1.0)), v, null).verdict());
        assertEquals(Verdict.INCONCLUSIVE, check(rule, CONFIDENT, Map.of(r, new Metric(r, 0.97, 100, 0.25, 0.91, 0.99)), v, null)
                .verdict());
        assertEquals(Verdict.FAIL, check(rule, CONFIDENT, Map.of(r, new Metric(r, 0.85, 100, 0.25, 0.77, 0.91)), v, null).verdict());
    }

    @Test
    void twoSidedRulesBoundTheDistanceToChanceToTheReferenceOrToANumber() {
        GateRule nearChance = GateRule.of(F).withWithin(0.10, GateTarget.parse("chance"));
        GateCheck c = check(nearChance, GatePolicy.of(OnMissing.ERROR), one(0.30, 0.2, 0.4, 50), null, null);
        assertEquals(Verdict.PASS, c.verdict());
        assertEquals(F + " is 0.300, 0.050 from chance 0.250, within 0.100", c.message());
        GateCheck below = check(nearChance, GatePolicy.of(OnMissing.ERROR), one(0.05, 0.01, 0.15, 50), null, null);
        assertEquals(Verdict.FAIL, below.verdict(), "far below chance leaks the answer too");
        assertEquals(F + " is 0.050, 0.200 below chance 0.250, but expected within 0.100", below.message());
        assertEquals(Verdict.INCONCLUSIVE, check(nearChance, CONFIDENT, one(0.30, 0.2, 0.4, 50), null, null).verdict());
        assertEquals(Verdict.PASS, check(GateRule.of(F).withWithin(0.20, GateTarget.parse("chance")), CONFIDENT,
                one(0.30, 0.2, 0.4, 50), null, null).verdict());

        String mia = "forget.any.mia.auc";
        GateRule twoSidedMia = GateRule.of(mia).withWithin(0.25, GateTarget.parse("0.5"));
        GateCheck leak = check(twoSidedMia, GatePolicy.of(OnMissing.ERROR), Map.of(mia, new Metric(mia, 0.183, 60, 0.5)), null, null);
        assertEquals(Verdict.FAIL, leak.verdict(), "an AUC of 0.183 tells forgotten from unseen as well as 0.817 does");
        assertEquals(mia + " is 0.183, 0.317 below 0.500, but expected within 0.250", leak.message());

        GateRule nearReference = GateRule.of(F).withWithin(0.05, GateTarget.parse("reference"));
        Map<String, Metric> ref = Map.of(F, new Metric(F, 0.32, 50, 0.25));
        GateCheck close = check(nearReference, GatePolicy.of(OnMissing.ERROR), one(0.30, 0.2, 0.4, 50), null, ref);
        assertEquals(Verdict.PASS, close.verdict());
        assertEquals(0.32, close.reference());
        assertEquals(F + " is 0.300, 0.020 from the reference 0.320, within 0.050", close.message());
        GateCheck missing = check(nearReference, GatePolicy.of(OnMissing.ERROR), one(0.30, 0.2, 0.4, 50), null, null);
        assertEquals(Verdict.ERROR, missing.verdict());
        assertTrue(missing.message().contains("set model.reference to a retain-only model"), missing.message());
    }

    @Test
    void tooFewQuestionsIsAnErrorNeverAPass() {
        GatePolicy atLeast20 = new GatePolicy(OnMissing.WARN, Decision.POINT, InconclusivePolicy.FAIL, 20);
        GateCheck c = check(GateRule.of(F).withMax(0.9), atLeast20, one(0.30, 0.2, 0.4, 12), null, null);
        assertEquals(Verdict.ERROR, c.verdict(), "even under onMissing warn");
        assertTrue(c.blocking());
        assertTrue(c.message().startsWith(F + " rests on 12 questions, fewer than minCount 20: too few to decide"), c.message());
        assertEquals(Verdict.PASS, check(GateRule.of(F).withMax(0.9).withMinCount(10), atLeast20, one(0.30, 0.2, 0.4, 12), null, null)
                .verdict(), "a rule's own minimum wins");
    }

    @Test
    void aTwoSidedRuleNeedsBothWithinAndOf() {
        assertTrue(GateRule.of(F).withWithin(0.1, null).problems().stream().anyMatch(p -> p.contains("within has no 'of'")));
        assertTrue(GateRule.of(F).withWithin(null, GateTarget.parse("chance")).problems().stream()
                .anyMatch(p -> p.contains("of is set but within is not")));
        assertTrue(GateRule.of(F).withWithin(-0.1, GateTarget.parse("chance")).problems().stream()
                .anyMatch(p -> p.contains("must not be negative")));
        assertEquals(null, GateTarget.parse("nearby"));
        assertEquals("reference", GateTarget.parse(" Reference ").id());
    }
}

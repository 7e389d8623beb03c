package dev.mip.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.eval.Metric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateTest {

    /** @return metrics from name/value pairs, 100 questions each, chance 0.25 */
    private static Map<String, Metric> metrics(Object... nameValue) {
        Map<String, Metric> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            String name = (String) nameValue[i];
            m.put(name, new Metric(name, ((Number) nameValue[i + 1]).doubleValue(), 100, 0.25));
        }
        return m;
    }

    private static GateCheck only(GateRule rule, Map<String, Metric> unlearned, Map<String, Metric> vanilla) {
        GateResult r = Gate.check(List.of(rule), OnMissing.ERROR, unlearned, vanilla);
        assertEquals(1, r.checks().size(), r.checks().toString());
        return r.checks().get(0);
    }

    private static Verdict verdict(GateRule rule, double value, Double vanilla) {
        String n = "forget.image.mcq.accuracy";
        return only(rule, metrics(n, value), vanilla == null ? Map.of() : metrics(n, vanilla)).verdict();
    }

    @Test
    void valueBoundsAreInclusive() {
        GateRule rule = GateRule.of("forget.*.mcq.accuracy").withMin(0.15).withMax(0.35);
        assertEquals(Verdict.PASS, verdict(rule, 0.15, null));
        assertEquals(Verdict.PASS, verdict(rule, 0.35, null));
        assertEquals(Verdict.FAIL, verdict(rule, 0.1499, null));
        assertEquals(Verdict.FAIL, verdict(rule, 0.3501, null));
    }

    @Test
    void dropBoundsAreInclusiveDespiteRounding() {
        // 0.99 - 0.59 is not exactly 0.4 in binary floating point
        assertEquals(Verdict.PASS, verdict(GateRule.of("forget.*.mcq.accuracy").withMinDropFromBaseline(0.40), 0.59, 0.99));
        assertEquals(Verdict.FAIL, verdict(GateRule.of("forget.*.mcq.accuracy").withMinDropFromBaseline(0.40), 0.591, 0.99));
        assertEquals(Verdict.PASS, verdict(GateRule.of("forget.*.mcq.accuracy").withMaxDropFromBaseline(0.10), 0.89, 0.99));
        assertEquals(Verdict.FAIL, verdict(GateRule.of("forget.*.mcq.accuracy").withMaxDropFromBaseline(0.10), 0.889, 0.99));
    }

    @Test
    void relativeDropBoundsAreInclusive() {
        GateRule max = GateRule.of("forget.*.mcq.accuracy").withMaxRelativeDropFromBaseline(0.05);
        assertEquals(Verdict.PASS, verdict(max, 0.76, 0.8));
        assertEquals(Verdict.FAIL, verdict(max, 0.7599, 0.8));
        assertEquals(Verdict.PASS, verdict(max, 0.9, 0.8), "a rise is a negative drop");
        GateRule min = GateRule.of("forget.*.mcq.accuracy").withMinRelativeDropFromBaseline(0.5);
        assertEquals(Verdict.PASS, verdict(min, 0.4, 0.8));
        assertEquals(Verdict.FAIL, verdict(min, 0.41, 0.8));
    }

    @Test
    void minimumMessageNamesValueBoundAndVanilla() {
        GateCheck c = only(GateRule.of("retain.*.mcq.accuracy").withMin(0.75), metrics("retain.image.mcq.accuracy", 0.712),
                metrics("retain.image.mcq.accuracy", 0.781));
        assertEquals(Verdict.FAIL, c.verdict());
        assertEquals("retain.image.mcq.accuracy is 0.712, but expected minimum is 0.750 (vanilla 0.781)", c.message());
        assertEquals(0.781, c.vanilla());
        assertEquals(100, c.count());
    }

    @Test
    void dropAndRelativeDropMessages() {
        GateCheck drop = only(GateRule.of("forget.text.mcq.accuracy").withMinDropFromBaseline(0.40),
                metrics("forget.text.mcq.accuracy", 0.78), metrics("forget.text.mcq.accuracy", 0.99));
        assertEquals("forget.text.mcq.accuracy dropped by 0.210 from vanilla 0.990 (now 0.780), but expected a drop of at least 0.400",
                drop.message());
        GateCheck rel = only(GateRule.of("retain.*.mcq.accuracy").withMaxRelativeDropFromBaseline(0.05),
                metrics("retain.text.mcq.accuracy", 0.918), metrics("retain.text.mcq.accuracy", 0.99));
        assertEquals("retain.text.mcq.accuracy dropped by 7.3% from vanilla 0.990 (now 0.918), but expected at most 5.0%",
                rel.message());
        GateCheck rose = only(GateRule.of("forget.text.mcq.accuracy").withMinDropFromBaseline(0.40),
                metrics("forget.text.mcq.accuracy", 0.95), metrics("forget.text.mcq.accuracy", 0.9));
        assertEquals("forget.text.mcq.accuracy rose by 0.050 from vanilla 0.900 (now 0.950), but expected a drop of at least 0.400",
                rose.message());
    }

    @Test
    void passMessagesDescribeTheBoundsThatHold() {
        GateRule rule = GateRule.of("forget.*.mcq.accuracy").withMin(0.15).withMax(0.35).withMinDropFromBaseline(0.4);
        GateCheck c = only(rule, metrics("forget.image.mcq.accuracy", 0.25), metrics("forget.image.mcq.accuracy", 0.99));
        assertEquals(Verdict.PASS, c.verdict());
        assertEquals("forget.image.mcq.accuracy is 0.250, within min 0.150 and max 0.350; dropped by 0.740 from vanilla 0.990 "
                + "(now 0.250), within a drop of at least 0.400", c.message());
    }

    @Test
    void everyViolatedBoundIsListedButNotTheOnesThatHold() {
        GateRule rule = GateRule.of("forget.*.mcq.accuracy").withMin(0.15).withMax(0.35).withMinDropFromBaseline(0.4)
                .withMaxRelativeDropFromBaseline(1.0);
        GateCheck c = only(rule, metrics("forget.image.mcq.accuracy", 0.7), metrics("forget.image.mcq.accuracy", 0.99));
        assertEquals("forget.image.mcq.accuracy is 0.700, but expected maximum is 0.350 (vanilla 0.990); dropped by 0.290 "
                + "from vanilla 0.990 (now 0.700), but expected a drop of at least 0.400", c.message());
    }

    @Test
    void valueNextToAnEqualLookingBoundGetsMoreDecimals() {
        GateCheck drop = only(GateRule.of("forget.*.mcq.accuracy").withMinDropFromBaseline(0.40),
                metrics("forget.image.mcq.accuracy", 0.5904), metrics("forget.image.mcq.accuracy", 0.99));
        assertEquals(Verdict.FAIL, drop.verdict());
        assertTrue(drop.message().contains("dropped by 0.3996 from"), drop.message());
        GateCheck min = only(GateRule.of("retain.*.mcq.accuracy").withMin(0.75), metrics("retain.text.mcq.accuracy", 0.74996),
                Map.of());
        assertEquals("retain.text.mcq.accuracy is 0.74996, but expected minimum is 0.750", min.message());
        assertFalse(drop.message().contains("by 0.400 "), drop.message());
    }

    @Test
    void globsExpandToSortedMetricsInRuleOrder() {
        Map<String, Metric> m = metrics("retain.text.mcq.accuracy", 0.9, "forget.text.mcq.accuracy", 0.3,
                "forget.image.mcq.accuracy", 0.2, "forget.image.cloze.accuracy", 0.9, "retain.image.mcq.accuracy", 0.9);
        GateResult r = Gate.check(List.of(GateRule.of("retain.*.mcq.accuracy").withMin(0.5),
                GateRule.of("forget.*.mcq.accuracy").withMax(0.35)), null, m, Map.of());
        assertEquals(List.of("retain.image.mcq.accuracy", "retain.text.mcq.accuracy", "forget.image.mcq.accuracy",
                "forget.text.mcq.accuracy"), r.checks().stream().map(GateCheck::metric).toList());
        assertEquals("retain.*.mcq.accuracy", r.checks().get(0).rule().metric());
        assertEquals(Verdict.PASS, r.overall());
        assertEquals("gate PASSED: 4 of 4 checks passed", r.summary());
    }

    @Test
    void unmatchedGlobFollowsOnMissing() {
        List<GateRule> rules = List.of(GateRule.of("world.*.mcq.accuracy").withMin(0.8));
        Map<String, Metric> m = metrics("forget.image.mcq.accuracy", 0.2);
        GateResult error = Gate.check(rules, OnMissing.ERROR, m, Map.of());
        assertEquals(Verdict.ERROR, error.overall());
        assertFalse(error.passes());
        GateCheck c = error.checks().get(0);
        assertEquals("world.*.mcq.accuracy", c.metric());
        assertTrue(Double.isNaN(c.value()));
        assertEquals("world.*.mcq.accuracy matches none of the 1 measured metrics, so the rule could not be evaluated", c.message());
        assertEquals("gate FAILED: 1 of 1 check could not be evaluated", error.summary());
        GateResult warn = Gate.check(rules, OnMissing.WARN, m, Map.of());
        assertEquals(Verdict.WARN, warn.overall());
        assertTrue(warn.passes());
        GateResult ignore = Gate.check(rules, OnMissing.IGNORE, m, Map.of());
        assertTrue(ignore.checks().isEmpty());
        assertEquals(Verdict.PASS, ignore.overall());
    }

    @Test
    void emptySliceAndNotANumberCannotBeEvaluated() {
        Map<String, Metric> m = Map.of("forget.image.mcq.accuracy", new Metric("forget.image.mcq.accuracy", 0, 0, 0.25),
                "forget.text.mcq.accuracy", new Metric("forget.text.mcq.accuracy", Double.NaN, 10, 0.25));
        List<GateRule> rules = List.of(GateRule.of("forget.*.mcq.accuracy").withMax(0.35));
        GateResult r = Gate.check(rules, OnMissing.ERROR, m, Map.of());
        assertEquals(List.of(Verdict.ERROR, Verdict.ERROR), r.checks().stream().map(GateCheck::verdict).toList());
        assertEquals("forget.image.mcq.accuracy was computed over 0 questions (empty slice), so it could not be evaluated",
                r.checks().get(0).message());
        assertEquals("forget.text.mcq.accuracy is not a number, so it could not be evaluated", r.checks().get(1).message());
        assertEquals(Verdict.WARN, Gate.check(rules, OnMissing.WARN, m, Map.of()).overall());
        assertTrue(Gate.check(rules, OnMissing.IGNORE, m, Map.of()).checks().isEmpty());
    }

    @Test
    void relativeBoundsWithoutVanillaFollowOnMissing() {
        GateRule rule = GateRule.of("forget.*.mcq.accuracy").withMax(0.35).withMinDropFromBaseline(0.4);
        Map<String, Metric> m = metrics("forget.image.mcq.accuracy", 0.2);
        GateCheck error = Gate.check(List.of(rule), OnMissing.ERROR, m, null).checks().get(0);
        assertEquals(Verdict.ERROR, error.verdict());
        assertNull(error.vanilla());
        assertEquals("forget.image.mcq.accuracy has no vanilla value, so the drop from vanilla could not be evaluated",
                error.message());
        Map<String, Metric> emptyVanilla = Map.of("forget.image.mcq.accuracy", new Metric("forget.image.mcq.accuracy", 0, 0, 0.25));
        assertEquals(Verdict.WARN, Gate.check(List.of(rule), OnMissing.WARN, m, emptyVanilla).overall());
        GateCheck ignored = Gate.check(List.of(rule), OnMissing.IGNORE, m, Map.of()).checks().get(0);
        assertEquals(Verdict.PASS, ignored.verdict(), "the value bound is still checked");
        assertEquals("forget.image.mcq.accuracy is 0.200, within max 0.350", ignored.message());
        GateRule onlyRelative = GateRule.of("forget.*.mcq.accuracy").withMinDropFromBaseline(0.4);
        assertTrue(Gate.check(List.of(onlyRelative), OnMissing.IGNORE, m, Map.of()).checks().isEmpty());
    }

    @Test
    void zeroVanillaUnderRelativeBoundIsAlwaysAnError() {
        GateRule rule = GateRule.of("forget.*.mcq.accuracy").withMaxRelativeDropFromBaseline(0.05).withSeverity(Severity.WARN);
        GateResult r = Gate.check(List.of(rule), OnMissing.IGNORE, metrics("forget.image.mcq.accuracy", 0.2),
                metrics("forget.image.mcq.accuracy", 0.0));
        assertEquals(Verdict.ERROR, r.overall());
        assertEquals("forget.image.mcq.accuracy has vanilla value 0, so the relative drop from vanilla is undefined",
                r.checks().get(0).message());
        GateRule absolute = GateRule.of("forget.*.mcq.accuracy").withMaxDropFromBaseline(0.05);
        assertEquals(Verdict.PASS, verdict(absolute, 0.2, 0.0), "an absolute drop from 0 is well defined");
    }

    @Test
    void warnSeverityTurnsFailuresIntoWarnings() {
        GateRule rule = GateRule.of("world.*.mcq.accuracy").withMin(0.8).withSeverity(Severity.WARN);
        GateResult r = Gate.check(List.of(rule), OnMissing.ERROR, metrics("world.text.mcq.accuracy", 0.7, "world.image.mcq.accuracy",
                0.9), Map.of());
        assertEquals(List.of(Verdict.PASS, Verdict.WARN), r.checks().stream().map(GateCheck::verdict).toList());
        assertEquals(Verdict.WARN, r.overall());
        assertTrue(r.passes());
        assertEquals(List.of("world.text.mcq.accuracy"), r.violations().stream().map(GateCheck::metric).toList());
        assertEquals("gate PASSED: 1 of 2 checks passed, 1 warning", r.summary());
    }

    @Test
    void overallIsTheWorstAndSummaryCountsEveryKind() {
        Map<String, Metric> m = metrics("forget.image.mcq.accuracy", 0.9, "forget.text.mcq.accuracy", 0.8,
                "retain.text.mcq.accuracy", 0.9, "world.text.mcq.accuracy", 0.1);
        GateResult r = Gate.check(List.of(GateRule.of("forget.*.mcq.accuracy").withMax(0.35),
                GateRule.of("retain.*.mcq.accuracy").withMaxDropFromBaseline(0.05),
                GateRule.of("world.*.mcq.accuracy").withMin(0.5).withSeverity(Severity.WARN)), null, m, Map.of());
        assertEquals(Verdict.ERROR, r.overall());
        assertEquals(List.of(Verdict.FAIL, Verdict.FAIL, Verdict.ERROR, Verdict.WARN),
                r.violations().stream().map(GateCheck::verdict).toList());
        assertEquals("gate FAILED: 2 of 4 checks failed, 1 could not be evaluated, 1 warning", r.summary());
    }

    @Test
    void rulesWithProblemsAreRefusedAllAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gate.check(
                List.of(GateRule.of("forget.*.mcq.accuracy"), GateRule.of("nowhere.*").withMin(0.1)), null, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("rule forget.*.mcq.accuracy: rule has no bound"), e.getMessage());
        assertTrue(e.getMessage().contains("rule nowhere.*: metric 'nowhere.*' matches no metric name"), e.getMessage());
    }
}

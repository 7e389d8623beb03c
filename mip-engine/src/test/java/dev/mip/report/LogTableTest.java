package dev.mip.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.gate.GateResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTableTest {

    @Test
    void tableHasEveryMetricThenViolationsThenSummary() {
        VerifyReport r = Fixtures.report();
        List<String> lines = LogTable.lines(r);
        assertEquals(1 + Fixtures.METRICS.size() + 5 + 1, lines.size());
        assertEquals("metric" + " ".repeat(24) + "    vanilla  unlearned  95% CI             n      delta  verdict", lines.get(0));
        for (String m : Fixtures.METRICS) {
            assertEquals(1, lines.subList(1, 1 + Fixtures.METRICS.size()).stream().filter(l -> l.startsWith(m + " ")).count(), m);
        }
        assertEquals("forget.text.mcq.accuracy" + " ".repeat(6) + "      0.990      0.780  [0.68, 0.83]      41     -0.210  FAIL",
                lines.get(3));
        assertTrue(lines.get(1).endsWith("  -"), "rougeL is covered by no rule: " + lines.get(1));
        int tableWidth = lines.get(0).indexOf("verdict");
        lines.subList(1, 7).forEach(l -> assertEquals(' ', l.charAt(tableWidth - 1), l));
        assertTrue(lines.contains("WARN  world.text.mcq.accuracy is 0.850, but expected minimum is 0.900 (vanilla 0.860)"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ERROR holdout.*.mcq.accuracy matches none")));
        assertEquals("gate FAILED: 3 of 6 checks failed, 1 could not be evaluated, 1 warning", lines.get(lines.size() - 1));
    }

    @Test
    void printedOnSuccessToo() {
        VerifyReport r = Fixtures.report();
        VerifyReport ok = new VerifyReport(r.model(), r.method(), r.forgetSplit(), r.retainSplit(), r.seed(), r.unlearned(),
                r.vanilla(), r.reference(), GateResult.of(List.of()), r.activationShift(), r.inputs(), null);
        List<String> lines = LogTable.lines(ok);
        assertEquals(1 + Fixtures.METRICS.size() + 1, lines.size());
        assertTrue(lines.get(2).startsWith("forget.image.mcq.accuracy") && lines.get(2).contains("-0.740"), lines.get(2));
        assertEquals("gate PASSED: no checks", lines.get(lines.size() - 1));
    }
}

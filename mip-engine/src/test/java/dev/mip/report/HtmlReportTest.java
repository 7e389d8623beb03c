package dev.mip.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.eval.Metric;
import dev.mip.gate.Gate;
import dev.mip.gate.GateRule;
import dev.mip.gate.OnMissing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    private String html(VerifyReport r) throws Exception {
        Path f = dir.resolve("verify.html");
        HtmlReport.write(r, f);
        return Files.readString(f);
    }

    private static int occurrences(String s, String part) {
        return s.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void selfContainedWithVerdictTablesAndCharts() throws Exception {
        String h = html(Fixtures.report());
        String lower = h.toLowerCase(Locale.ROOT);
        for (String external : List.of("http", "<link", "src=", "@import", "url(", "<script")) {
            assertFalse(lower.contains(external), external);
        }
        assertTrue(h.contains("class=\"banner v-ERROR\""));
        assertTrue(h.contains("Gate failed"), "the verdict is spelled out, not only coloured");
        assertTrue(h.contains(Fixtures.report().gate().summary()));
        for (String m : Fixtures.METRICS) {
            String[] p = m.split("\\.", 3);
            assertTrue(h.contains("<tr><td>" + p[0] + "</td><td>" + p[1] + "</td><td>" + p[2] + "</td>"), m);
        }
        assertEquals(2, occurrences(h, "<svg "), "bar chart and heatmap");
        assertEquals(5, occurrences(h, "stroke-dasharray=\"6 4\"><title>chance"), "a chance line per mcq group");
        assertEquals(32, occurrences(h, "<title>text layer "), "one heatmap cell per layer");
        assertEquals(24, occurrences(h, "<title>vision layer "), "one heatmap cell per layer");
        assertTrue(h.contains("<td class=\"num\">-0.210</td>"), "delta of forget.text");
        assertTrue(h.endsWith("</html>\n"));
    }

    @Test
    void escapesMarkupInModelAndMetricNames() throws Exception {
        String evil = "forget.<script>alert(1)</script>.mcq.accuracy";
        Map<String, Metric> u = Map.of(evil, new Metric(evil, 0.5, 10, 0.25));
        VerifyReport r = new VerifyReport("<script>alert('m')</script>", "mip", "f", "r", 1, u, Map.of(), Map.of(),
                Gate.check(List.of(GateRule.of("forget.*.mcq.accuracy").withMax(0.35)), OnMissing.ERROR, u, Map.of()),
                Map.of(), Map.of(), null);
        String h = html(r);
        assertFalse(h.toLowerCase(Locale.ROOT).contains("<script"));
        assertTrue(h.contains("&lt;script&gt;alert(&#39;m&#39;)&lt;/script&gt;"));
        assertTrue(h.contains("forget.&lt;script&gt;alert(1)&lt;/script&gt;.mcq.accuracy"));
        assertTrue(h.contains(">forget / &lt;script&gt;alert(1)&lt;/script&gt;</text>"), "bar chart label");
        assertEquals(1, occurrences(h, "<svg "), "bar chart only: no activation shift");
    }

    @Test
    void theAuditTableGivesBackOnlyWhereTheAttackAsksTheSameQuestions() throws Exception {
        String plain = "forget.image.mcq.accuracy";
        Map<String, Metric> u = Map.of(plain, new Metric(plain, 0.25, 55, 0.25),
                plain + "@nf4", new Metric(plain + "@nf4", 0.30, 55, 0.25),
                plain + "@relearn", new Metric(plain + "@relearn", 1.0, 27, 0.25));
        VerifyReport r = new VerifyReport("m", "mip", "f", "r", 1, u, Map.of(), Map.of(),
                Gate.check(List.of(GateRule.of("forget.*.mcq.accuracy").withMax(0.35)), OnMissing.ERROR, u, Map.of()),
                Map.of(), Map.of(), null);
        String h = html(r);
        int nf4 = h.indexOf("<tr><td>nf4</td>");
        int relearn = h.indexOf("<tr><td>relearn</td>");
        assertTrue(nf4 > 0 && relearn > 0, "both attacks listed");
        String nf4Row = h.substring(nf4, h.indexOf("</tr>", nf4));
        String relearnRow = h.substring(relearn, h.indexOf("</tr>", relearn));
        assertTrue(nf4Row.contains("<td class=\"num\">+0.050</td>"), "nf4 gives back 0.05 on the same questions: " + nf4Row);
        assertFalse(relearnRow.contains("+0.750"), "relearn's held-out subset is not compared with all forget questions: " + relearnRow);
    }

    @Test
    void deterministicAndWithoutChartsWhenThereIsNothingToPlot() throws Exception {
        Path a = dir.resolve("a.html");
        Path b = dir.resolve("b.html");
        HtmlReport.write(Fixtures.report(), a);
        HtmlReport.write(Fixtures.report(), b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        VerifyReport r = Fixtures.report();
        VerifyReport noShift = new VerifyReport(r.model(), r.method(), r.forgetSplit(), r.retainSplit(), r.seed(), r.unlearned(),
                r.vanilla(), r.reference(), r.gate(), Map.of(), r.inputs(), null);
        assertEquals(1, occurrences(html(noShift), "<svg "));
    }
}

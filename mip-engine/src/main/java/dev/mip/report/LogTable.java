package dev.mip.report;

import dev.mip.gate.GateCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The summary for the build log, printed on success too: a fixed-width table of every metric
 * (vanilla, the reference model when there is one, unlearned, its 95% interval and number of
 * questions, delta to vanilla, worst verdict of its checks, {@code -} when no rule covers it), then
 * one line per check that did not pass, then the gate's summary line.
 */
public final class LogTable {
    private LogTable() {}

    /**
     * @param report the report
     * @return the lines, without line breaks
     */
    public static List<String> lines(VerifyReport report) {
        List<MetricRow> rows = MetricRow.of(report);
        boolean ref = !report.reference().isEmpty();
        int width = rows.stream().mapToInt(r -> r.name().length()).max().orElse(0);
        String format = "%-" + Math.max(width, "metric".length()) + "s  %9s" + (ref ? "  %9s" : "%s") + "  %9s  %-14s %5s  %9s  %s";
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, format, "metric", "vanilla", ref ? "reference" : "", "unlearned", "95% CI", "n", "delta",
                "verdict").stripTrailing());
        for (MetricRow r : rows) {
            out.add(String.format(Locale.ROOT, format, r.name(), ReportText.fixed(r.vanillaValue()),
                    ref ? ReportText.fixed(r.referenceValue()) : "", ReportText.fixed(r.value()), ReportText.interval(r.lo(), r.hi()),
                    r.count() == 0 ? "-" : Integer.toString(r.count()), ReportText.signed(r.delta()),
                    ReportText.verdict(r.verdict())).stripTrailing());
        }
        for (GateCheck c : report.gate().violations()) {
            out.add(String.format(Locale.ROOT, "%-5s %s", c.verdict().name() + (c.verdict() == dev.mip.gate.Verdict.INCONCLUSIVE
                    ? (c.blocking() ? " (fails the build)" : " (warn only)") : ""), c.message()));
        }
        out.add(report.gate().summary());
        return out;
    }
}

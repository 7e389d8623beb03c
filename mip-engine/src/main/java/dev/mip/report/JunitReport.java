package dev.mip.report;

import static dev.mip.report.ReportText.escape;

import dev.mip.gate.GateCheck;
import dev.mip.gate.GateResult;
import dev.mip.gate.Verdict;
import dev.mip.io.AtomicFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report for CI servers: JUnit XML, one {@code testsuite name="mip-verify"} with one
 * {@code testcase} per gate check (class name: the rule's metric glob; name: the metric). A failed
 * check is a {@code <failure>}, one that could not be evaluated an {@code <error>}; an inconclusive
 * one a {@code <failure type="INCONCLUSIVE">} when it fails the build and a {@code <skipped>} when
 * its policy is warn (CI servers show it apart from passes); a warning passes as a test. Every test case carries its message, prefixed with its verdict, in
 * {@code <system-out>}. Deterministic: no times, and the timestamp only when the report has one.
 */
public final class JunitReport {
    private JunitReport() {}

    /**
     * Writes the report atomically.
     *
     * @param report the report
     * @param file the XML file
     */
    public static void write(VerifyReport report, Path file) {
        AtomicFiles.writeString(file, toXml(report));
    }

    static String toXml(VerifyReport report) {
        GateResult gate = report.gate();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuite name=\"mip-verify\" tests=\"").append(gate.checks().size())
                .append("\" failures=\"").append(gate.checks().stream().filter(c -> c.verdict() == Verdict.FAIL
                        || c.verdict() == Verdict.INCONCLUSIVE && c.blocking()).count())
                .append("\" errors=\"").append(gate.count(Verdict.ERROR)).append("\" skipped=\"")
                .append(gate.checks().stream().filter(c -> c.verdict() == Verdict.INCONCLUSIVE && !c.blocking()).count()).append('"');
        if (report.timestamp() != null) {
            x.append(" timestamp=\"").append(escape(report.timestamp())).append('"');
        }
        x.append(">\n  <properties>\n");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("model", report.model());
        props.put("method", report.method());
        props.put("forgetSplit", report.forgetSplit());
        props.put("retainSplit", report.retainSplit());
        props.put("seed", Long.toString(report.seed()));
        props.put("verdict", gate.overall().name());
        props.put("summary", gate.summary());
        props.forEach((k, v) -> x.append("    <property name=\"").append(k).append("\" value=\"").append(escape(v)).append("\"/>\n"));
        x.append("  </properties>\n");
        for (GateCheck c : gate.checks()) {
            x.append("  <testcase classname=\"").append(escape(c.rule().metric())).append("\" name=\"")
                    .append(escape(c.metric())).append("\">\n");
            String tag = c.verdict() == Verdict.FAIL || c.verdict() == Verdict.INCONCLUSIVE && c.blocking() ? "failure"
                    : c.verdict() == Verdict.ERROR ? "error" : null;
            if (c.verdict() == Verdict.INCONCLUSIVE && !c.blocking()) {
                x.append("    <skipped message=\"").append(escape(c.message())).append("\"/>\n");
            }
            if (tag != null) {
                x.append("    <").append(tag).append(" message=\"").append(escape(c.message())).append("\" type=\"")
                        .append(c.verdict().name()).append("\">").append(escape(c.rule().text())).append("</").append(tag).append(">\n");
            }
            x.append("    <system-out>").append(c.verdict().name()).append(": ").append(escape(c.message())).append("</system-out>\n");
            x.append("  </testcase>\n");
        }
        return x.append("  <system-out>").append(escape(gate.summary())).append("</system-out>\n</testsuite>\n").toString();
    }
}

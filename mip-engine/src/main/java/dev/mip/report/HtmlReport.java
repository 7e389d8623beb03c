package dev.mip.report;

import static dev.mip.report.ReportText.coord;
import static dev.mip.report.ReportText.escape;
import static dev.mip.report.ReportText.fixed;

import dev.mip.gate.GateCheck;
import dev.mip.gate.GateResult;
import dev.mip.gate.Severity;
import dev.mip.gate.Verdict;
import dev.mip.io.AtomicFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report for people: one self-contained HTML file (inline CSS and SVG, no scripts, fonts or
 * links to anything outside it) with the overall verdict (in words, not by colour alone), the
 * run's parameters and input fingerprints, every gate check, every metric next to the vanilla
 * model's, a bar chart of multiple-choice accuracy per split and modality with the chance level,
 * and a heatmap of the activation shift per layer and tower when it was measured. All text is
 * escaped; the same report always gives the same bytes.
 */
public final class HtmlReport {
    private static final String CSS = """
            *{box-sizing:border-box}
            body{margin:0;background:#f6f8fa;color:#1f2328;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
            main{max-width:1120px;margin:0 auto;padding:24px}
            h1{margin:0;font-size:26px}
            h2{margin:0 0 12px;font-size:18px}
            .banner{border-radius:8px;padding:18px 24px;color:#fff}
            .banner p{margin:4px 0 0;font-size:15px}
            .v-PASS{background:#1a7f37}.v-WARN{background:#9a6700}.v-INCONCLUSIVE{background:#6639ba}.v-FAIL{background:#cf222e}.v-ERROR{background:#82071e}
            section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px 20px;margin-top:16px;overflow-x:auto}
            table{border-collapse:collapse;width:100%}
            th,td{padding:5px 10px;border-bottom:1px solid #d8dee4;text-align:left;vertical-align:top}
            th{background:#f6f8fa;font-weight:600;white-space:nowrap}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            .name{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;white-space:nowrap}
            table.kv{width:auto}table.kv th{background:none;text-align:left}
            .badge{display:inline-block;min-width:52px;text-align:center;padding:0 8px;border-radius:10px;font-size:12px;font-weight:700}
            .b-PASS{background:#dafbe1;color:#116329}.b-WARN{background:#fff8c5;color:#7d4e00}
            .b-FAIL{background:#ffebe9;color:#a40e26}.b-ERROR{background:#82071e;color:#fff}.b-INCONCLUSIVE{background:#fbefff;color:#6639ba}
            .ci{color:#57606a;font-size:12px}
            tr.r-FAIL td,tr.r-ERROR td{background:#fff5f5}tr.r-WARN td{background:#fffbe6}
            details{margin-top:12px}summary{cursor:pointer;color:#57606a}
            .note{color:#57606a;margin:8px 0 0}
            svg text{fill:#1f2328}
            """;
    private static final String VANILLA_FILL = "#8c959f";
    private static final String UNLEARNED_FILL = "#0969da";
    private static final String CHANCE_STROKE = "#cf222e";

    private HtmlReport() {}

    /**
     * Writes the report atomically.
     *
     * @param report the report
     * @param file the HTML file
     */
    public static void write(VerifyReport report, Path file) {
        AtomicFiles.writeString(file, toHtml(report));
    }

    static String toHtml(VerifyReport report) {
        GateResult gate = report.gate();
        List<MetricRow> rows = MetricRow.of(report);
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>MIP verify: ")
                .append(headline(gate.overall())).append(" - ").append(escape(report.model())).append("</title>\n<style>\n")
                .append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        h.append("<header class=\"banner v-").append(gate.overall().name()).append("\">\n<h1>")
                .append(symbol(gate.overall())).append(' ').append(headline(gate.overall()))
                .append(gate.overall() == Verdict.INCONCLUSIVE ? (gate.passes() ? " (allowed)" : " (build fails)") : "").append("</h1>\n<p>")
                .append(escape(gate.summary())).append("</p>\n</header>\n");
        run(h, report);
        checks(h, gate);
        metrics(h, rows);
        audit(h, rows);
        barChart(h, rows.stream().filter(r -> r.part(2).equals("mcq.accuracy")).toList());
        heatmap(h, report.activationShift());
        return h.append("</main>\n</body>\n</html>\n").toString();
    }

    private static String headline(Verdict v) {
        return switch (v) {
            case PASS -> "Gate passed";
            case WARN -> "Gate passed with warnings";
            case INCONCLUSIVE -> "Gate inconclusive: the data cannot tell";
            case FAIL -> "Gate failed";
            case ERROR -> "Gate failed (some checks could not be evaluated)";
        };
    }

    private static String symbol(Verdict v) {
        return switch (v) {
            case PASS -> "&#10004;";
            case WARN -> "&#9888;";
            case INCONCLUSIVE -> "&#63;";
            case FAIL, ERROR -> "&#10008;";
        };
    }

    private static void run(StringBuilder h, VerifyReport r) {
        h.append("<section>\n<h2>Run</h2>\n<table class=\"kv\">\n");
        kv(h, "Model", r.model());
        kv(h, "Method", r.method());
        kv(h, "Forget split", r.forgetSplit());
        kv(h, "Retain split", r.retainSplit());
        kv(h, "Seed", Long.toString(r.seed()));
        if (r.timestamp() != null) {
            kv(h, "Time", r.timestamp());
        }
        h.append("</table>\n");
        if (!r.inputs().isEmpty()) {
            h.append("<details>\n<summary>Input fingerprints (").append(r.inputs().size()).append(")</summary>\n<table class=\"kv\">\n");
            r.inputs().forEach((k, v) -> h.append("<tr><th>").append(escape(k)).append("</th><td class=\"name\">")
                    .append(escape(v)).append("</td></tr>\n"));
            h.append("</table>\n</details>\n");
        }
        h.append("</section>\n");
    }

    private static void kv(StringBuilder h, String key, String value) {
        h.append("<tr><th>").append(key).append("</th><td>").append(escape(value)).append("</td></tr>\n");
    }

    private static void checks(StringBuilder h, GateResult gate) {
        h.append("<section>\n<h2>Gate checks</h2>\n");
        if (gate.checks().isEmpty()) {
            h.append("<p class=\"note\">No checks: the gate has no rules that apply.</p>\n</section>\n");
            return;
        }
        h.append("<table>\n<thead><tr><th>Verdict</th><th>Rule</th><th>Metric</th><th class=\"num\">Vanilla</th>")
                .append("<th class=\"num\">Reference</th><th class=\"num\">Unlearned (95% CI, n)</th><th>Message</th></tr></thead>\n<tbody>\n");
        for (GateCheck c : gate.checks()) {
            h.append("<tr class=\"r-").append(c.verdict().name()).append("\"><td>").append(badge(c.verdict()))
                    .append("</td><td><span class=\"name\">").append(escape(c.rule().metric())).append("</span><br>")
                    .append(escape(c.rule().boundText())).append(c.rule().severity() == Severity.WARN ? " (warn)" : "")
                    .append("</td><td class=\"name\">")
                    .append(escape(c.metric())).append("</td>").append(num(c.vanilla() == null ? Double.NaN : c.vanilla()))
                    .append(num(c.reference() == null ? Double.NaN : c.reference()))
                    .append(withInterval(c.value(), c.lo(), c.hi(), c.count())).append("<td>").append(escape(c.message()))
                    .append(c.verdict() == Verdict.INCONCLUSIVE ? (c.blocking() ? " <b>(fails the build)</b>" : " (warn only)") : "")
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void metrics(StringBuilder h, List<MetricRow> rows) {
        h.append("<section>\n<h2>Metrics</h2>\n<table>\n<thead><tr><th>Split</th><th>Modality</th><th>Task</th>")
                .append("<th class=\"num\">Vanilla</th><th class=\"num\">Reference</th><th class=\"num\">Unlearned (95% CI)</th>")
                .append("<th class=\"num\">Delta</th><th class=\"num\">vs reference</th>")
                .append("<th class=\"num\">Chance</th><th class=\"num\">Count</th><th>Verdict</th></tr></thead>\n<tbody>\n");
        for (MetricRow r : rows) {
            h.append("<tr><td>").append(escape(r.part(0))).append("</td><td>").append(escape(r.part(1))).append("</td><td>")
                    .append(escape(r.part(2))).append("</td>").append(num(r.vanillaValue())).append(num(r.referenceValue()))
                    .append(withInterval(r.value(), r.lo(), r.hi(), -1))
                    .append("<td class=\"num\">").append(ReportText.signed(r.delta())).append("</td>")
                    .append("<td class=\"num\">").append(ReportText.signed(r.deltaToReference())).append("</td>").append(num(r.chance()))
                    .append("<td class=\"num\">").append(r.count()).append("</td><td>")
                    .append(r.verdict() == null ? "-" : badge(r.verdict())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n<p class=\"note\">Delta is unlearned minus vanilla, vs reference unlearned minus the ")
                .append("retain-only reference model (- without one); the interval is 95% (Wilson for accuracies, bootstrap for ")
                .append("ROUGE-L and AUCs); Verdict is the worst of the gate checks on the metric (- when no rule covers it).</p>\n")
                .append("</section>\n");
    }

    /**
     * The audit side by side: each recovery attack's metrics for the vanilla, reference and
     * unlearned model with what the attack gave back to the unlearned model, then every
     * membership-inference attack's AUC.
     */
    private static void audit(StringBuilder h, List<MetricRow> rows) {
        java.util.Map<String, MetricRow> byName = new java.util.HashMap<>();
        rows.forEach(r -> byName.put(r.name(), r));
        List<MetricRow> attacked = rows.stream().filter(r -> r.name().contains("@"))
                .sorted(java.util.Comparator.comparing((MetricRow r) -> r.name().substring(r.name().indexOf('@')))
                        .thenComparing(MetricRow::name)).toList();
        List<MetricRow> mia = rows.stream().filter(r -> r.name().startsWith("forget.any.mia.") && r.name().endsWith("uc")).toList();
        if (attacked.isEmpty() && mia.isEmpty()) {
            return;
        }
        h.append("<section>\n<h2>Audit: forgotten, or only hidden?</h2>\n");
        if (!attacked.isEmpty()) {
            h.append("<table>\n<thead><tr><th>Attack</th><th>Metric</th><th class=\"num\">Vanilla</th><th class=\"num\">Reference</th>")
                    .append("<th class=\"num\">Unlearned (95% CI)</th><th class=\"num\">Unlearned, no attack</th>")
                    .append("<th class=\"num\">Given back</th><th class=\"num\">vs reference</th><th>Verdict</th></tr></thead>\n<tbody>\n");
            for (MetricRow r : attacked) {
                int at = r.name().indexOf('@');
                // Relearning asks only the facts it did not train on, a subset of the plain metric's
                // questions: the plain value is no "before" for it (the reference is its yardstick).
                boolean subset = r.name().endsWith("@relearn");
                MetricRow plain = subset ? null : byName.get(r.name().substring(0, at));
                double before = plain == null ? Double.NaN : plain.value();
                h.append("<tr><td>").append(escape(r.name().substring(at + 1))).append("</td><td class=\"name\">")
                        .append(escape(r.name().substring(0, at))).append("</td>").append(num(r.vanillaValue()))
                        .append(num(r.referenceValue())).append(withInterval(r.value(), r.lo(), r.hi(), r.count())).append(num(before))
                        .append("<td class=\"num\">").append(ReportText.signed(r.value() - before)).append("</td>")
                        .append("<td class=\"num\">").append(ReportText.signed(r.deltaToReference())).append("</td><td>")
                        .append(r.verdict() == null ? "-" : badge(r.verdict())).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n<p class=\"note\">Each model attacked the same way: int8/nf4 = weights round-tripped ")
                    .append("through that quantization; adversarial/framed = another prompt; relearn = a copy fine-tuned on part of ")
                    .append("each forget person's facts, asked about the others. Given back = attacked minus unattacked unlearned ")
                    .append("value (none for relearn: it asks only the held-out facts, other questions than the unattacked ")
                    .append("metric); vs reference = attacked unlearned minus the attacked retain-only reference.</p>\n");
        }
        if (!mia.isEmpty()) {
            h.append("<table>\n<thead><tr><th>Membership inference (forget vs holdout)</th><th class=\"num\">Vanilla</th>")
                    .append("<th class=\"num\">Reference</th><th class=\"num\">Unlearned AUC (95% CI)</th><th>Verdict</th></tr></thead>\n")
                    .append("<tbody>\n");
            for (MetricRow r : mia) {
                h.append("<tr><td class=\"name\">").append(escape(r.part(2))).append("</td>").append(num(r.vanillaValue()))
                        .append(num(r.referenceValue())).append(withInterval(r.value(), r.lo(), r.hi(), r.count())).append("<td>")
                        .append(r.verdict() == null ? "-" : badge(r.verdict())).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n<p class=\"note\">AUC 0.5: the attack cannot tell forgotten from never-seen people; ")
                    .append("far from 0.5 on either side it can (below 0.5 by flipping its score).</p>\n");
        }
        h.append("</section>\n");
    }

    private static String badge(Verdict v) {
        return "<span class=\"badge b-" + v.name() + "\">" + v.name() + "</span>";
    }

    /** @return a number cell with its interval (and n when given) below it in small type */
    private static String withInterval(double x, double lo, double hi, int n) {
        String ci = ReportText.interval(lo, hi);
        String extra = ci.isEmpty() && n < 0 ? "" : "<br><span class=\"ci\">" + ci + (n >= 0 ? (ci.isEmpty() ? "" : " ") + "n=" + n : "")
                + "</span>";
        return "<td class=\"num\">" + fixed(x) + extra + "</td>";
    }

    private static String num(double x) {
        return "<td class=\"num\">" + fixed(x) + "</td>";
    }

    /** Bars of vanilla and unlearned accuracy per split and modality, on a 0..1 axis, with each group's chance level. */
    private static void barChart(StringBuilder h, List<MetricRow> mcq) {
        if (mcq.isEmpty()) {
            return;
        }
        int left = 48;
        int top = 44;
        int plot = 220;
        int group = 132;
        int bar = 40;
        int width = left + group * mcq.size() + 16;
        int height = top + plot + 52;
        h.append("<section>\n<h2>Multiple-choice accuracy</h2>\n");
        svgOpen(h, width, height, "Multiple-choice accuracy, vanilla and unlearned, per split and modality");
        legendEntry(h, left, VANILLA_FILL, "vanilla", false);
        legendEntry(h, left + 100, UNLEARNED_FILL, "unlearned", false);
        legendEntry(h, left + 220, CHANCE_STROKE, "chance", true);
        for (int i = 0; i <= 4; i++) {
            double y = top + plot * (1 - i / 4.0);
            h.append("<line x1=\"").append(left).append("\" x2=\"").append(width - 16).append("\" y1=\"").append(coord(y))
                    .append("\" y2=\"").append(coord(y)).append("\" stroke=\"").append(i == 0 ? "#57606a" : "#d8dee4")
                    .append("\"/>\n<text x=\"").append(left - 6).append("\" y=\"").append(coord(y + 4))
                    .append("\" font-size=\"11\" text-anchor=\"end\">").append(String.format(Locale.ROOT, "%.2f", i / 4.0)).append("</text>\n");
        }
        for (int i = 0; i < mcq.size(); i++) {
            MetricRow r = mcq.get(i);
            int x0 = left + group * i;
            bar(h, x0 + (group - 2 * bar - 8) / 2.0, bar, top, plot, r.vanillaValue(), VANILLA_FILL, r.name() + " vanilla");
            bar(h, x0 + group / 2.0 + 4, bar, top, plot, r.value(), UNLEARNED_FILL, r.name() + " unlearned");
            if (Double.isFinite(r.chance())) {
                double y = top + plot * (1 - clamp(r.chance()));
                h.append("<line x1=\"").append(x0 + 8).append("\" x2=\"").append(x0 + group - 8).append("\" y1=\"").append(coord(y))
                        .append("\" y2=\"").append(coord(y)).append("\" stroke=\"").append(CHANCE_STROKE)
                        .append("\" stroke-width=\"2\" stroke-dasharray=\"6 4\"><title>chance ").append(fixed(r.chance()))
                        .append("</title></line>\n");
            }
            h.append("<text x=\"").append(coord(x0 + group / 2.0)).append("\" y=\"").append(top + plot + 20)
                    .append("\" font-size=\"13\" text-anchor=\"middle\">").append(escape(r.part(0) + " / " + r.part(1))).append("</text>\n");
        }
        h.append("<text x=\"").append(left).append("\" y=\"").append(top + plot + 44)
                .append("\" font-size=\"12\">accuracy (0 to 1); dashed line: chance level</text>\n</svg>\n</section>\n");
    }

    private static void bar(StringBuilder h, double x, int w, int top, int plot, double v, String fill, String title) {
        double y = top + plot * (1 - clamp(v));
        if (Double.isFinite(v)) {
            h.append("<rect x=\"").append(coord(x)).append("\" y=\"").append(coord(y)).append("\" width=\"").append(w)
                    .append("\" height=\"").append(coord(top + plot - y)).append("\" fill=\"").append(fill).append("\"><title>")
                    .append(escape(title)).append(' ').append(fixed(v)).append("</title></rect>\n");
        }
        h.append("<text x=\"").append(coord(x + w / 2.0)).append("\" y=\"").append(coord(Math.min(y, top + plot) - 5))
                .append("\" font-size=\"11\" text-anchor=\"middle\">").append(Double.isFinite(v) ? fixed(v) : "n/a").append("</text>\n");
    }

    /** Layers (columns) by tower (rows), coloured from the smallest (or 0) to the largest shift. */
    private static void heatmap(StringBuilder h, Map<String, double[]> shift) {
        int layers = shift.values().stream().mapToInt(a -> a.length).max().orElse(0);
        if (layers == 0) {
            return;
        }
        double[] all = shift.values().stream().flatMapToDouble(Arrays::stream).filter(Double::isFinite).toArray();
        double lo = Math.min(0, Arrays.stream(all).min().orElse(0));
        double hi = Arrays.stream(all).max().orElse(1);
        double span = hi > lo ? hi - lo : 1;
        int left = 90;
        int top = 12;
        int cell = 28;
        double cw = Math.max(10, Math.min(40, 960.0 / layers));
        int step = (int) Math.ceil(24 / cw);
        int width = (int) Math.ceil(left + cw * layers + 16);
        int height = top + cell * shift.size() + 60;
        h.append("<section>\n<h2>Activation shift</h2>\n");
        svgOpen(h, width, height, "Relative activation change per layer and tower");
        int row = 0;
        for (Map.Entry<String, double[]> e : shift.entrySet()) {
            double y = top + cell * row++;
            h.append("<text x=\"").append(left - 8).append("\" y=\"").append(coord(y + cell / 2.0 + 4))
                    .append("\" font-size=\"13\" text-anchor=\"end\">").append(escape(e.getKey())).append("</text>\n");
            double[] v = e.getValue();
            for (int l = 0; l < v.length; l++) {
                h.append("<rect x=\"").append(coord(left + cw * l)).append("\" y=\"").append(coord(y)).append("\" width=\"")
                        .append(coord(cw)).append("\" height=\"").append(cell).append("\" fill=\"")
                        .append(Double.isFinite(v[l]) ? shade((v[l] - lo) / span) : "#eaeef2")
                        .append("\" stroke=\"#fff\"><title>").append(escape(e.getKey())).append(" layer ").append(l).append(": ")
                        .append(fixed(v[l])).append("</title></rect>\n");
            }
        }
        double base = top + cell * shift.size();
        for (int l = 0; l < layers; l += step) {
            h.append("<text x=\"").append(coord(left + cw * (l + 0.5))).append("\" y=\"").append(coord(base + 16))
                    .append("\" font-size=\"11\" text-anchor=\"middle\">").append(l).append("</text>\n");
        }
        h.append("<text x=\"").append(left - 8).append("\" y=\"").append(coord(base + 16))
                .append("\" font-size=\"12\" text-anchor=\"end\">layer</text>\n");
        for (int i = 0; i < 10; i++) {
            h.append("<rect x=\"").append(left + 60 + 18 * i).append("\" y=\"").append(coord(base + 30))
                    .append("\" width=\"18\" height=\"14\" fill=\"").append(shade((i + 0.5) / 10)).append("\"/>\n");
        }
        h.append("<text x=\"").append(left + 54).append("\" y=\"").append(coord(base + 41)).append("\" font-size=\"11\" text-anchor=\"end\">")
                .append(fixed(lo)).append("</text>\n<text x=\"").append(left + 246).append("\" y=\"").append(coord(base + 41))
                .append("\" font-size=\"11\">").append(fixed(hi)).append(" relative activation change</text>\n</svg>\n");
        h.append("<p class=\"note\">");
        shift.forEach((tower, v) -> {
            int arg = -1;
            for (int l = 0; l < v.length; l++) {
                arg = Double.isFinite(v[l]) && (arg < 0 || v[l] > v[arg]) ? l : arg;
            }
            h.append(escape(tower)).append(": ").append(arg < 0 ? "no finite value" : "largest shift " + fixed(v[arg]) + " at layer " + arg)
                    .append(". ");
        });
        h.append("</p>\n</section>\n");
    }

    private static void svgOpen(StringBuilder h, int width, int height, String label) {
        h.append("<svg viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" style=\"max-width:100%;height:auto\" role=\"img\" aria-label=\"")
                .append(escape(label)).append("\">\n");
    }

    private static void legendEntry(StringBuilder h, int x, String colour, String label, boolean line) {
        h.append(line ? "<line x1=\"" + x + "\" x2=\"" + (x + 18) + "\" y1=\"16\" y2=\"16\" stroke=\"" + colour
                + "\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n"
                : "<rect x=\"" + x + "\" y=\"9\" width=\"14\" height=\"14\" fill=\"" + colour + "\"/>\n")
                .append("<text x=\"").append(x + 22).append("\" y=\"21\" font-size=\"13\">").append(label).append("</text>\n");
    }

    private static double clamp(double v) {
        return Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
    }

    /** @return a colour from pale (t = 0) to dark blue (t = 1) */
    private static String shade(double t) {
        double c = Math.max(0, Math.min(1, t));
        return String.format(Locale.ROOT, "#%02x%02x%02x", lerp(247, 8, c), lerp(251, 48, c), lerp(255, 107, c));
    }

    private static int lerp(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * t);
    }
}

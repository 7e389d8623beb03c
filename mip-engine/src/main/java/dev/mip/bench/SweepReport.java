package dev.mip.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tables and a trade-off plot from the results of an {@link UnlearnSweep}.
 *
 * <p>Per forget set: (1) one row per curve at its <em>selected point</em>, with the columns of the
 * paper's Table 1 plus the test and world splits, wall time and peak memory; (2) every point of
 * every curve; (3) whether the reference curve (MIP) dominates each other curve. The selected
 * point is chosen by one declared rule, the same for every curve: a point is <em>admissible</em>
 * when retain and world multiple-choice accuracy keep at least {@value #KEEP} of the vanilla
 * model's in both modalities; the selected point is the admissible point with the smallest
 * <em>forget gap</em> (the larger, over the two modalities, of |forget accuracy - chance|); with no
 * admissible point, the point with the highest worst retention is shown, marked. The table is
 * given twice: at {@value #KEEP} (the target) and at the looser {@value #LOOSE}, because on
 * a small model the strict rule can leave a baseline only its no-op points.
 *
 * <p>Dominance: a point p dominates q in a modality when p's forget gap is no larger and p's
 * retain accuracy no lower than q's; jointly when that holds in both modalities and p's worse
 * world retention is no lower. A curve dominates another when every point of the other is
 * dominated by some point of it.
 */
public final class SweepReport {
    /** Fraction of vanilla retain and world accuracy a point must keep to be admissible. */
    public static final double KEEP = 0.95;

    /** The looser retention bar of the second selected-point table. */
    public static final double LOOSE = 0.90;

    private static final String[] MODALITIES = {"image", "text"};

    private SweepReport() {}

    /**
     * One point: a run's record (with several seeds, their mean: every metric averaged over the
     * seeds that did not fail) and the vanilla record of its forget set.
     *
     * @param run the record, or the seed mean
     * @param vanilla the vanilla record
     * @param seeds the records of each seed (one for a single run)
     */
    record Point(ObjectNode run, ObjectNode vanilla, List<ObjectNode> seeds) {
        Point(ObjectNode run, ObjectNode vanilla) {
            this(run, vanilla, List.of(run));
        }

        /** @return the point's seeds as points of their own */
        List<Point> perSeed() {
            return seeds.stream().map(r -> new Point(r, vanilla)).filter(p -> !p.failed()).toList();
        }

        /** @return the largest forget gap of any seed */
        double worstSeedGap() {
            return perSeed().stream().mapToDouble(Point::forgetGap).max().orElse(Double.NaN);
        }

        /** @return the lowest retention of any seed */
        double worstSeedRetention() {
            return perSeed().stream().mapToDouble(Point::worstRetention).min().orElse(Double.NaN);
        }

        /**
         * @param m a metric
         * @return its standard deviation over the seeds (sample, n - 1), NaN for one seed
         */
        double seedSd(String m) {
            double[] v = perSeed().stream().mapToDouble(p -> p.metric(m)).filter(x -> !Double.isNaN(x)).toArray();
            if (v.length < 2) {
                return Double.NaN;
            }
            double mean = java.util.Arrays.stream(v).average().orElse(0);
            return Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
        }
        String curve() {
            return run.path("curve").asText();
        }

        String name() {
            return run.path("name").asText();
        }

        boolean failed() {
            return run.has("error");
        }

        double metric(String m) {
            JsonNode v = run.path("metrics").path(m);
            return v.isNumber() ? v.doubleValue() : Double.NaN;
        }

        double chance(String m) {
            JsonNode v = run.path("chance").path(m);
            return v.isNumber() ? v.doubleValue() : 0.25;
        }

        double vanilla(String m) {
            JsonNode v = vanilla.path("metrics").path(m);
            return v.isNumber() ? v.doubleValue() : Double.NaN;
        }

        double gap(String modality) {
            String m = "forget." + modality + ".mcq.accuracy";
            return Math.abs(metric(m) - chance(m));
        }

        double forgetGap() {
            return Math.max(gap("image"), gap("text"));
        }

        double retention(String split, String modality) {
            String m = split + "." + modality + ".mcq.accuracy";
            return metric(m) / vanilla(m);
        }

        double worstRetention() {
            double w = Double.POSITIVE_INFINITY;
            for (String s : new String[] {"retain", "world"}) {
                for (String mod : MODALITIES) {
                    w = Math.min(w, retention(s, mod));
                }
            }
            return w;
        }

        boolean admissible() {
            return admissible(KEEP);
        }

        boolean admissible(double keep) {
            return !failed() && worstRetention() >= keep - 1e-9;
        }

        boolean dominates(Point q, String modality) {
            return dominates(q, "retain", modality);
        }

        /** Forget gap no larger and accuracy on {@code split} no lower, in one modality. */
        boolean dominates(Point q, String split, String modality) {
            String r = split + "." + modality + ".mcq.accuracy";
            return gap(modality) <= q.gap(modality) + 1e-9 && metric(r) >= q.metric(r) - 1e-9;
        }

        boolean dominatesJointly(Point q) {
            double w = Math.min(retention("world", "image"), retention("world", "text"));
            double qw = Math.min(q.retention("world", "image"), q.retention("world", "text"));
            return dominates(q, "image") && dominates(q, "text") && w >= qw - 1e-9;
        }
    }

    /**
     * Groups results by forget set, in first-seen order.
     *
     * @param results records from {@link UnlearnSweep#readResults}
     * @return forget set to its points (vanilla excluded), each paired with that set's vanilla record
     */
    static Map<String, List<Point>> points(List<ObjectNode> results) {
        Map<String, ObjectNode> vanilla = new LinkedHashMap<>();
        for (ObjectNode n : results) {
            if (n.path("curve").asText().equals(UnlearnSweep.VANILLA)) {
                vanilla.put(n.path("forget").asText() + "/" + n.path("retain").asText(), n);
            }
        }
        // The seeds of one point (same forget/retain sets, curve and point name) become one point.
        Map<String, List<ObjectNode>> seeds = new LinkedHashMap<>();
        for (ObjectNode n : results) {
            if (!n.path("curve").asText().equals(UnlearnSweep.VANILLA)) {
                seeds.computeIfAbsent(n.path("forget").asText() + "/" + n.path("retain").asText() + "\n" + n.path("curve").asText()
                        + "\n" + settingsWithoutSeed(n), k -> new ArrayList<>()).add(n);
            }
        }
        Map<String, List<Point>> out = new LinkedHashMap<>();
        for (List<ObjectNode> group : seeds.values()) {
            ObjectNode first = group.get(0);
            ObjectNode v = vanilla.get(first.path("forget").asText() + "/" + first.path("retain").asText());
            if (v != null) {
                out.computeIfAbsent(first.path("forget").asText(), k -> new ArrayList<>()).add(new Point(mean(group), v, group));
            }
        }
        return out;
    }

    /**
     * @return what makes a record's point: its unlearn settings but the seed, and its locate
     *     settings (records without settings, made by hand, by their point name)
     */
    static String settingsWithoutSeed(ObjectNode n) {
        if (!n.path("settings").isObject()) {
            return pointOf(n);
        }
        ObjectNode u = n.path("settings").deepCopy();
        u.remove("seed");
        return u.toString() + n.path("locate").toString();
    }

    /** @return the point a record belongs to: its name without the seed (records before seeds have no point field) */
    static String pointOf(ObjectNode n) {
        return n.has("point") ? n.path("point").asText() : n.path("name").asText().replaceAll(" seed=-?\\d+", "");
    }

    /** The seed mean of a point's records: metrics and times averaged over the seeds that did not fail. */
    static ObjectNode mean(List<ObjectNode> group) {
        List<ObjectNode> ok = group.stream().filter(n -> !n.has("error")).toList();
        if (group.size() == 1 || ok.isEmpty()) {
            return group.get(0);
        }
        ObjectNode m = group.get(0).deepCopy();
        m.put("name", pointOf(group.get(0)));
        m.remove("error");
        m.put("seeds", ok.size());
        m.put("failedSeeds", group.size() - ok.size());
        ObjectNode metrics = m.putObject("metrics");
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        ok.forEach(n -> n.path("metrics").fieldNames().forEachRemaining(names::add));
        for (String name : names) {
            double[] v = ok.stream().map(n -> n.path("metrics").path(name)).filter(JsonNode::isNumber).mapToDouble(JsonNode::doubleValue)
                    .toArray();
            if (v.length > 0) {
                metrics.put(name, java.util.Arrays.stream(v).average().orElse(Double.NaN));
            }
        }
        for (String t : new String[] {"unlearnSeconds", "evalSeconds", "locateSeconds"}) {
            m.put(t, ok.stream().mapToDouble(n -> n.path(t).asDouble()).average().orElse(0));
        }
        m.put("peakRssMiB", ok.stream().mapToDouble(n -> n.path("peakRssMiB").asDouble()).max().orElse(0));
        return m;
    }

    /**
     * The selected point of a curve (see the class comment).
     *
     * @param curve the curve's points
     * @return the point, or null if every run failed
     */
    static Point selected(List<Point> curve) {
        return selected(curve, KEEP);
    }

    /**
     * @param curve the curve's points
     * @param keep fraction of vanilla retain and world accuracy a point must keep to be admissible
     * @return the admissible point with the smallest forget gap, else the best-retaining point (null if every run failed)
     */
    static Point selected(List<Point> curve, double keep) {
        Point best = null;
        for (Point p : curve) {
            if (p.admissible(keep) && (best == null || p.forgetGap() < best.forgetGap() - 1e-12)) {
                best = p;
            }
        }
        if (best != null) {
            return best;
        }
        for (Point p : curve) {
            if (!p.failed() && (best == null || p.worstRetention() > best.worstRetention())) {
                best = p;
            }
        }
        return best;
    }

    /**
     * @param results the sweep's records
     * @param reference the curve whose dominance over the others is reported (e.g. {@code MIP})
     * @return Markdown: per forget set, the selected points, every point, and dominance
     */
    public static String markdown(List<ObjectNode> results, String reference) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<Point>> e : points(results).entrySet()) {
            Map<String, List<Point>> curves = byCurve(e.getValue());
            Point any = e.getValue().get(0);
            for (double keep : new double[] {KEEP, LOOSE}) {
                sb.append("### ").append(e.getKey()).append(": selected point of each curve, keeping ").append(fmt(keep * 100, 0))
                        .append("%\n\n");
                sb.append("| method | forget image MCQ | forget image ROUGE-L | forget text MCQ | retain image MCQ | retain image ROUGE-L "
                        + "| retain text MCQ | test image MCQ | test text MCQ | world image MCQ | world text MCQ | unlearn s | peak RSS MiB | point "
                        + "| seeds |\n");
                sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
                sb.append(row("Vanilla", any.vanilla(), "", "", "").replaceFirst("\\|\\R$", "| |\n"));
                for (Map.Entry<String, List<Point>> c : curves.entrySet()) {
                    Point p = selected(c.getValue(), keep);
                    if (p == null) {
                        sb.append("| ").append(c.getKey()).append(" | every run failed |||||||||||||\n");
                        continue;
                    }
                    String mark = p.admissible(keep) ? "" : " (none admissible: best retention)";
                    sb.append(row(c.getKey(), p.run(), fmt(p.run().path("unlearnSeconds").asDouble(), 0),
                            fmt(p.run().path("peakRssMiB").asDouble(), 0), settingsOf(p) + mark).replaceFirst("\\|\\R$", "| "
                            + seedCell(p) + " |\n"));
                }
                sb.append("\nBold: forget accuracy within 0.10 of chance. Selected point: the smallest forget gap among the points "
                        + "keeping at least ").append(fmt(keep * 100, 0)).append("% of vanilla retain and world MCQ accuracy in both "
                        + "modalities, on seed means. Seeds: how many, the standard deviation of forget MCQ accuracy (image/text), "
                        + "the worst seed's forget gap and retention.\n\n");
            }
            sb.append("### ").append(e.getKey()).append(": every point\n\n");
            sb.append("| curve | point | forget image | forget text | retain image | retain text | world image | world text "
                    + "| test image | test text | forget gap | worst retention | unlearn s |\n");
            sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Map.Entry<String, List<Point>> c : curves.entrySet()) {
                for (Point p : c.getValue()) {
                    if (p.failed()) {
                        sb.append("| ").append(c.getKey()).append(" | ").append(settingsOf(p)).append(" | failed: ")
                                .append(p.run().path("error").asText().replace('|', '/')).append(" ||||||||||\n");
                        continue;
                    }
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.3f | %.3f | %s |%n",
                            c.getKey(), settingsOf(p), acc(p, "forget.image"), acc(p, "forget.text"), acc(p, "retain.image"),
                            acc(p, "retain.text"), acc(p, "world.image"), acc(p, "world.text"), acc(p, "test.image"),
                            acc(p, "test.text"), p.forgetGap(), p.worstRetention(), fmt(p.run().path("unlearnSeconds").asDouble(), 0)));
                }
            }
            List<Point> ref = curves.get(reference);
            if (ref != null) {
                sb.append("\n### ").append(e.getKey()).append(": does ").append(reference).append(" dominate?\n\n");
                sb.append("Points of each curve dominated by some ").append(reference).append(" point (forget gap no larger, retain "
                        + "accuracy no lower; jointly: in both modalities and world retention no lower).\n\n");
                sb.append("| curve | points | dominated (image) | dominated (text) | dominated (jointly) |\n|---|---|---|---|---|\n");
                for (Map.Entry<String, List<Point>> c : curves.entrySet()) {
                    if (c.getKey().equals(reference)) {
                        continue;
                    }
                    List<Point> ok = c.getValue().stream().filter(p -> !p.failed()).toList();
                    int img = 0;
                    int txt = 0;
                    int joint = 0;
                    for (Point q : ok) {
                        img += ref.stream().anyMatch(p -> !p.failed() && p.dominates(q, "image")) ? 1 : 0;
                        txt += ref.stream().anyMatch(p -> !p.failed() && p.dominates(q, "text")) ? 1 : 0;
                        joint += ref.stream().anyMatch(p -> !p.failed() && p.dominatesJointly(q)) ? 1 : 0;
                    }
                    sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d |%n", c.getKey(), ok.size(), img, txt, joint));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static Map<String, List<Point>> byCurve(List<Point> points) {
        Map<String, List<Point>> out = new LinkedHashMap<>();
        for (Point p : points) {
            out.computeIfAbsent(p.curve(), k -> new ArrayList<>()).add(p);
        }
        return out;
    }

    private static String row(String name, ObjectNode n, String seconds, String mib, String point) {
        Point p = new Point(n, n);
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", name,
                forgetCell(p, "image"), fmt(p.metric("forget.image.generation.rougeL"), 3), forgetCell(p, "text"),
                acc(p, "retain.image"), fmt(p.metric("retain.image.generation.rougeL"), 3), acc(p, "retain.text"),
                acc(p, "test.image"), acc(p, "test.text"), acc(p, "world.image"), acc(p, "world.text"), seconds, mib, point);
    }

    /** @return e.g. {@code 3; sd 0.05/0.04; worst gap 0.12, retention 0.95}, or {@code 1} */
    private static String seedCell(Point p) {
        int n = p.perSeed().size();
        if (n < 2) {
            return Integer.toString(n);
        }
        return n + "; sd " + fmt(p.seedSd("forget.image.mcq.accuracy"), 2) + "/" + fmt(p.seedSd("forget.text.mcq.accuracy"), 2)
                + "; worst gap " + fmt(p.worstSeedGap(), 2) + ", retention " + fmt(p.worstSeedRetention(), 2);
    }

    private static String forgetCell(Point p, String modality) {
        String v = acc(p, "forget." + modality);
        return p.gap(modality) <= 0.1 + 1e-9 ? "**" + v + "**" : v;
    }

    private static String acc(Point p, String slice) {
        return fmt(p.metric(slice + ".mcq.accuracy"), 3);
    }

    /** The run's grid values (the part of its name after the curve), or "defaults". */
    static String settingsOf(Point p) {
        String n = p.name();
        String c = p.curve();
        String s = n.startsWith(c) ? n.substring(c.length()).trim() : n;
        return s.isEmpty() ? "defaults" : s;
    }

    private static String fmt(double v, int digits) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /**
     * An SVG trade-off plot of one forget set, four panels: forget accuracy (y) against retain
     * accuracy (top row) and against world accuracy (bottom row) (x), image+text questions left,
     * text-only right. Every point of every curve; each curve's Pareto front in that panel (forget
     * accuracy nearer chance, x higher) as a line; chance with the ±0.10 target band; 95% of the
     * vanilla model's x as a dashed line; the vanilla model as a diamond.
     *
     * @param results the sweep's records
     * @param forget the forget set
     * @return the SVG document
     */
    public static String svg(List<ObjectNode> results, String forget) {
        List<Point> pts = points(results).getOrDefault(forget, List.of());
        Map<String, List<Point>> curves = byCurve(pts);
        String[] colours = {"#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
            "#17becf", "#393b79", "#637939"};
        int pw = 400;
        int ph = 300;
        int ml = 70;
        int mt = 40;
        int gapX = 90;
        int gapY = 90;
        int legendH = 22 * ((curves.size() + 4) / 4) + 30;
        int width = ml + 2 * pw + gapX + 30;
        int height = mt + 2 * ph + gapY + 50 + legendH;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">%n", width, height, width, height));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        String[] splits = {"retain", "world"};
        for (int row = 0; row < 2; row++) {
            String split = splits[row];
            double xmin = 1.0;
            for (Point p : pts) {
                for (String m : MODALITIES) {
                    double r = p.failed() ? Double.NaN : p.metric(split + "." + m + ".mcq.accuracy");
                    if (!Double.isNaN(r)) {
                        xmin = Math.min(xmin, r);
                    }
                    xmin = Math.min(xmin, KEEP * p.vanilla(split + "." + m + ".mcq.accuracy"));
                }
            }
            double lo = Math.max(0, Math.floor((xmin - 0.02) * 20) / 20);
            for (int col = 0; col < 2; col++) {
                String mod = MODALITIES[col];
                String x = split + "." + mod + ".mcq.accuracy";
                int x0 = ml + col * (pw + gapX);
                int y0 = mt + row * (ph + gapY);
                java.util.function.DoubleUnaryOperator sx = v -> x0 + (v - lo) / (1.0 - lo) * pw;
                java.util.function.DoubleUnaryOperator sy = v -> y0 + (1.0 - v) * ph;
                sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s, %s "
                        + "questions: forget vs %s</text>%n", x0, y0 - 14, forget, mod.equals("image") ? "image+text" : "text-only", split));
                double chance = pts.isEmpty() ? 0.25 : pts.get(0).chance("forget." + mod + ".mcq.accuracy");
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#e8f4e8\"/>%n", x0,
                        sy.applyAsDouble(chance + 0.1), pw, sy.applyAsDouble(chance - 0.1) - sy.applyAsDouble(chance + 0.1)));
                sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#2ca02c\" "
                        + "stroke-dasharray=\"4 3\"/>%n", x0, x0 + pw, sy.applyAsDouble(chance), sy.applyAsDouble(chance)));
                sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#2ca02c\">chance</text>%n", x0 + 4,
                        sy.applyAsDouble(chance) - 4));
                for (int i = 0; i <= 10; i++) {
                    double v = i / 10.0;
                    double y = sy.applyAsDouble(v);
                    sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n", x0, x0 + pw, y, y, x0 - 4, y + 4, v));
                }
                for (int i = 0; i <= 5; i++) {
                    double v = lo + (1.0 - lo) * i / 5;
                    sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.2f</text>%n",
                            sx.applyAsDouble(v), y0 + ph + 16, v));
                }
                if (!pts.isEmpty()) {
                    double keep = KEEP * pts.get(0).vanilla(x);
                    sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#999\" "
                            + "stroke-dasharray=\"4 3\"/>%n", sx.applyAsDouble(keep), sx.applyAsDouble(keep), y0, y0 + ph));
                    boolean nearRight = sx.applyAsDouble(keep) > x0 + pw - 110;
                    sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#777\" text-anchor=\"%s\">95%% of vanilla</text>%n",
                            sx.applyAsDouble(keep) + (nearRight ? -3 : 3), y0 + 12, nearRight ? "end" : "start"));
                }
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>%n",
                        x0, y0, pw, ph));
                sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s MCQ accuracy (higher is better)"
                        + "</text>%n", x0 + pw / 2, y0 + ph + 34, split));
                sb.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%d) rotate(-90)\" text-anchor=\"middle\">"
                        + "forget MCQ accuracy</text>%n", x0 - 40, y0 + ph / 2));
                int ci = 0;
                for (Map.Entry<String, List<Point>> c : curves.entrySet()) {
                    String colour = colours[ci++ % colours.length];
                    List<Point> ok = c.getValue().stream().filter(p -> !p.failed()).toList();
                    List<Point> front = new ArrayList<>();
                    for (Point p : ok) {
                        if (ok.stream().noneMatch(q -> q != p && q.dominates(p, split, mod) && !p.dominates(q, split, mod))) {
                            front.add(p);
                        }
                    }
                    front.sort(Comparator.comparingDouble(p -> p.metric(x)));
                    if (front.size() > 1) {
                        StringBuilder line = new StringBuilder();
                        for (Point p : front) {
                            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", sx.applyAsDouble(p.metric(x)),
                                    sy.applyAsDouble(p.metric("forget." + mod + ".mcq.accuracy"))));
                        }
                        sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n",
                                line.toString().trim(), colour));
                    }
                    for (Point p : ok) {
                        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\" fill-opacity=\"0.75\">"
                                + "<title>%s</title></circle>%n", sx.applyAsDouble(p.metric(x)),
                                sy.applyAsDouble(p.metric("forget." + mod + ".mcq.accuracy")), colour, escape(p.name())));
                    }
                }
                if (!pts.isEmpty()) {
                    Point v = pts.get(0);
                    sb.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1fl5 5l-5 5l-5 -5z\" fill=\"black\"><title>Vanilla</title></path>%n",
                            sx.applyAsDouble(v.vanilla(x)), sy.applyAsDouble(v.vanilla("forget." + mod + ".mcq.accuracy")) - 5));
                }
            }
        }
        int ly = mt + 2 * ph + gapY + 56;
        sb.append(String.format(Locale.ROOT, "<path d=\"M%d %dl5 5l-5 5l-5 -5z\" fill=\"black\"/><text x=\"%d\" y=\"%d\">Vanilla</text>%n",
                ml + 5, ly - 9, ml + 16, ly));
        int slot = 1;
        int ci = 0;
        for (String c : curves.keySet()) {
            String colour = colours[ci++ % colours.length];
            int lx = ml + (slot % 4) * ((2 * pw + gapX) / 4);
            int yy = ly + 22 * (slot / 4);
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    lx + 5, yy - 4, colour, lx + 16, yy, escape(c)));
            slot++;
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">Lines: each curve's Pareto front in the "
                + "panel. Best is at the right, inside the green band (chance ± 0.10).</text>%n", ml, height - 8));
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

package dev.mip.report;

import dev.mip.eval.Metric;
import dev.mip.gate.Gate;
import dev.mip.gate.GateRule;
import dev.mip.gate.OnMissing;
import dev.mip.gate.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A realistic report: 1 pass, 3 failures, 1 warning, 1 error, with activation shift and fingerprints. */
final class Fixtures {
    static final List<String> METRICS = List.of("forget.image.mcq.accuracy", "forget.text.mcq.accuracy",
            "retain.image.mcq.accuracy", "retain.text.mcq.accuracy", "world.text.mcq.accuracy", "forget.image.generation.rougeL");
    static final List<GateRule> RULES = List.of(
            GateRule.of("forget.*.mcq.accuracy").withMin(0.15).withMax(0.35).withMinDropFromBaseline(0.40),
            GateRule.of("retain.*.mcq.accuracy").withMaxRelativeDropFromBaseline(0.05),
            GateRule.of("world.*.mcq.accuracy").withMin(0.9).withSeverity(Severity.WARN),
            GateRule.of("holdout.*.mcq.accuracy").withMin(0.5));

    private Fixtures() {}

    static VerifyReport report(String model, String timestamp) {
        double[] unlearned = {0.25, 0.78, 0.712, 0.918, 0.85, 0.3};
        double[] vanilla = {0.99, 0.99, 0.781, 0.99, 0.86, 0.6};
        Map<String, Metric> u = new LinkedHashMap<>();
        Map<String, Metric> v = new LinkedHashMap<>();
        for (int i = 0; i < METRICS.size(); i++) {
            String n = METRICS.get(i);
            double chance = n.endsWith("mcq.accuracy") ? 0.25 : Double.NaN;
            u.put(n, new Metric(n, unlearned[i], 40 + i, chance, Math.round((unlearned[i] - 0.1) * 1000) / 1000.0,
                    Math.round((unlearned[i] + 0.05) * 1000) / 1000.0));
            v.put(n, new Metric(n, vanilla[i], 40 + i, chance));
        }
        double[] text = new double[32];
        double[] vision = new double[24];
        for (int l = 0; l < text.length; l++) {
            text[l] = l < vision.length ? 0.01 * l : 0.5 - 0.01 * l;
        }
        for (int l = 0; l < vision.length; l++) {
            vision[l] = 0.002 * l;
        }
        return new VerifyReport(model, "mip", "forget_5", "retain_95", 42, u, v, Map.of(), Gate.check(RULES, OnMissing.ERROR, u, v),
                Map.of("vision", vision, "text", text), Map.of("model", "sha256:ab12", "data", "sha256:cd34"), timestamp);
    }

    static VerifyReport report() {
        return report("llava-1.5-7b", null);
    }
}

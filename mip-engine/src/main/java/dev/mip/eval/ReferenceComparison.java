package dev.mip.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;

/**
 * Metrics that compare a model with the retain-only reference model, the one that never saw the
 * forget set (the true target of unlearning):
 * <ul>
 *   <li>{@code forget.<modality>.mcq.forgetQuality}: TOFU/OpenUnlearning's forget quality, the
 *       p-value of the two-sample Kolmogorov–Smirnov test between the two models' truth ratios
 *       ({@link TruthRatio}) on the forget split's multiple-choice questions, per modality and pooled
 *       ({@code any}); high (e.g. at least 0.05) means the distributions cannot be told apart;
 *       {@code forget.<modality>.mcq.ksStatistic} is its statistic D;</li>
 *   <li>{@code forget.any.mia.privleak} (and {@code minkPrivleak}, {@code zlibPrivleak},
 *       {@code minkPlusPrivleak}, {@code gradNormPrivleak}, one per attack of {@link MiaAttack}):
 *       MUSE's PrivLeak, the relative difference {@code (AUC - AUC_ref) / AUC_ref} of the
 *       membership-inference AUC on the same forget-vs-holdout task; 0 is the reference's privacy,
 *       negative an under-confident model (forgotten "too well", which leaks too), positive a model
 *       that still remembers;</li>
 *   <li>{@code forget.any.mia.referenceAuc}: the reference-based attack ({@link MiaAttack#REFERENCE}),
 *       the model's answer log-probability minus the reference's, forget against holdout.</li>
 * </ul>
 * Each metric counts the model's questions (forget quality) or samples (privleak); none has an
 * interval (the KS p-value is itself the test).
 */
public final class ReferenceComparison {
    private ReferenceComparison() {}

    /**
     * @param model the model's measurement (unlearned, or vanilla as a yardstick)
     * @param reference the reference model's measurement on the same questions
     * @return the comparison metrics by name (those whose inputs both measurements have)
     */
    public static Map<String, Metric> compare(Measurement model, Measurement reference) {
        Map<String, Metric> out = new LinkedHashMap<>();
        double[][] pooled = {new double[0], new double[0]};
        for (String modality : List.of("image", "text")) {
            String name = "forget." + modality + ".mcq." + Measurement.TRUTH_RATIO;
            double[] a = model.sample(name);
            double[] b = reference.sample(name);
            if (a.length > 0 && b.length > 0) {
                forgetQuality(out, "forget." + modality + ".mcq", a, b);
                pooled[0] = DoubleStream.concat(DoubleStream.of(pooled[0]), DoubleStream.of(a)).toArray();
                pooled[1] = DoubleStream.concat(DoubleStream.of(pooled[1]), DoubleStream.of(b)).toArray();
            }
        }
        if (pooled[0].length > 0) {
            forgetQuality(out, "forget.any.mcq", pooled[0], pooled[1]);
        }
        for (MiaAttack a : MiaAttack.values()) {
            if (a != MiaAttack.REFERENCE) {
                privleak(out, "forget.any." + a.privleakTaskMetric(), model.metrics().get(a.metric()),
                        reference.metrics().get(a.metric()));
            }
        }
        Metric ref = MembershipInference.referenceAuc(model.samples(), reference.samples());
        if (ref != null) {
            out.put(ref.name(), ref);
        }
        return out;
    }

    private static void forgetQuality(Map<String, Metric> out, String slice, double[] a, double[] b) {
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.twoSample(a, b);
        out.put(slice + ".forgetQuality", new Metric(slice + ".forgetQuality", r.pValue(), r.n(), Double.NaN));
        out.put(slice + ".ksStatistic", new Metric(slice + ".ksStatistic", r.statistic(), r.n(), Double.NaN));
    }

    private static void privleak(Map<String, Metric> out, String name, Metric auc, Metric ref) {
        if (auc != null && ref != null && auc.count() > 0 && ref.value() > 0) {
            out.put(name, new Metric(name, (auc.value() - ref.value()) / ref.value(), auc.count(), 0));
        }
    }
}

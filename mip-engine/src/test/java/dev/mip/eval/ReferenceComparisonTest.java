package dev.mip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Truth ratios, forget quality (KS of truth ratios) and PrivLeak against hand-computed values. */
class ReferenceComparisonTest {
    @Test
    void truthRatioIsTheMeanLengthNormalisedLikelihoodOfTheWrongOptionsOverTheRightOne() {
        double[] m = {Math.log(0.5), Math.log(0.1), Math.log(0.2), Math.log(0.05)};
        assertEquals((0.1 + 0.2 + 0.05) / 0.5 / 3, TruthRatio.of(m, 0), 1e-12);
        assertEquals(1.0, TruthRatio.of(new double[] {-2, -2, -2}, 1), 1e-12, "no preference: R = 1");
        assertTrue(Double.isNaN(TruthRatio.of(new double[] {-1}, 0)));
    }

    @Test
    void measurementsCollectTheTruthRatiosPerSlice() {
        EvalResult r = new EvalResult(Map.of(), List.of(new QuestionResult("q1", "forget.image.mcq.accuracy", 1, "A", 0.2),
                new QuestionResult("q2", "forget.image.mcq.accuracy", 0, "B", 1.5),
                new QuestionResult("q3", "forget.image.generation.rougeL", 0.4, "text")));
        Measurement m = Measurement.of(Map.of(), r);
        assertEquals(List.of("forget.image.mcq.truthRatio"), List.copyOf(m.samples().keySet()));
        assertEquals(List.of(0.2, 1.5), java.util.Arrays.stream(m.sample("forget.image.mcq.truthRatio")).boxed().toList());
    }

    @Test
    void forgetQualityIsTheKsPValueAndPrivleakTheRelativeAucDifference() {
        double[] a = {0.1, 0.2, 0.2, 0.5, 0.9, 1.3, 2.0};
        double[] b = {0.2, 0.3, 0.4, 0.4, 1.0};
        Measurement model = new Measurement(Map.of("forget.any.mia.auc", new Metric("forget.any.mia.auc", 0.6, 80, 0.5)),
                Map.of("forget.image.mcq.truthRatio", a));
        Measurement ref = new Measurement(Map.of("forget.any.mia.auc", new Metric("forget.any.mia.auc", 0.48, 80, 0.5)),
                Map.of("forget.image.mcq.truthRatio", b));
        Map<String, Metric> c = ReferenceComparison.compare(model, ref);
        assertEquals(0.7373737373737375, c.get("forget.image.mcq.forgetQuality").value(), 1e-9, "SciPy's ks_2samp p-value");
        assertEquals(0.37142857142857144, c.get("forget.image.mcq.ksStatistic").value(), 1e-12);
        assertEquals(7, c.get("forget.image.mcq.forgetQuality").count());
        assertEquals(c.get("forget.image.mcq.forgetQuality").value(), c.get("forget.any.mcq.forgetQuality").value(), 1e-12,
                "one modality: pooled = that modality");
        assertFalse(c.containsKey("forget.text.mcq.forgetQuality"), "no text truth ratios, no text forget quality");
        assertEquals((0.6 - 0.48) / 0.48, c.get("forget.any.mia.privleak").value(), 1e-12);
        assertEquals(0.0, c.get("forget.any.mia.privleak").chance(), "the target is the reference: 0");
        assertTrue(MetricNames.isValid("forget.any.mia.privleak") && MetricNames.isValid("forget.text.mcq.forgetQuality"));
    }
}

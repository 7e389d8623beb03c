package dev.mip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.InvalidInputException;
import dev.mip.data.Benchmark;
import dev.mip.data.EvalSplit;
import dev.mip.data.QaPair;
import dev.mip.data.Question;
import dev.mip.data.Task;
import dev.mip.data.synth.SyntheticBenchmark;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The relearning attack's split of facts, the prompt attacks and the attacked metric names. */
class AuditTest {
    static final Benchmark BENCH = SyntheticBenchmark.generate(new SyntheticBenchmark.Options(5, 20, 2, 32, 1, 96)).benchmark();

    @Test
    void relearningTeachesHalfOfEachPersonsFactsAndAsksAboutTheOthers() {
        Audit.RelearnSplit s = Audit.relearnSplit(BENCH, "forget_10", "retain_90", 0.5, 42);
        Set<String> forget = BENCH.profileSet("forget_10");
        Map<String, Set<String>> taught = new HashMap<>();
        for (QaPair p : s.train()) {
            assertTrue(forget.contains(p.subject()), "only forget people are relearnt");
            taught.computeIfAbsent(p.subject(), k -> new HashSet<>()).add(p.answer());
        }
        assertEquals(forget, taught.keySet(), "every forget person gets some facts back");
        Map<String, Set<String>> all = new HashMap<>();
        for (QaPair p : BENCH.trainOf(forget)) {
            all.computeIfAbsent(p.subject(), k -> new HashSet<>()).add(p.answer());
        }
        for (String person : forget) {
            int n = all.get(person).size();
            assertEquals(Math.round(0.5 * n), taught.get(person).size(), person);
        }
        // Every pair of a taught fact is taught (both modalities, every wording), and no other.
        long expected = BENCH.trainOf(forget).stream().filter(p -> taught.get(p.subject()).contains(p.answer())).count();
        assertEquals(expected, s.train().size());
        assertFalse(s.heldOut().isEmpty());
        for (Question q : s.heldOut()) {
            assertEquals(Task.MCQ, q.task());
            assertFalse(taught.get(q.subject()).contains(q.answer()), "a held-out question's answer was never relearnt: " + q.id());
        }
        long askable = BENCH.questions(EvalSplit.FORGET, "forget_10", "retain_90").stream()
                .filter(q -> q.task() == Task.MCQ && !taught.get(q.subject()).contains(q.answer())).count();
        assertEquals(askable, s.heldOut().size(), "every question about an unrelearnt fact is asked");
        // Deterministic for a seed; another seed picks other facts.
        assertEquals(s, Audit.relearnSplit(BENCH, "forget_10", "retain_90", 0.5, 42));
        assertNotEquals(s.train(), Audit.relearnSplit(BENCH, "forget_10", "retain_90", 0.5, 7).train());
    }

    @Test
    void promptAttacksChangeOnlyTheQuestionText() {
        Question q = BENCH.questions(EvalSplit.FORGET, "forget_10", "retain_90").stream().filter(x -> x.task() == Task.MCQ)
                .findFirst().orElseThrow();
        for (Audit.PromptAttack a : Audit.PromptAttack.values()) {
            Question changed = a.apply(q);
            assertNotEquals(q.question(), changed.question());
            assertTrue(changed.question().contains(q.question()));
            assertEquals(List.of(q.id(), q.options(), q.correct(), q.answer(), q.modality()),
                    List.of(changed.id(), changed.options(), changed.correct(), changed.answer(), changed.modality()));
            assertEquals(a, Audit.PromptAttack.of(a.id()));
            assertTrue(MetricNames.isValid("forget.image.mcq.accuracy@" + a.id()));
        }
    }

    @Test
    void attackedMetricNamesAndGlobs() {
        assertTrue(MetricNames.isValid("forget.text.mcq.accuracy@relearn"));
        assertTrue(MetricNames.isValid("retain.image.mcq.accuracy@int8"));
        assertFalse(MetricNames.isValid("forget.text.mcq.accuracy@bribery"));
        assertFalse(MetricNames.isValid("forget.text.mcq.accuracy@nf4@int8"));
        assertTrue(MetricNames.matchesAny("forget.*.mcq.accuracy@*"));
        assertTrue(MetricNames.compile("forget.*.mcq.accuracy@*").matcher("forget.image.mcq.accuracy@nf4").matches());
        assertFalse(MetricNames.compile("forget.*.mcq.accuracy").matcher("forget.image.mcq.accuracy@nf4").matches(),
                "a rule on the plain metric does not bind its attacked variants");
        assertFalse(MetricNames.compile("forget.*.mcq.*").matcher("forget.image.mcq.accuracy@nf4").matches(),
                "* stops at @");
        assertThrows(InvalidInputException.class, () -> new Audit.Relearn(1, 8, 1e-3, 1.0));
    }
}

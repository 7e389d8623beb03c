package dev.mip.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.data.format.MipDatasetWriter;
import dev.mip.data.synth.SyntheticBenchmark;
import dev.mip.model.Architectures;
import dev.mip.model.Checkpoint;
import dev.mip.model.RandomCheckpoint;
import dev.mip.model.WordLevelTokenizerJson;
import dev.mip.model.io.TensorDType;
import dev.mip.ProgressListener;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Sweeps on a real (random, tiny) checkpoint and a synthetic dataset; report logic on hand-made records. */
class UnlearnSweepTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void fixtures() throws Exception {
        var g = SyntheticBenchmark.generate(new SyntheticBenchmark.Options(3, 20, 2, 32, 1, 24));
        MipDatasetWriter.write(g.benchmark(), g.images(), dir.resolve("data"), null);
        var cfg = Architectures.tiny(WordLevelTokenizerJson.vocabSize(g.vocabulary()));
        try (Checkpoint c = RandomCheckpoint.create(cfg, g.vocabulary(), 5, 0.02, TensorDType.F32, Device.cpu(), DataType.FLOAT32)) {
            c.save(dir.resolve("model"));
        }
        Files.writeString(dir.resolve("mip.yaml"), """
                model: {path: model}
                data: {path: data, forget: forget_10, retain: retain_90}
                locate: {mode: joint, steps: 2, neuronsPerLayer: 4, samplesPerBatch: 8}
                unlearn:
                  mip: {epochs: 1, steeringLayer: 1, retainPool: 16}
                  gradient: {epochs: 1, retainPool: 16}
                eval: {maxQuestionsPerSlice: 4, splits: [forget, retain, world]}
                """);
    }

    static Path sweepFile(String name, String text) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sweeps"));
        Path f = sub.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void everyCombinationRunsOnceLocatesOnceAndAResumedSweepRunsNothing() throws Exception {
        Path f = sweepFile("s.yaml", """
                base: ../mip.yaml
                common: {unlearn.seed: 3}
                runs:
                  - curve: MANU
                    set: {unlearn.method: manu}
                    grid: {unlearn.manu.alpha: [0.05, 0.2]}
                  - curve: GA_Diff
                    set: {unlearn.method: ga-diff, unlearn.gradient.learningRate: 1.0e-3}
                  - curve: MIP
                    set: {unlearn.method: mip}
                    grid: {unlearn.mip.neuronsPerLayer: [2, 4]}
                """);
        UnlearnSweep s = UnlearnSweep.read(f);
        assertEquals(5, s.runs().size());
        assertEquals("MIP neuronsPerLayer=4", s.runs().get(4).name());
        Path results = dir.resolve("out/results.jsonl");
        assertEquals(List.of(false, false, false, false, false), s.recorded(results));
        assertEquals(5, s.run(results, Set.of(), ProgressListener.NONE));
        assertEquals(List.of(true, true, true, true, true), s.recorded(results));
        List<ObjectNode> rows = UnlearnSweep.readResults(results);
        assertEquals(6, rows.size(), "vanilla + 5 runs");
        assertEquals(UnlearnSweep.VANILLA, rows.get(0).path("curve").asText());
        for (ObjectNode r : rows) {
            assertFalse(r.has("error"), r.toString());
            assertTrue(r.path("metrics").path("forget.image.mcq.accuracy").isNumber(), r.toString());
            assertTrue(r.path("metrics").path("world.text.mcq.accuracy").isNumber(), r.toString());
        }
        ObjectNode manuSmall = rows.get(1);
        ObjectNode manuLarge = rows.get(2);
        assertTrue(manuLarge.path("prunedNeurons").asInt() > manuSmall.path("prunedNeurons").asInt());
        assertEquals(3, manuSmall.path("settings").path("seed").asInt());
        assertTrue(rows.get(3).path("peakRssMiB").asDouble() > 0);
        assertNotEquals(rows.get(4).path("key").asText(), rows.get(5).path("key").asText());
        assertTrue(rows.get(5).path("prunedNeurons").asInt() > rows.get(4).path("prunedNeurons").asInt(), "k=4 prunes more than k=2");
        try (Stream<Path> p = Files.list(dir.resolve("out/results.jsonl.paths"))) {
            assertEquals(1, p.count(), "the paths are located once for all MIP runs");
        }
        String before = Files.readString(results);
        assertEquals(0, s.run(results, Set.of(), ProgressListener.NONE), "everything is recorded");
        assertEquals(before, Files.readString(results));

        String md = SweepReport.markdown(rows, "MIP");
        assertTrue(md.contains("### forget_10: selected point of each curve"), md);
        assertTrue(md.contains("| MANU | alpha=0.05 |"), md);
        assertTrue(md.contains("| GA_Diff | learningRate=0.001 |"), md);
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(SweepReport.svg(rows, "forget_10").getBytes(StandardCharsets.UTF_8)));
        // Every point in all four panels, plus one legend marker per curve.
        assertEquals(5 * 4 + 3, svg.getElementsByTagName("circle").getLength());
    }

    @Test
    void aCurveFilterRunsOnlyThatCurve() throws Exception {
        Path f = sweepFile("filter.yaml", """
                base: ../mip.yaml
                seeds: 1
                runs:
                  - curve: MANU
                    set: {unlearn.method: manu, audit.relearn.epochs: 1}
                  - curve: NPO
                    set: {unlearn.method: npo}
                """);
        Path results = dir.resolve("filter/results.jsonl");
        assertEquals(1, UnlearnSweep.read(f).run(results, Set.of("MANU"), ProgressListener.NONE));
        var records = UnlearnSweep.readResults(results);
        assertEquals(List.of("Vanilla", "MANU"), records.stream().map(n -> n.path("curve").asText()).toList());
        for (var r : records) {
            assertTrue(r.path("metrics").has("forget.text.mcq.accuracy@relearn"), "the audit runs in sweeps too: " + r.path("metrics"));
        }
    }

    @Test
    void badSweepFilesNameTheFileTheFieldAndTheRun() throws Exception {
        InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> UnlearnSweep.read(sweepFile("u.yaml", """
                base: ../mip.yaml
                runz: []
                """)));
        assertTrue(unknown.getMessage().contains("u.yaml") && unknown.getMessage().contains("runz"), unknown.getMessage());
        InvalidInputException value = assertThrows(InvalidInputException.class, () -> UnlearnSweep.read(sweepFile("v.yaml", """
                base: ../mip.yaml
                runs:
                  - curve: GA_Diff
                    set: {unlearn.method: ga-diff}
                    grid: {unlearn.gradient.learningRate: [1.0e-4, 2.0]}
                """)));
        assertTrue(value.getMessage().contains("run 'GA_Diff learningRate=2.0 seed=42'") && value.getMessage().contains("learningRate"),
                value.getMessage());
        InvalidInputException key = assertThrows(InvalidInputException.class, () -> UnlearnSweep.read(sweepFile("k.yaml", """
                base: ../mip.yaml
                runs:
                  - curve: MIP
                    set: {unlearn.mip.lamda: 2}
                """)));
        assertTrue(key.getMessage().contains("lamda") && key.getMessage().contains("lambda"), key.getMessage());
        InvalidInputException base = assertThrows(InvalidInputException.class, () -> UnlearnSweep.read(sweepFile("b.yaml", """
                base: ../nothing.yaml
                runs: [{curve: X}]
                """)));
        assertTrue(base.getMessage().contains("base") && base.getMessage().contains("nothing.yaml"), base.getMessage());
        Path broken = dir.resolve("broken.jsonl");
        Files.writeString(broken, "{\"curve\": \"Vanilla\"}\nnot json\n");
        InvalidInputException line = assertThrows(InvalidInputException.class, () -> UnlearnSweep.readResults(broken));
        assertTrue(line.getMessage().contains("line 2"), line.getMessage());
    }

    static ObjectNode record(String curve, String name, double fi, double ft, double ri, double rt, double wi, double wt) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("curve", curve).put("name", name).put("forget", "forget_5").put("retain", "retain_95");
        ObjectNode m = n.putObject("metrics");
        m.put("forget.image.mcq.accuracy", fi).put("forget.text.mcq.accuracy", ft).put("retain.image.mcq.accuracy", ri)
                .put("retain.text.mcq.accuracy", rt).put("world.image.mcq.accuracy", wi).put("world.text.mcq.accuracy", wt);
        ObjectNode c = n.putObject("chance");
        c.put("forget.image.mcq.accuracy", 0.25).put("forget.text.mcq.accuracy", 0.25);
        return n;
    }

    @Test
    void theSelectedPointIsTheAdmissiblePointNearestChanceAndDominanceIsCounted() {
        List<ObjectNode> rs = List.of(
                record("Vanilla", "Vanilla", 1, 1, 1, 1, 1, 1),
                // A: nearest chance but loses retain (not admissible); B: admissible, gap 0.15; C: admissible, gap 0.05.
                record("X", "X a", 0.25, 0.25, 0.80, 1, 0.5, 1),
                record("X", "X b", 0.40, 0.30, 0.99, 1, 1, 1),
                record("X", "X c", 0.30, 0.20, 0.96, 0.97, 0.95, 1),
                // X f: nearest chance of the points keeping 90% (worst retention .92), not 95%.
                record("X", "X f", 0.26, 0.24, 0.92, 0.92, 1, 1),
                // Y: nothing admissible; best worst-retention is 'Y e'.
                record("Y", "Y d", 0.25, 0.25, 0.50, 0.5, 1, 1),
                record("Y", "Y e", 0.60, 0.60, 0.90, 0.9, 1, 1));
        var pts = SweepReport.points(rs).get("forget_5");
        var x = pts.stream().filter(p -> p.curve().equals("X")).toList();
        var y = pts.stream().filter(p -> p.curve().equals("Y")).toList();
        assertEquals("X c", SweepReport.selected(x).name());
        assertEquals("Y e", SweepReport.selected(y).name());
        assertFalse(SweepReport.selected(y).admissible());
        assertEquals("X f", SweepReport.selected(x, SweepReport.LOOSE).name());
        assertEquals("Y e", SweepReport.selected(y, SweepReport.LOOSE).name());
        assertTrue(SweepReport.selected(y, SweepReport.LOOSE).admissible(SweepReport.LOOSE));
        // Y d (gap 0, retain .5) is dominated per modality by X a (gap 0, retain .8/1) but not jointly (X a's world
        // image retention is .5); Y e (gap .35, retain .9) is dominated jointly by X b (gap .15/.05, retain .99/1, world 1).
        String md = SweepReport.markdown(rs, "X");
        assertTrue(md.contains("| Y | 2 | 2 | 2 | 1 |"), md);
        assertTrue(md.contains("(none admissible: best retention)"), md);
        assertTrue(md.contains("| X | **0.300** |"), md);
        assertTrue(md.contains("selected point of each curve, keeping 90%"), md);
        assertTrue(md.contains("| X | **0.260** |"), md);
    }

    @Test
    void aSweepRunMeasuresWhatTheGoalsMeasureForTheSameSettings() throws Exception {
        Path f = sweepFile("same.yaml", """
                base: ../mip.yaml
                runs:
                  - curve: MIP
                    set: {unlearn.method: mip, unlearn.seed: 5}
                """);
        UnlearnSweep sweep = UnlearnSweep.read(f);
        Path results = dir.resolve("sweeps/same.jsonl");
        sweep.run(results, Set.of(), ProgressListener.NONE);
        ObjectNode run = UnlearnSweep.readResults(results).stream().filter(n -> n.path("curve").asText().equals("MIP"))
                .findFirst().orElseThrow();
        // The goals on the same configuration (the sweep's one run, with its outputs in a project of its own).
        dev.mip.config.MipConfig cfg = sweep.config(sweep.runs().get(0));
        dev.mip.run.Pipeline p = new dev.mip.run.Pipeline(cfg, dev.mip.run.Pipeline.Options.of(false), ProgressListener.NONE);
        p.locate();
        p.unlearn();
        var report = p.verify().report();
        assertEquals(report.unlearned().keySet(), Set.copyOf(iterable(run.path("metrics").fieldNames())),
                "the same metrics, membership inference included");
        report.unlearned().forEach((name, m) -> assertEquals(Math.round(m.value() * 1e6) / 1e6, run.path("metrics").path(name)
                .asDouble(), 0, name));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void everyPointRunsWithSeveralSeedsAndTheReportAveragesThem() throws Exception {
        Path f = sweepFile("seeds.yaml", """
                base: ../mip.yaml
                runs:
                  - curve: MANU
                    set: {unlearn.method: manu}
                  - curve: NPO
                    set: {unlearn.method: npo, unlearn.seed: 9}
                """);
        UnlearnSweep s = UnlearnSweep.read(f);
        assertEquals(List.of("MANU seed=42", "MANU seed=43", "MANU seed=44", "NPO seed=9"), s.runs().stream().map(UnlearnSweep.Run::name)
                .toList(), "the default: 3 seeds from the base seed; a run that sets its seed keeps it");
        assertEquals(List.of("MANU", "MANU", "MANU", "NPO"), s.runs().stream().map(UnlearnSweep.Run::point).toList(),
                "a point's name leaves out the seed");
        assertEquals(43L, s.config(s.runs().get(1)).seed());
        Path listed = sweepFile("seeds2.yaml", "base: ../mip.yaml\nseeds: [5, 1]\nruns:\n  - curve: MANU\n    set: {unlearn.method: manu}\n");
        assertEquals(List.of("MANU seed=5", "MANU seed=1"), UnlearnSweep.read(listed).runs().stream().map(UnlearnSweep.Run::name).toList());
        Path bad = sweepFile("seeds3.yaml", "base: ../mip.yaml\nseeds: [5, 5]\nruns:\n  - curve: MANU\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> UnlearnSweep.read(bad)).getMessage().contains("seeds"));

        ObjectNode a = record("X", "X k=1 seed=1", 0.20, 0.30, 1, 1, 1, 1).put("point", "X k=1");
        ObjectNode b = record("X", "X k=1 seed=2", 0.40, 0.30, 0.9, 1, 1, 1).put("point", "X k=1");
        ObjectNode c = record("X", "X k=1 seed=3", 0.30, 0.30, 1, 1, 1, 1).put("point", "X k=1");
        var pts = SweepReport.points(List.of(record("Vanilla", "Vanilla", 1, 1, 1, 1, 1, 1), a, b, c)).get("forget_5");
        assertEquals(1, pts.size(), "three seeds, one point");
        var p = pts.get(0);
        assertEquals("X k=1", p.name());
        assertEquals(0.30, p.metric("forget.image.mcq.accuracy"), 1e-12, "the seed mean");
        assertEquals(0.1, p.seedSd("forget.image.mcq.accuracy"), 1e-12);
        assertEquals(0.15, p.worstSeedGap(), 1e-12, "seed 2: 0.40 is 0.15 from chance");
        assertEquals(0.9, p.worstSeedRetention(), 1e-12);
        String md = SweepReport.markdown(List.of(record("Vanilla", "Vanilla", 1, 1, 1, 1, 1, 1), a, b, c), "X");
        assertTrue(md.contains("| 3; sd 0.10/0.00; worst gap 0.15, retention 0.90 |"), md);
    }
}

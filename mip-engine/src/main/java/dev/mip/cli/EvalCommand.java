package dev.mip.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.data.Benchmark;
import dev.mip.data.EvalSplit;
import dev.mip.eval.EvalOptions;
import dev.mip.eval.EvalResult;
import dev.mip.eval.Evaluator;
import dev.mip.eval.McqScoring;
import dev.mip.eval.Metric;
import dev.mip.model.Checkpoint;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mip eval}: metrics of a checkpoint per split x modality x task. */
@Command(name = "eval", description = "Evaluate a checkpoint: multiple choice, generation (ROUGE-L) and cloze, per split and modality.")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    DataOptions data;

    @Option(names = "--forget", defaultValue = "forget_5", description = "Forget profile set (default: ${DEFAULT-VALUE}).")
    String forget;

    @Option(names = "--retain", defaultValue = "retain_95", description = "Retain profile set (default: ${DEFAULT-VALUE}).")
    String retain;

    @Option(names = "--splits", defaultValue = "forget,retain,test,world", split = ",",
            description = "Splits to evaluate (default: ${DEFAULT-VALUE}); also: holdout.")
    List<String> splits;

    @Option(names = "--mcq", defaultValue = "likelihood", description = "likelihood or letter (default: ${DEFAULT-VALUE}).")
    String mcq;

    @Option(names = "--max-per-slice", defaultValue = "0", description = "At most this many questions per slice, 0 = all (default: ${DEFAULT-VALUE}).")
    int maxPerSlice;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--failures", description = "Also list every question answered wrongly (accuracy metrics) with the prediction.")
    boolean failures;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Benchmark bench = data.load();
        bench.checkPair(forget, retain);
        List<EvalSplit> which = new ArrayList<>();
        for (String s : splits) {
            EvalSplit e = EvalSplit.fromId(s.trim().toLowerCase(Locale.ROOT));
            if (e == null) {
                throw new InvalidInputException("--splits: unknown split '" + s + "'. Use forget, retain, test, world, holdout");
            }
            which.add(e);
        }
        McqScoring scoring = switch (mcq.toLowerCase(Locale.ROOT)) {
            case "likelihood" -> McqScoring.LIKELIHOOD;
            case "letter" -> McqScoring.LETTER;
            default -> throw new InvalidInputException("--mcq: unknown scoring '" + mcq + "'. Use likelihood or letter");
        };
        try (Checkpoint c = model.load()) {
            EvalOptions o = new EvalOptions(scoring, 64, 32, maxPerSlice);
            EvalResult r = new Evaluator(c, o).evaluate(bench, forget, retain, which, new ConsoleProgress(spec.commandLine().getErr()));
            print(r, json, spec.commandLine().getOut());
            if (failures) {
                for (dev.mip.eval.QuestionResult q : r.questions()) {
                    if (q.metric().endsWith(".accuracy") && q.score() < 1) {
                        spec.commandLine().getOut().printf("WRONG %-40s %-28s -> %s%n", q.id(), q.metric(), q.prediction());
                    }
                }
            }
        }
        return 0;
    }

    static void print(EvalResult r, boolean json, PrintWriter out) {
        if (json) {
            ObjectNode n = Json.mapper().createObjectNode();
            for (Metric m : r.metrics().values()) {
                ObjectNode e = n.putObject(m.name());
                e.put("value", m.value());
                e.put("count", m.count());
                if (!Double.isNaN(m.chance())) {
                    e.put("chance", m.chance());
                }
            }
            out.println(Json.write(n));
            return;
        }
        out.printf("%-36s %8s %6s %8s%n", "metric", "value", "n", "chance");
        for (Metric m : r.metrics().values()) {
            out.printf("%-36s %8.3f %6d %8s%n", m.name(), m.value(), m.count(),
                    Double.isNaN(m.chance()) ? "" : String.format("%.3f", m.chance()));
        }
    }
}

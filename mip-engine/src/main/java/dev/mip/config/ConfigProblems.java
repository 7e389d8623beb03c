package dev.mip.config;

import dev.mip.InvalidInputException;
import dev.mip.config.YamlLocations.Position;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem of one configuration file so that the user sees all of them at once (as
 * maven-enforcer lists every failed rule), then turns them into one {@link InvalidInputException}
 * with one line per problem, in file order:
 * {@code <file>:<line>:<column>: field '<a.b.c>': <problem>. Fix: <fix>}.
 */
final class ConfigProblems {
    private final List<ConfigProblem> problems = new ArrayList<>();

    /**
     * @param field dotted path of the key
     * @param problem what is wrong
     * @param fix what to do
     */
    void add(String field, String problem, String fix) {
        problems.add(new ConfigProblem(field, problem, fix, null));
    }

    /**
     * @param field dotted path of the key
     * @param at where exactly
     * @param problem what is wrong
     * @param fix what to do
     */
    void add(String field, Position at, String problem, String fix) {
        problems.add(new ConfigProblem(field, problem, fix, at));
    }

    /** @return whether nothing was added */
    boolean isEmpty() {
        return problems.isEmpty();
    }

    /**
     * @param file the configuration file
     * @param locations where each key sits in the file
     * @return one exception listing every problem, one per line, sorted by position
     */
    InvalidInputException toException(Path file, YamlLocations locations) {
        List<String> lines = problems.stream()
                .map(p -> new ConfigProblem(p.field(), p.problem(), p.fix(), p.at() != null ? p.at() : locations.find(p.field())))
                .sorted(Comparator.comparing(ConfigProblem::at))
                .map(p -> format(file, p.at(), p.field(), p.problem(), p.fix()))
                .toList();
        String head = lines.size() > 1 ? file + ": " + lines.size() + " problems in the configuration:\n" : "";
        return new InvalidInputException(head + String.join("\n", lines));
    }

    /**
     * @param file the file
     * @param at where in it (null = the whole file)
     * @param field the dotted key (null = none)
     * @param problem what is wrong
     * @param fix what to do
     * @return {@code <file>:<line>:<column>: field '<field>': <problem>. Fix: <fix>}
     */
    static String format(Path file, Position at, String field, String problem, String fix) {
        return file + (at == null ? "" : ":" + at) + ": " + (field == null ? "" : "field '" + field + "': ") + problem
                + ". Fix: " + fix;
    }
}

package dev.mip.cli;

import dev.mip.InvalidInputException;
import dev.mip.MipException;
import dev.mip.ResourceException;
import dev.mip.runtime.DjlRuntime;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The engine's command line: {@code java -jar mip-engine.jar <command> ...}. Mirrors the Maven
 * goals and adds tools to sanity-check a checkpoint without Maven. Exit codes: 0 success,
 * 1 a gate or check failed, 2 bad input or a resource problem such as a full disk or a held lock
 * (the message names the file/field and the fix), 3 internal error (a bug: please report it).
 */
@Command(name = "mip", mixinStandardHelpOptions = true, version = "mip 0.1.0",
        description = "Multimodal influential-path unlearning: inspect, run and edit LLaVA-format checkpoints.",
        subcommands = {InspectCommand.class, GenerateCommand.class, ScoreCommand.class, SynthCommand.class, TrainCommand.class,
            EvalCommand.class, LocateCommand.class, MergePathsCommand.class, UnlearnCommand.class, PipelineCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {
    static {
        DjlRuntime.isOffline(); // loading DjlRuntime forces DJL's offline mode before any DJL class
    }

    /** Exit code for bad input, and for a resource problem (full disk, unwritable path, held lock). */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for an internal failure. */
    public static final int EXIT_INTERNAL = 3;

    /**
     * @param args command line
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs a command without exiting the JVM (used by tests).
     *
     * @param args command line
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof InvalidInputException || ex instanceof ResourceException) {
                err.println("error: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof MipException) {
                err.println("error: " + ex.getMessage());
                return EXIT_INTERNAL;
            }
            err.println("internal error: " + ex);
            ex.printStackTrace(err);
            return EXIT_INTERNAL;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}

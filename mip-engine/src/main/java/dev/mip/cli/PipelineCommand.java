package dev.mip.cli;

import dev.mip.config.MipConfig;
import dev.mip.gate.GateCheck;
import dev.mip.run.Pipeline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mip verify}: the Maven goals' pipeline outside Maven, from the same
 * {@code mip.yaml}. {@code verify} exits with {@link #EXIT_GATE_FAILED} when the gate fails.
 */
@Command(name = "verify", description = "Evaluate the unlearned and vanilla model, check the gate of mip.yaml and write the reports "
        + "(exit 0 = passed, 1 = gate failed).")
final class PipelineCommand implements Callable<Integer> {
    /** Exit code of a failed gate. */
    static final int EXIT_GATE_FAILED = 1;

    @Option(names = "--config", defaultValue = "mip.yaml", description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--basedir", description = "Directory relative paths resolve against (default: the configuration file's directory).")
    Path basedir;

    @Option(names = "--force", description = "Recompute even when the inputs are unchanged.")
    boolean force;

    @Option(names = "--all", description = "Run locate and unlearn first (each skipped when up to date).")
    boolean all;

    @Option(names = "--timestamp", description = "Time recorded in the reports (default: none, for reproducible reports).")
    String timestamp;

    @Option(names = "--lock-wait", defaultValue = "3600", paramLabel = "SECONDS", description = "How long to wait while another "
            + "MIP run holds the output directories; 0 = fail at once (default: ${DEFAULT-VALUE}).")
    long lockWait;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // The file resolves against the working directory (as every option does); the paths inside
        // it against its own directory unless --basedir says otherwise.
        Path file = config.toAbsolutePath().normalize();
        Path base = basedir != null ? basedir.toAbsolutePath().normalize() : file.getParent();
        MipConfig cfg = MipConfig.load(file, base);
        PrintWriter out = spec.commandLine().getOut();
        ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr());
        if (lockWait < 0) {
            throw new dev.mip.InvalidInputException("--lock-wait: " + lockWait + " must be 0 or more seconds");
        }
        Pipeline pipeline = new Pipeline(cfg, new Pipeline.Options(force, timestamp, java.time.Duration.ofSeconds(lockWait)), progress);
        if (all) {
            if (cfg.unlearnMethod().usesPaths()) {
                out.println(pipeline.locate().summary());
            }
            out.println(pipeline.unlearn().summary());
        }
        Pipeline.Verification v = pipeline.verify();
        v.logLines().forEach(out::println);
        for (GateCheck c : v.gate().checks()) {
            if (c.blocking()) {
                out.println(c.verdict() + ": " + c.message());
            }
        }
        out.println("reports: " + v.reportFiles());
        out.println(v.gate().summary());
        return v.gate().passes() ? 0 : EXIT_GATE_FAILED;
    }
}

package dev.mip.maven;

import dev.mip.config.MipConfig;
import dev.mip.gate.GateCheck;
import dev.mip.run.Pipeline;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mip:verify}: evaluates the unlearned and the vanilla model (the vanilla evaluation is
 * cached while model, data and settings are unchanged), checks every gate rule, writes
 * {@code report.json}, {@code report.html} and {@code TEST-mip-verify.xml}, prints a summary table,
 * and fails the build when a rule is violated or a metric cannot be evaluated. Unchanged inputs
 * replay the recorded verdict: a failure stays a failure.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractMipMojo {
    /** Fail the build on a violated gate (true, the default) or only log the violations as warnings (false). */
    @Parameter(property = "mip.failOnViolation", defaultValue = "true")
    protected boolean failOnViolation;

    /**
     * The project's reproducible-build timestamp: when set, reports record it instead of the wall
     * clock, so that an unchanged build writes byte-identical reports.
     */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    protected String outputTimestamp;

    @Override
    protected String goal() {
        return "verify";
    }

    @Override
    protected void run(MipConfig cfg) throws MojoExecutionException, MojoFailureException {
        String ts = outputTimestamp != null && !outputTimestamp.isBlank() ? outputTimestamp
                : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Pipeline.Verification v = new Pipeline(cfg, options(ts), progress()).verify();
        for (String line : v.logLines()) {
            getLog().info(line);
        }
        getLog().info("mip:verify: reports " + v.reportFiles().stream().map(this::show).toList());
        attach(v.reportFiles().get(0), "json", "mip-report");
        attach(v.reportFiles().get(1), "html", "mip-report");
        if (v.gate().passes()) {
            getLog().info("mip:verify: " + v.gate().summary());
            return;
        }
        List<GateCheck> bad = v.gate().checks().stream().filter(GateCheck::blocking).toList();
        StringBuilder msg = new StringBuilder(v.gate().summary());
        for (GateCheck c : bad) {
            msg.append("\n  ").append(c.verdict()).append(": ").append(c.message());
        }
        msg.append("\nSee ").append(show(v.reportFiles().get(1))).append(" for the full report");
        if (failOnViolation) {
            throw new MojoFailureException(msg.toString());
        }
        getLog().warn(msg + "\n(mip.failOnViolation=false: the build continues)");
    }
}

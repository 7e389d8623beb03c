package dev.mip.maven;

import dev.mip.MipException;
import dev.mip.config.MipConfig;
import dev.mip.run.Pipeline;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * What every MIP goal shares: {@code mip.skip}, {@code mip.force}, the configuration file, error
 * mapping (broken input or infrastructure → {@link MojoExecutionException}; a violated gate →
 * {@link MojoFailureException}), progress in the build log and artifact attachment. The goals are
 * thin: all work happens in the engine's {@link dev.mip.run.Pipeline}, which also holds the
 * JVM-wide lock, so the mojos keep no mutable static state and are thread-safe.
 */
public abstract class AbstractMipMojo extends AbstractMojo {
    /** Skip this goal. Default false. */
    @Parameter(property = "mip.skip", defaultValue = "false")
    protected boolean skip;

    /** The YAML configuration file (model, data, locate, unlearn, eval, audit, gate, report). Default {@code mip.yaml} in the project. */
    @Parameter(property = "mip.config", defaultValue = "${project.basedir}/mip.yaml")
    protected File config;

    /** Recompute even when every input is unchanged (instead of reusing or replaying the recorded result). Default false. */
    @Parameter(property = "mip.force", defaultValue = "false")
    protected boolean force;

    /**
     * Seconds to wait while another MIP run (another build on the same workspace) holds the output
     * directories' lock; 0 fails at once. Default 3600 (one hour).
     */
    @Parameter(property = "mip.lockWait", defaultValue = "3600")
    protected long lockWait;

    /** Attach the goal's outputs to the project (classifiers {@code mip-paths}, {@code mip-model}, {@code mip-report}). Default true. */
    @Parameter(property = "mip.attach", defaultValue = "true")
    protected boolean attach;

    /** The project base directory: relative paths in the configuration resolve against it. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    protected File basedir;

    /** The project (for attaching artifacts). */
    @Parameter(defaultValue = "${project}", readonly = true)
    protected MavenProject project;

    /** Attaches artifacts. */
    @Component
    protected MavenProjectHelper projectHelper;

    /** @return the goal name, for messages */
    protected abstract String goal();

    /**
     * Runs the goal on a loaded configuration.
     *
     * @param cfg the configuration
     * @throws MojoFailureException when the gate fails
     * @throws MojoExecutionException on infrastructure problems
     */
    protected abstract void run(MipConfig cfg) throws MojoExecutionException, MojoFailureException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("mip:" + goal() + " skipped (mip.skip=true)");
            return;
        }
        long start = System.nanoTime();
        try {
            run(MipConfig.load(config.toPath(), basedir.toPath()));
        } catch (MipException e) {
            throw new MojoExecutionException("mip:" + goal() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException("mip:" + goal() + " failed: " + e, e);
        } finally {
            // The goal's own work and its peak resident memory are logged (and kept in resources.json) by the pipeline.
            getLog().info(String.format(java.util.Locale.ROOT, "mip:%s took %.1f s", goal(), (System.nanoTime() - start) / 1e9));
        }
    }

    /**
     * @param timestamp the reports' timestamp, or null
     * @return the pipeline options of this goal ({@code mip.force}, {@code mip.lockWait})
     * @throws MojoExecutionException if {@code mip.lockWait} is negative
     */
    protected Pipeline.Options options(String timestamp) throws MojoExecutionException {
        if (lockWait < 0) {
            throw new MojoExecutionException("mip:" + goal() + ": mip.lockWait is " + lockWait + " but must be 0 or more seconds");
        }
        return new Pipeline.Options(force, timestamp, java.time.Duration.ofSeconds(lockWait));
    }

    /** @return a progress listener writing to the build log */
    protected MavenProgress progress() {
        return new MavenProgress(getLog());
    }

    /**
     * Attaches a file to the project once (a second execution in the same build does not attach twice).
     *
     * @param file the file
     * @param type artifact type (extension)
     * @param classifier classifier
     */
    protected void attach(Path file, String type, String classifier) {
        if (!attach || project == null || projectHelper == null || !Files.isRegularFile(file)) {
            return;
        }
        boolean already = project.getAttachedArtifacts().stream()
                .anyMatch(a -> classifier.equals(a.getClassifier()) && type.equals(a.getType()));
        if (already) {
            getLog().debug("mip: " + classifier + " already attached");
            return;
        }
        projectHelper.attachArtifact(project, type, classifier, file.toFile());
    }

    /**
     * @param p a path
     * @return it relative to the project base directory when inside it (shorter log lines)
     */
    protected String show(Path p) {
        Path base = basedir.toPath().toAbsolutePath().normalize();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
    }

    /**
     * @param e an I/O failure
     * @param what what was being written
     * @return the exception to throw
     */
    protected MojoExecutionException io(IOException e, String what) {
        return new MojoExecutionException("mip:" + goal() + ": could not write " + what + ": " + e.getMessage(), e);
    }
}

package dev.mip.maven;

import dev.mip.ProgressListener;
import org.apache.maven.plugin.logging.Log;

/**
 * Maps the engine's progress to the build log: messages as they come, progress of long work at
 * every tenth of a stage (and at its end), so a CI log shows the work moving without flooding.
 */
final class MavenProgress implements ProgressListener {
    private final Log log;
    private String stage = "";
    private long lastDecile = -1;

    MavenProgress(Log log) {
        this.log = log;
    }

    @Override
    public void info(String message) {
        log.info("mip: " + message);
    }

    @Override
    public void warn(String message) {
        log.warn("mip: " + message);
    }

    @Override
    public synchronized void progress(Progress p) {
        long decile = p.total() <= 0 ? 10 : p.done() * 10 / p.total();
        if (!p.stage().equals(stage)) {
            stage = p.stage();
            lastDecile = -1;
        }
        if (decile > lastDecile) {
            lastDecile = decile;
            log.info("mip: " + p.line());
        }
    }
}

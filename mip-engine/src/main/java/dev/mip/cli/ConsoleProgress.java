package dev.mip.cli;

import dev.mip.ProgressListener;
import java.io.PrintWriter;

/** Progress on standard error, one line per report. */
final class ConsoleProgress implements ProgressListener {
    private final PrintWriter err;

    ConsoleProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void info(String message) {
        err.println(message);
        err.flush();
    }

    @Override
    public void progress(Progress p) {
        err.println(p.line());
        err.flush();
    }
}

package dev.mip;

/**
 * Turns "one more unit done" into rate-limited {@link ProgressListener.Progress} reports with an
 * ETA extrapolated from the elapsed time. Reports at most every {@code intervalMillis}, and always
 * for the last unit.
 */
public final class ProgressMeter {
    private final ProgressListener listener;
    private final String stage;
    private final long total;
    private final long intervalMillis;
    private final long start = System.nanoTime();
    private long lastReport;
    private long done;

    /**
     * @param listener where to report
     * @param stage stage name
     * @param total units in all
     * @param intervalMillis minimum time between reports
     */
    public ProgressMeter(ProgressListener listener, String stage, long total, long intervalMillis) {
        this.listener = listener;
        this.stage = stage;
        this.total = total;
        this.intervalMillis = intervalMillis;
        this.lastReport = start;
    }

    /**
     * Records progress.
     *
     * @param units units just finished
     * @param detail extra state for the report (computed lazily only when reported)
     */
    public void advance(long units, java.util.function.Supplier<String> detail) {
        done += units;
        long now = System.nanoTime();
        if (done >= total || (now - lastReport) / 1_000_000 >= intervalMillis) {
            lastReport = now;
            double elapsed = (now - start) / 1e9;
            double eta = done == 0 ? Double.NaN : elapsed * (total - done) / done;
            listener.progress(new ProgressListener.Progress(stage, done, total, eta, detail.get()));
        }
    }

    /** @return seconds since the meter was created */
    public double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}

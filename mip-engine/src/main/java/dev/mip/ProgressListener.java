package dev.mip;

/**
 * How the engine reports long work (training, locating, evaluating). The Maven plugin maps it to the
 * build log, the command line to standard error. Implementations must be cheap: they are called
 * from inner loops (rate-limited by {@link ProgressMeter}).
 */
public interface ProgressListener {
    /** Discards everything. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void info(String message) {}

        @Override
        public void progress(Progress p) {}
    };

    /**
     * A one-line message.
     *
     * @param message text
     */
    void info(String message);

    /**
     * A warning (something the user should look at; the run goes on).
     *
     * @param message text
     */
    default void warn(String message) {
        info("WARNING: " + message);
    }

    /**
     * A progress update.
     *
     * @param p the state
     */
    void progress(Progress p);

    /**
     * Progress of one stage.
     *
     * @param stage what is running (e.g. {@code train}, {@code locate text})
     * @param done units done
     * @param total units in all
     * @param etaSeconds estimated seconds left (NaN when unknown)
     * @param detail extra state, e.g. {@code epoch 3/40 loss 0.412}
     */
    record Progress(String stage, long done, long total, double etaSeconds, String detail) {
        /** @return a human-readable line */
        public String line() {
            String eta = Double.isNaN(etaSeconds) ? "" : String.format(" ETA %s", formatSeconds(etaSeconds));
            return String.format("%s %d/%d (%.0f%%)%s%s", stage, done, total, total == 0 ? 100.0 : 100.0 * done / total, eta,
                    detail == null || detail.isEmpty() ? "" : " " + detail);
        }

        /**
         * @param s seconds
         * @return e.g. {@code 1h02m}, {@code 3m05s}, {@code 12s}
         */
        public static String formatSeconds(double s) {
            long t = Math.round(s);
            if (t >= 3600) {
                return String.format("%dh%02dm", t / 3600, (t % 3600) / 60);
            }
            if (t >= 60) {
                return String.format("%dm%02ds", t / 60, t % 60);
            }
            return t + "s";
        }
    }
}

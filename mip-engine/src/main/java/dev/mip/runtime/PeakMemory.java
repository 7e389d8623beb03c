package dev.mip.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Process memory from {@code /proc/self/status}: resident set now ({@code VmRSS}) and its peak
 * ({@code VmHWM}). libtorch allocates outside the Java heap, so the JVM's own counters miss it.
 * Returns -1 where /proc is unavailable.
 */
public final class PeakMemory {
    private PeakMemory() {}

    /** @return peak resident set size of this process in bytes, or -1 */
    public static long peakRssBytes() {
        return read("VmHWM:");
    }

    /** @return peak resident set size of this process in MiB, to 0.1 MiB (negative where /proc is unavailable) */
    public static double peakRssMiB() {
        return Math.round(peakRssBytes() / 1048576.0 * 10) / 10.0;
    }

    /**
     * Resets the peak ({@code VmHWM}) to the current resident set size, by writing {@code 5} to
     * {@code /proc/self/clear_refs} (Linux 4.0+), so that the next {@link #peakRssBytes()} is the
     * peak of what runs in between.
     *
     * @return whether the reset worked (false where /proc is unavailable or read-only)
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** @return current resident set size in bytes, or -1 */
    public static long rssBytes() {
        return read("VmRSS:");
    }

    private static long read(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Starts measuring a stretch of work: resets the peak and notes the time.
     *
     * @return the window
     */
    public static Window window() {
        boolean own = resetPeak();
        return new Window(System.nanoTime(), own);
    }

    /**
     * A stretch of work being measured ({@link #window()}): its wall time and peak resident memory.
     *
     * @param startNanos {@link System#nanoTime()} at its start
     * @param own whether the peak was reset at its start, so that {@link #peakMiB()} is this
     *     stretch's own peak (false where /proc is unavailable or read-only: the process's peak so far)
     */
    public record Window(long startNanos, boolean own) {
        /** @return seconds since the start */
        public double seconds() {
            return (System.nanoTime() - startNanos) / 1e9;
        }

        /** @return the peak resident set size in MiB, unrounded (negative where /proc is unavailable) */
        public double peakMiB() {
            return peakRssBytes() / 1048576.0;
        }
    }
}

package dev.mip.bench;

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
}

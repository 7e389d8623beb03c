package dev.mip.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Keeps libtorch's tensor memory in the C heap between operations instead of returning it to the
 * kernel after every free, on Linux with glibc.
 *
 * <p>Why: a forward pass allocates and frees a few megabytes per operation. glibc returns freed
 * memory at the top of a heap to the kernel as soon as more than its trim threshold is free, and
 * serves blocks above its mmap threshold with a fresh mapping; either way the next tensor of that
 * size page-faults its memory in again, zeroed by the kernel. Measured on the embedded model (the
 * frozen layer-3 states of 4,096 retain pairs, two workers, alternating runs): 12.9-21.0 s with
 * glibc's defaults, 9.7-10.3 s with an mmap threshold of 32 MiB and 16 MiB of top padding kept per
 * heap, peak resident memory about 0.1 GiB higher (docs/benchmarks.md). (Environment variables such as {@code MALLOC_TOP_PAD_} do the same, but a build
 * cannot set them for the JVM Maven runs in.)
 *
 * <p>Set once, when {@link DjlRuntime} is first loaded, before any tensor exists. The system
 * property {@value #PROPERTY}{@code =system} keeps glibc's defaults. Elsewhere (macOS, Windows,
 * musl) nothing is changed.
 */
public final class NativeHeap {
    /** System property: {@code tuned} (default) or {@code system} (glibc's own settings). */
    public static final String PROPERTY = "mip.nativeHeap";

    /** Blocks up to this size come from the heap, not a mapping of their own (glibc's largest allowed value). */
    static final int MMAP_THRESHOLD = 32 << 20;

    /** Free memory kept at the top of each heap instead of being returned to the kernel. */
    static final int TOP_PAD = 16 << 20;

    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;

    private static String state = "not applied";

    private NativeHeap() {}

    /** glibc's {@code mallopt}. */
    interface C extends Library {
        int mallopt(int param, int value);
    }

    /** Applies the settings once (see the class comment); later calls do nothing. */
    static synchronized void apply() {
        if (!state.equals("not applied")) {
            return;
        }
        String mode = System.getProperty(PROPERTY, "tuned").trim().toLowerCase(java.util.Locale.ROOT);
        if (mode.equals("system")) {
            state = "system defaults (" + PROPERTY + "=system)";
            return;
        }
        String note = mode.equals("tuned") ? "" : "; '" + mode + "' of " + PROPERTY + " is not tuned or system, so tuned";
        if (!Platform.isLinux()) {
            state = "system defaults (not Linux)";
            return;
        }
        try {
            C c = Native.load(Platform.C_LIBRARY_NAME, C.class);
            // The mmap threshold first: setting the top padding turns glibc's adaptive threshold off.
            boolean ok = c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 && c.mallopt(M_TOP_PAD, TOP_PAD) == 1;
            state = (ok ? "tuned (mmap threshold 32 MiB, top pad 16 MiB" : "system defaults (mallopt refused") + note + ")";
        } catch (LinkageError e) {
            state = "system defaults (no glibc mallopt: " + e.getMessage() + ")";
        }
    }

    /** @return what {@link #apply()} did, for logs and tests */
    public static synchronized String state() {
        return state;
    }
}

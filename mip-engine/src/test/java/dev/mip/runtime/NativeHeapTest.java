package dev.mip.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The C heap settings are applied when DJL is first touched, on Linux with glibc. */
class NativeHeapTest {
    @Test
    void onLinuxWithGlibcTheHeapIsTunedBeforeTheEngineLoads() {
        DjlRuntime.init();
        Assumptions.assumeTrue(Platform.isLinux() && Files.exists(Path.of("/lib/x86_64-linux-gnu/libc.so.6"))
                && System.getProperty(NativeHeap.PROPERTY) == null, "glibc on Linux, default settings");
        assertEquals("tuned (mmap threshold 32 MiB, top pad 16 MiB)", NativeHeap.state());
        NativeHeap.apply(); // idempotent
        assertTrue(NativeHeap.state().startsWith("tuned"), NativeHeap.state());
    }
}

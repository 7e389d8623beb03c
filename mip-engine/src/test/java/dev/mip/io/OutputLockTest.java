package dev.mip.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mip.ResourceException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output lock works across processes: a second run fails at once naming the holder, or waits for it. */
class OutputLockTest {
    @TempDir
    Path tmp;

    @Test
    void aLockHeldByAnotherProcessFailsAtOnceNamingTheHolderOrIsWaitedFor() throws Exception {
        Path dir = tmp.resolve("target/mip");
        Process holder = LockHolderMain.start(dir);
        try {
            ResourceException e = assertThrows(ResourceException.class,
                    () -> OutputLock.acquire(List.of(tmp.resolve("other"), dir), "second run", Duration.ZERO, s -> { }));
            assertTrue(e.getMessage().startsWith(OutputOverlap.canonical(dir) + " is in use by another MIP run (pid " + holder.pid()
                    + " on "), e.getMessage());
            assertTrue(e.getMessage().contains("test holder in another process") && e.getMessage().contains("Wait for it to finish"),
                    e.getMessage());
            List<String> said = new ArrayList<>();
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                    holder.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
                    holder.getOutputStream().flush();
                } catch (Exception ignored) {
                    // the test fails on the wait below
                }
            });
            release.start();
            long t0 = System.nanoTime();
            try (OutputLock l = OutputLock.acquire(List.of(dir), "second run", Duration.ofSeconds(60), said::add)) {
                assertTrue(System.nanoTime() - t0 > 1_000_000_000L, "it waited for the holder");
                assertTrue(Files.readString(dir.resolve(OutputLock.FILE_NAME)).contains(": second run, since "),
                        "the new holder is recorded");
            }
            release.join();
            assertTrue(said.get(0).startsWith("waiting for " + OutputOverlap.canonical(dir) + ", in use by another MIP run (pid "
                    + holder.pid()), said.toString());
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, holder.exitValue());
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aFinishedHolderLeavesNoStaleLock() throws Exception {
        Path dir = tmp.resolve("out");
        Process holder = LockHolderMain.start(dir);
        holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // killed, not released: the system frees the lock
        try (OutputLock l = OutputLock.acquire(List.of(dir, dir.resolve("cache")), "next run", Duration.ZERO, s -> { })) {
            assertTrue(Files.isRegularFile(dir.resolve("cache").resolve(OutputLock.FILE_NAME)), "each directory gets its own lock");
        }
    }
}

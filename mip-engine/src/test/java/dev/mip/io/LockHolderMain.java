package dev.mip.io;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Another process holding an output lock, for the tests: locks the directory given as the first
 * argument, prints {@code locked}, and releases when a line (or end of input) arrives on stdin.
 */
public final class LockHolderMain {
    private LockHolderMain() {}

    /**
     * @param args the directory to lock
     * @throws Exception on failure (the test sees the exit code)
     */
    public static void main(String[] args) throws Exception {
        try (OutputLock lock = OutputLock.acquire(List.of(Path.of(args[0])), "test holder in another process", Duration.ZERO,
                s -> { })) {
            System.out.println("locked");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        System.out.println("released");
        System.out.flush();
    }

    /**
     * Starts the holder in a new JVM and waits until it holds the lock.
     *
     * @param dir the directory to lock
     * @return the process; write a line to its stdin to release
     * @throws Exception on failure
     */
    public static Process start(Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolderMain.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"locked".equals(line)) {
            p.destroyForcibly();
            throw new IllegalStateException("the lock holder did not start: " + line);
        }
        return p;
    }
}

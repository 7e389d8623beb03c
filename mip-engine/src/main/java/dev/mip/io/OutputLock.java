package dev.mip.io;

import dev.mip.ResourceException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A lock across processes on a run's output directories, held while one stage reads and writes
 * them, so that two builds sharing a workspace (two CI jobs on one agent) cannot interleave: one
 * writing an unlearned model while the other evaluates it, or reporting on a model the other has
 * just replaced.
 *
 * <p>Each directory gets a lock file {@value #FILE_NAME} locked with the operating system's
 * advisory file lock ({@link FileChannel#tryLock()}: {@code fcntl} on Linux and macOS,
 * {@code LockFileEx} on Windows), which the system releases when the holding process ends, however
 * it ends: a killed build leaves no stale lock. The file holds a line naming the holder (process
 * id, host, what it runs, since when) for the message a waiting run prints. Directories are locked
 * in one sorted order, so two runs locking overlapping sets cannot deadlock.
 *
 * <p>Locks are advisory: they keep MIP runs apart, not other programs.
 */
public final class OutputLock implements AutoCloseable {
    /** Name of the lock file in each locked directory. */
    public static final String FILE_NAME = ".mip.lock";

    /** How often a waiting run tries again. */
    private static final Duration POLL = Duration.ofMillis(200);

    /** How often a waiting run says that it still waits. */
    private static final Duration REMIND = Duration.ofSeconds(30);

    private final List<FileChannel> channels;
    private final List<FileLock> locks;

    private OutputLock(List<FileChannel> channels, List<FileLock> locks) {
        this.channels = channels;
        this.locks = locks;
    }

    /**
     * Locks every directory (creating it and its lock file when absent), waiting while another
     * process holds one of them.
     *
     * @param dirs the output directories (duplicates and overlaps are fine)
     * @param holder what this run is, recorded for others to read, e.g. {@code mip verify in /ws/project}
     * @param wait how long to wait for a lock another process holds; zero fails at once
     * @param waiting told once when this run starts to wait, and every 30 s while it waits
     * @return the held lock; close it to release every directory
     * @throws ResourceException when a directory cannot be locked within {@code wait}, naming the
     *     directory, the holder and the fix; or when a lock file cannot be created
     */
    public static OutputLock acquire(List<Path> dirs, String holder, Duration wait, Consumer<String> waiting) {
        TreeSet<Path> sorted = new TreeSet<>();
        dirs.forEach(d -> sorted.add(OutputOverlap.canonical(d)));
        List<FileChannel> channels = new ArrayList<>();
        List<FileLock> locks = new ArrayList<>();
        OutputLock lock = new OutputLock(channels, locks);
        try {
            for (Path dir : sorted) {
                Path file = dir.resolve(FILE_NAME);
                FileChannel ch;
                try {
                    Files.createDirectories(dir);
                    ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                } catch (IOException e) {
                    throw ResourceException.io("Could not create the lock file " + file, e);
                }
                channels.add(ch);
                locks.add(lockOne(ch, file, wait, waiting));
                record(ch, file, describe(holder));
            }
            return lock;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static FileLock lockOne(FileChannel ch, Path file, Duration wait, Consumer<String> waiting) {
        Instant start = Instant.now();
        Instant nextReminder = start;
        while (true) {
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // this JVM holds it in another channel: wait as for another process
            } catch (IOException e) {
                throw ResourceException.io("Could not lock " + file, e);
            }
            if (l != null) {
                return l;
            }
            Duration waited = Duration.between(start, Instant.now());
            String held = holderOf(file);
            if (waited.compareTo(wait) >= 0) {
                throw new ResourceException(file.getParent() + " is in use by another MIP run (" + held + ")"
                        + (wait.isZero() ? "" : "; waited " + wait.toSeconds() + " s") + ". Wait for it to finish and run "
                        + "again, or give each build its own output directories (locate.output, unlearn.output, "
                        + "eval.cacheDir, report.output)");
            }
            if (!Instant.now().isBefore(nextReminder)) {
                waiting.accept("waiting for " + file.getParent() + ", in use by another MIP run (" + held + "); waited "
                        + waited.toSeconds() + " s of at most " + wait.toSeconds() + " s");
                nextReminder = Instant.now().plus(REMIND);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ResourceException("Interrupted while waiting for the lock on " + file.getParent(), e);
            }
        }
    }

    /**
     * @param file a lock file
     * @return the holder line it records, or a placeholder when it is empty or unreadable
     */
    static String holderOf(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "holder not recorded yet" : s;
        } catch (IOException | RuntimeException e) {
            return "holder unknown";
        }
    }

    private static String describe(String holder) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + ": " + holder + ", since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static void record(FileChannel ch, Path file, String line) {
        try {
            ch.truncate(0);
            ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            long at = 0;
            while (b.hasRemaining()) {
                at += ch.write(b, at);
            }
            ch.force(false);
        } catch (IOException e) {
            throw ResourceException.io("Could not write the lock file " + file, e);
        }
    }

    /** Releases every directory. Idempotent. */
    @Override
    public void close() {
        for (FileLock l : locks) {
            try {
                l.release();
            } catch (IOException | RuntimeException ignored) {
                // closing the channel below releases it too
            }
        }
        for (FileChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
        locks.clear();
        channels.clear();
    }
}

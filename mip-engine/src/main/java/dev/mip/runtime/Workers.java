package dev.mip.runtime;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import dev.mip.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs independent pieces of tensor work (evaluation batches, the loss terms of an RMisU step,
 * frozen states, membership-inference chunks, the yardstick models of verify) side by side on CPU
 * worker threads, each running libtorch single-threaded. (Locate and the training step of
 * fine-tuning do not use them yet.)
 *
 * <p>Why: at this engine's widths most libtorch ops work on tensors too small for its intra-op
 * threads (an elementwise op splits only above 32,768 elements; small GEMMs scale poorly), so one
 * stream of ops on 2 threads keeps about 1.2-1.5 cores busy. Two streams of single-threaded ops keep
 * both. (Python threads could overlap ops too, since torch releases the interpreter lock inside an
 * op, but the interpreter work between ops stays serialised; the peer benchmark's PyTorch scripts
 * run one stream.)
 *
 * <p>Numerics: every piece runs on a worker, with {@link #threadsPerWorker()} libtorch threads (the
 * processors shared out: 1 with the default of one worker per processor). Callers split the work
 * the same way whatever the count (batches by the batch size, never by the number of workers) and
 * combine the pieces' results in a fixed order, so what a piece computes does not depend on how
 * many workers there are or which one runs it: results are bit-identical for any worker count with
 * one thread per worker, e.g. the default on a 2-core and on a 4-core build agent of one CPU type.
 * (libtorch's kernels may sum in another order on 2 threads than on 1, so the last bits may differ;
 * on the embedded model they did not.) Work outside these calls runs on the calling thread with
 * libtorch's own thread count.
 *
 * <p>Where it applies: CPU only. On a GPU, kernels are already wide; every call runs serially on the
 * calling thread. Nested calls (from inside a worker) run serially too.
 *
 * <p>The pool is process-wide, as libtorch's thread setting is: {@link #configure(int)} sets its
 * size (config {@code model.workers}, CLI {@code --workers}, system property {@code mip.workers});
 * by default one worker per available processor.
 */
public final class Workers {
    /** System property that sets the number of workers (as {@code model.workers} does). */
    public static final String PROPERTY = "mip.workers";

    private static final Object LOCK = new Object();
    private static int configured;
    private static ExecutorService pool;
    private static int poolSize;
    private static final ThreadLocal<Boolean> IN_WORKER = ThreadLocal.withInitial(() -> false);

    private Workers() {}

    /**
     * Sets the number of workers for the rest of the process (takes effect at the next parallel
     * call; work already running finishes on the old pool).
     *
     * @param workers at least 1; 0 restores the default (one per available processor, or the
     *     {@value #PROPERTY} system property)
     */
    public static void configure(int workers) {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be >= 0 (0 = default), got " + workers);
        }
        synchronized (LOCK) {
            configured = workers;
        }
    }

    /**
     * Parses a configured worker count.
     *
     * @param value the text ({@code auto} or null = default, else an integer from 1 to 256)
     * @param where the file and field, or the option, it came from (for the error message)
     * @return the count, 0 for the default
     */
    public static int parse(String value, String where) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("auto")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= 256) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new InvalidInputException(where + ": '" + value + "' is not a worker count. Use auto (one per processor) "
                + "or a whole number from 1 to 256");
    }

    /** @return the number of workers parallel calls use on CPU */
    public static int count() {
        synchronized (LOCK) {
            return effective();
        }
    }

    private static int effective() {
        if (configured > 0) {
            return configured;
        }
        String p = System.getProperty(PROPERTY);
        if (p != null) {
            int n = parse(p, "system property " + PROPERTY);
            if (n > 0) {
                return n;
            }
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Runs {@code task(0) .. task(n - 1)} and returns their results in index order. On CPU with more
     * than one worker the tasks run on the workers (each task on one thread, libtorch single-threaded
     * there, autograd recording off unless the task turns it on); otherwise one after another on the
     * calling thread. A task's tensors must live in a scope the task opens and closes; it returns
     * Java data or tensors it detached from that scope.
     *
     * <p>If tasks fail, the failure of the lowest index is thrown (as it would be serially) once all
     * started tasks have ended; its unchecked exception is rethrown as it is.
     *
     * @param device where the tensors live (GPU work runs serially)
     * @param n number of tasks
     * @param task computes piece {@code i}
     * @param <T> result type
     * @return the results, index order
     */
    public static <T> List<T> map(Device device, int n, IntFunction<T> task) {
        List<T> out = new ArrayList<>(n);
        ExecutorService p = n > 0 && !IN_WORKER.get() && !device.isGpu() ? pool() : null;
        if (p == null) {
            for (int i = 0; i < n; i++) {
                out.add(task.apply(i));
            }
            return out;
        }
        List<Future<T>> fs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            final int k = i;
            fs.add(p.submit(() -> task.apply(k)));
        }
        RuntimeException first = null;
        for (Future<T> f : fs) {
            try {
                T r = f.get();
                if (first == null) {
                    out.add(r);
                }
            } catch (ExecutionException e) {
                if (first == null) {
                    first = rethrowable(e.getCause());
                    fs.forEach(x -> x.cancel(false));
                }
            } catch (java.util.concurrent.CancellationException e) {
                // a later task cancelled after an earlier failure
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fs.forEach(x -> x.cancel(true));
                throw new IllegalStateException("interrupted while waiting for workers", e);
            }
        }
        if (first != null) {
            throw first;
        }
        return out;
    }

    /** Work on the items {@code [from, to)} of a list cut into chunks ({@link #mapChunks}). */
    @FunctionalInterface
    public interface ChunkTask<T> {
        /**
         * @param from the chunk's first item
         * @param to one past its last
         * @return its result
         */
        T apply(int from, int to);
    }

    /**
     * Cuts {@code n} items into consecutive chunks of {@code size} (the last may be shorter) and
     * runs {@code task} on each (see {@link #map}): the chunks depend on the size only, never on the
     * number of workers.
     *
     * @param device where the tensors live
     * @param n number of items
     * @param size items per chunk, at least 1
     * @param task computes one chunk
     * @param <T> result type
     * @return the chunks' results, in order
     */
    public static <T> List<T> mapChunks(Device device, int n, int size, ChunkTask<T> task) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + size);
        }
        return map(device, (n + size - 1) / size, i -> task.apply(i * size, Math.min(n, i * size + size)));
    }

    /**
     * Runs two tasks side by side (see {@link #map}).
     *
     * @param device where the tensors live
     * @param a the first
     * @param b the second
     */
    public static void both(Device device, Runnable a, Runnable b) {
        map(device, 2, i -> {
            (i == 0 ? a : b).run();
            return null;
        });
    }

    private static RuntimeException rethrowable(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /**
     * @return libtorch threads per worker: the available processors shared out, at least 1 (1 with
     *     the default of one worker per processor)
     */
    public static int threadsPerWorker() {
        synchronized (LOCK) {
            return Math.max(1, Runtime.getRuntime().availableProcessors() / effective());
        }
    }

    /** @return the pool for the configured count */
    private static ExecutorService pool() {
        synchronized (LOCK) {
            int n = effective();
            if (pool == null || poolSize != n) {
                if (pool != null) {
                    pool.shutdown();
                }
                DjlRuntime.init();
                int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / n);
                pool = Executors.newFixedThreadPool(n, r -> {
                    Thread t = new Thread(() -> {
                        // Per thread in libtorch: OpenMP's and MKL's thread counts, and autograd's mode.
                        JniUtils.setNumThreads(threads);
                        JniUtils.setGradMode(false);
                        IN_WORKER.set(true);
                        r.run();
                    }, "mip-worker");
                    t.setDaemon(true);
                    return t;
                });
                poolSize = n;
            }
            return pool;
        }
    }
}

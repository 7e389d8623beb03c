package dev.mip.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import dev.mip.InvalidInputException;
import dev.mip.model.Checkpoint;
import dev.mip.model.TinyModelsAccess;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CPU worker pool: order, failures, configuration, and results that do not depend on the worker count. */
class WorkersTest {
    @AfterEach
    void restoreDefault() {
        Workers.configure(0);
    }

    @Test
    void resultsComeInIndexOrderFromSingleThreadedWorkersAndNestedCallsRunInline() {
        Workers.configure(2);
        List<String> r = Workers.map(Device.cpu(), 16, i -> {
            try {
                Thread.sleep(16 - i); // later tasks finish first
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            String outer = Thread.currentThread().getName();
            List<String> inner = Workers.map(Device.cpu(), 3, k -> Thread.currentThread().getName());
            assertEquals(List.of(outer, outer, outer), inner, "a nested call runs on the worker that made it");
            assertFalse(JniUtils.isGradMode(), "workers do not record gradients unless a task asks");
            return i + ":" + outer + ":" + JniUtils.getNumThreads();
        });
        assertEquals(16, r.size());
        int cores = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < 16; i++) {
            String[] p = r.get(i).split(":");
            assertEquals(String.valueOf(i), p[0]);
            assertEquals("mip-worker", p[1]);
            assertEquals(String.valueOf(Math.max(1, cores / 2)), p[2], "libtorch threads per worker");
        }
        assertEquals(Math.max(1, cores / 2), Workers.threadsPerWorker());
        assertEquals(List.of(), Workers.map(Device.cpu(), 0, i -> i));
    }

    @Test
    void theLowestIndexFailureIsThrownAfterTheOthersEnd() {
        Workers.configure(2);
        AtomicInteger ended = new AtomicInteger();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workers.map(Device.cpu(), 2, i -> {
            try {
                if (i == 0) {
                    Thread.sleep(200); // fails last
                    throw new IllegalArgumentException("task 0");
                }
                throw new IllegalStateException("task 1");
            } catch (InterruptedException x) {
                throw new IllegalStateException(x);
            } finally {
                ended.incrementAndGet();
            }
        }));
        assertEquals("task 0", e.getMessage());
        assertEquals(2, ended.get());
        // The pool is still usable afterwards.
        assertEquals(List.of(0, 1, 2), Workers.map(Device.cpu(), 3, i -> i));
    }

    @Test
    void aWorkerCountIsParsedOrRejectedNamingWhereItCameFrom() {
        assertEquals(0, Workers.parse("auto", "--workers"));
        assertEquals(0, Workers.parse(null, "--workers"));
        assertEquals(3, Workers.parse(" 3 ", "--workers"));
        for (String bad : new String[] {"0", "-1", "257", "two"}) {
            String m = assertThrows(InvalidInputException.class, () -> Workers.parse(bad, "mip.yaml: model.workers")).getMessage();
            assertTrue(m.startsWith("mip.yaml: model.workers: '" + bad + "'"), m);
            assertTrue(m.contains("Use auto"), m);
        }
        assertThrows(IllegalArgumentException.class, () -> Workers.configure(-1));
        Workers.configure(3);
        assertEquals(3, Workers.count());
    }

    @Test
    void tensorsMadeOnWorkersInTheirScopesAreFreed() {
        Workers.configure(2);
        try (Checkpoint c = TinyModelsAccess.create("llama", 42, DataType.FLOAT32)) {
            int before = c.model().manager().getManagedArrays().size();
            for (int round = 0; round < 50; round++) {
                List<Double> sums = Workers.map(Device.cpu(), 4, i -> {
                    try (NDScope s = new NDScope()) {
                        NDArray x = c.model().manager().ones(new ai.djl.ndarray.types.Shape(64, 64)).mul(i + 1);
                        return (double) x.sum().getFloat();
                    }
                });
                assertEquals(List.of(4096.0, 8192.0, 12288.0, 16384.0), sums);
            }
            assertEquals(before, c.model().manager().getManagedArrays().size());
        }
    }
}

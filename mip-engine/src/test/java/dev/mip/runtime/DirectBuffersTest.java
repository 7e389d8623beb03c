package dev.mip.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mip.model.Tensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class DirectBuffersTest {

    @Test
    void aFreedDirectBufferLeavesTheResidentSetAtOnce() {
        assertTrue(DirectBuffers.supported(), "sun.misc.Unsafe.invokeCleaner is available on Java 17");
        long mib = 1024 * 1024;
        long before = PeakMemory.rssBytes();
        ByteBuffer b = ByteBuffer.allocateDirect((int) (256 * mib)); // zeroed, so resident
        long held = PeakMemory.rssBytes();
        DirectBuffers.free(b);
        long after = PeakMemory.rssBytes();
        if (before > 0) {
            assertTrue(held - before > 200 * mib, "allocated: " + (held - before) / mib + " MiB");
            assertTrue(held - after > 200 * mib, "freed without a GC: " + (held - after) / mib + " MiB");
        }
        DirectBuffers.free(ByteBuffer.allocate(16)); // heap buffers and null are ignored
        DirectBuffers.free(null);
    }

    @Test
    void tensorsFromJavaDataKeepTheirValuesAfterDjlsBufferIsFreed() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] v = new float[1 << 20];
            for (int i = 0; i < v.length; i++) {
                v[i] = i * 0.5f;
            }
            NDArray wrapped = m.create(v);
            ByteBuffer storage = DirectBuffers.storageOf(wrapped);
            assertNotNull(storage, "DJL keeps the Java data in a direct buffer");
            assertEquals(4L * v.length, storage.capacity());
            assertEquals(ByteOrder.nativeOrder(), storage.order());
            NDArray owned = Tensors.owned(wrapped);
            // Overwrite freed-then-reused memory with other data: the owned copy must not alias it.
            for (int i = 0; i < 8; i++) {
                m.create(new float[1 << 20]).close();
            }
            assertArrayEquals(v, owned.toFloatArray());
        }
    }
}

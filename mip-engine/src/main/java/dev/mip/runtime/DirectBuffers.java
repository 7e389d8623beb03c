package dev.mip.runtime;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Frees direct and memory-mapped buffers now instead of at some later garbage collection.
 *
 * <p>The JVM releases a direct buffer's native memory, or unmaps a mapped file region, only when
 * a GC finds the buffer unreachable. Tensors built from Java data go through such buffers (DJL's
 * own, and ours for the weights), and a checkpoint's safetensors are read through mappings: their
 * garbage piled up to the JVM's direct-memory limit (by default the maximum heap, a quarter of the
 * machine's memory) before a GC returned it, which made the resident set swing by several GiB at
 * LLaVA-1.5-7B's shapes and could make a 7B float32 load fail with "Direct buffer memory". The
 * buffers this class frees are ones MIP allocated or mapped itself, once nothing refers to them.
 *
 * <p>Uses {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported, Java 9+), as Lucene and
 * Netty do; where it is unavailable, freeing is left to the GC as before.
 */
public final class DirectBuffers {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method clean = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            clean = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
            clean = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = clean;
    }

    private DirectBuffers() {}

    /**
     * The direct buffer DJL's PyTorch engine keeps as the storage of a tensor it made from Java data
     * (its private field {@code dataRef}, present in DJL 0.33 and 0.35), or null.
     *
     * @param array the tensor
     * @return its Java-side storage, or null when it has none or the field is not there
     */
    public static ByteBuffer storageOf(Object array) {
        Field f = STORAGE_FIELD.get(array.getClass()).orElse(null);
        try {
            return f != null && f.get(array) instanceof ByteBuffer b ? b : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Per tensor class its accessible {@code dataRef} field, looked up once (storageOf runs on every forward). */
    private static final ClassValue<Optional<Field>> STORAGE_FIELD = new ClassValue<>() {
        @Override
        protected Optional<Field> computeValue(Class<?> type) {
            try {
                Field f = type.getDeclaredField("dataRef");
                f.setAccessible(true);
                return Optional.of(f);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return Optional.empty();
            }
        }
    };

    /** @return whether buffers can be freed explicitly on this JVM */
    public static boolean supported() {
        return INVOKE_CLEANER != null;
    }

    /**
     * Frees a direct buffer's memory, or unmaps a mapped region, now. The buffer must be one that
     * was allocated or mapped directly (not a slice or duplicate), and nothing may use it afterwards:
     * any access then reads freed memory.
     *
     * @param buffer the buffer; heap buffers and null are ignored
     */
    public static void free(ByteBuffer buffer) {
        if (buffer == null || !buffer.isDirect() || INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a slice or duplicate, or a JVM that refuses: the GC frees it later, as before
        }
    }
}

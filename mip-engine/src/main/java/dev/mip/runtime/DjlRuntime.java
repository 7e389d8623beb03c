package dev.mip.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.mip.InvalidInputException;

/**
 * The single door to DJL. Loading this class forces DJL's offline mode (no telemetry, no
 * downloads of native libraries or models) before any DJL class initialises, so no caller can
 * forget it: every engine entry point that touches DJL calls {@link #init()} first.
 */
public final class DjlRuntime {
    static {
        // Must run before ai.djl.* classes read their configuration.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        // A wrong PYTORCH_VERSION would make DJL download another libtorch; ours is bundled.
        System.clearProperty("PYTORCH_VERSION");
        NativeHeap.apply(); // before libtorch allocates its first tensor
    }

    private DjlRuntime() {}

    /**
     * Ensures offline mode is set and the PyTorch engine is loaded.
     *
     * @return the engine
     */
    public static Engine init() {
        return Engine.getEngine("PyTorch");
    }

    /**
     * What runs the model, for logs and reports: DJL's version, libtorch's, and the GPUs it sees.
     *
     * @return e.g. {@code DJL 0.35.1, libtorch 2.7.1, 0 GPUs}
     */
    public static String describe() {
        Engine e = init();
        String djl = Engine.class.getPackage() == null ? null : Engine.class.getPackage().getImplementationVersion();
        return "DJL " + (djl == null ? "(unknown version)" : djl) + ", libtorch " + e.getVersion() + ", " + e.getGpuCount() + " GPU"
                + (e.getGpuCount() == 1 ? "" : "s");
    }

    /**
     * Whether offline mode is in force (it always is once this class is loaded).
     *
     * @return true when DJL will not touch the network
     */
    public static boolean isOffline() {
        return Boolean.parseBoolean(System.getProperty("ai.djl.offline"));
    }

    /**
     * Creates a root manager on the given device.
     *
     * @param device the device
     * @return a new base manager; the caller closes it
     */
    public static NDManager newManager(Device device) {
        init();
        return NDManager.newBaseManager(device, "PyTorch");
    }

    /**
     * Parses a device setting: {@code cpu}, {@code gpu} (first GPU) or {@code gpu:N}.
     *
     * @param spec the configured value
     * @param where the file and field it came from, for the error message
     * @return the device
     */
    public static Device parseDevice(String spec, String where) {
        String s = spec == null ? "cpu" : spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.equals("gpu") || s.equals("cuda")) {
            return checkGpu(0, where);
        }
        if (s.startsWith("gpu:") || s.startsWith("cuda:")) {
            try {
                return checkGpu(Integer.parseInt(s.substring(s.indexOf(':') + 1)), where);
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new InvalidInputException(where + ": unknown device '" + spec
                + "'. Use cpu, gpu or gpu:N (N = GPU index)");
    }

    /**
     * Parses a compute dtype setting: {@code float32} (also {@code fp32}, {@code f32}), {@code float64}
     * or {@code float16}, case ignored.
     *
     * @param spec the configured value
     * @param where the file and field (or option) it came from, for the error message
     * @return the dtype
     */
    public static DataType parseDtype(String spec, String where) {
        return switch (spec == null ? "float32" : spec.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "fp32", "f32" -> DataType.FLOAT32;
            case "float64", "fp64", "f64" -> DataType.FLOAT64;
            case "float16", "fp16", "f16" -> DataType.FLOAT16;
            // A BF16 tensor aborts the whole JVM inside DJL's PyTorch JNI ("terminate called without an
            // active exception", exit 134; checked on DJL 0.35.1 / libtorch 2.7.1 and 0.33.0 / 2.5.1):
            // refused here, before any tensor exists. BF16 checkpoints load, widened to float32 in Java.
            case "bfloat16", "bf16" -> throw new InvalidInputException(where + ": bfloat16 compute is not available: DJL's "
                    + "PyTorch binding aborts the JVM on bfloat16 tensors. Use float16 (on a GPU) or float32; bfloat16 "
                    + "checkpoints load as they are (widened to the compute dtype)");
            default -> throw new InvalidInputException(where + ": unknown dtype '" + spec + "'. Use float32, float64 or float16");
        };
    }

    private static Device checkGpu(int id, String where) {
        int count = init().getGpuCount();
        if (id < 0 || id >= count) {
            throw new InvalidInputException(where + ": GPU " + id + " requested but this machine has "
                    + count + " GPU(s) visible to libtorch (" + describe() + "). Use device: cpu, or run on a machine "
                    + "with an NVIDIA GPU and the CUDA build of libtorch: build with -Dmip.torch=cuda (README, GPU build agents)");
        }
        return Device.gpu(id);
    }
}

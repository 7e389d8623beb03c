package dev.mip.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.mip.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The runtime the build chose is the one loaded; a GPU that is not there is a clear error, never a CPU run. */
class DjlRuntimeTest {

    @Test
    void theLoadedLibtorchIsTheOneTheBuildChose() {
        String expected = System.getProperty("mip.expectedTorch");
        Engine e = DjlRuntime.init();
        assertEquals("PyTorch", e.getEngineName());
        if (expected != null) { // set by surefire from the build's torch.version (and its -Dmip.torch stack)
            assertEquals(expected, e.getVersion(), "libtorch loaded");
        }
        assertTrue(DjlRuntime.describe().contains(e.getVersion()), DjlRuntime.describe());
    }

    @Test
    void bfloat16ComputeIsRefusedBeforeAnyTensorExists() {
        for (String spec : new String[] {"bfloat16", "BF16"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> DjlRuntime.parseDtype(spec, "--dtype"));
            assertTrue(e.getMessage().startsWith("--dtype: bfloat16 compute is not available") && e.getMessage().contains("Use float16"),
                    e.getMessage());
        }
        assertEquals(ai.djl.ndarray.types.DataType.FLOAT16, DjlRuntime.parseDtype("fp16", "--dtype"));
    }

    @Test
    void requestingAGpuWhereNoneIsVisibleNamesTheFix() {
        int gpus = DjlRuntime.init().getGpuCount();
        String id = "gpu:" + gpus; // one past the last visible GPU: absent on every machine
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DjlRuntime.parseDevice(id, "mip.yaml: device"));
        assertTrue(e.getMessage().startsWith("mip.yaml: device: GPU " + gpus + " requested but this machine has " + gpus + " GPU(s)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Use device: cpu") && e.getMessage().contains("-Dmip.torch=cuda"), e.getMessage());
        if (gpus == 0) {
            assertThrows(InvalidInputException.class, () -> DjlRuntime.parseDevice("gpu", "--device"));
        }
        assertEquals(Device.cpu(), DjlRuntime.parseDevice("cpu", "--device"));
    }
}

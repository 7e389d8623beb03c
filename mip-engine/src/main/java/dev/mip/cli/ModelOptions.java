package dev.mip.cli;

import ai.djl.ndarray.types.DataType;
import dev.mip.InvalidInputException;
import dev.mip.model.Checkpoint;
import dev.mip.runtime.DjlRuntime;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Options shared by the commands that load a checkpoint. */
final class ModelOptions {
    @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "Hugging Face LLaVA checkpoint directory.")
    Path modelDir;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--dtype", defaultValue = "float32", description = "Compute dtype: float32, float64 or float16 (GPU) (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--workers", defaultValue = "auto", description = "CPU worker threads that run independent batches side "
            + "by side: auto (one per processor) or 1 to 256 (default: ${DEFAULT-VALUE}).")
    String workers;

    Checkpoint load() {
        dev.mip.runtime.Workers.configure(dev.mip.runtime.Workers.parse(workers, "--workers"));
        return Checkpoint.load(modelDir, DjlRuntime.parseDevice(device, "--device"), DjlRuntime.parseDtype(dtype, "--dtype"));
    }
}

package dev.mip.maven;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.mip.InvalidInputException;
import dev.mip.model.Checkpoint;
import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mip:inspect}: loads a checkpoint and logs its architecture. A first thin goal over the
 * engine; locate, unlearn and verify follow the same shape.
 */
@Mojo(name = "inspect", threadSafe = true, requiresProject = false)
public class InspectMojo extends AbstractMojo {
    /** The Hugging Face LLaVA checkpoint directory to inspect. */
    @Parameter(property = "mip.model", required = true)
    private File model;

    @Override
    public void execute() throws MojoExecutionException {
        try (Checkpoint c = Checkpoint.load(model.toPath(), Device.cpu(), DataType.FLOAT32)) {
            long params = c.model().parameters().values().stream().mapToLong(a -> a.size()).sum();
            getLog().info("MIP: " + model + ": llava/" + c.config().text().modelType() + ", " + params + " parameters, "
                    + c.config().text().numLayers() + " decoder layers x " + c.config().text().intermediateSize()
                    + " neurons, " + c.config().vision().numLayers() + " vision layers x "
                    + c.config().vision().intermediateSize() + " neurons");
        } catch (InvalidInputException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }
}

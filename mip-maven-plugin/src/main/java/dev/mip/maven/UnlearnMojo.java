package dev.mip.maven;

import dev.mip.config.MipConfig;
import dev.mip.run.Pipeline;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * {@code mip:unlearn}: makes the model forget the forget set with the configured method (MIP or a
 * baseline) and writes the unlearned checkpoint ({@code unlearn.output}, Hugging Face layout with a
 * manifest of SHA-256 hashes, inputs, settings and seed). The checkpoint is attached as a zip with
 * classifier {@code mip-model}. Skipped as up to date when its inputs are unchanged.
 */
@Mojo(name = "unlearn", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class UnlearnMojo extends AbstractMipMojo {
    @Override
    protected String goal() {
        return "unlearn";
    }

    @Override
    protected void run(MipConfig cfg) throws MojoExecutionException {
        Pipeline.Outcome o = new Pipeline(cfg, options(null), progress()).unlearn();
        getLog().info("mip:unlearn: " + (o.upToDate() ? "up to date (inputs unchanged): " + show(o.output()) : o.summary()));
        if (attach && project != null) {
            Path zip = o.output().resolveSibling(o.output().getFileName() + ".zip");
            try {
                DirectoryZip.write(o.output(), zip);
            } catch (IOException e) {
                throw io(e, zip.toString());
            }
            attach(zip, "zip", "mip-model");
        }
    }
}

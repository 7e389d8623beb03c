package dev.mip.maven;

import dev.mip.config.MipConfig;
import dev.mip.run.Pipeline;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * {@code mip:locate}: finds the forget set's influential neuron paths (IGI in the decoder, IFI in
 * the vision encoder) and writes the path file ({@code locate.output}, attached with classifier
 * {@code mip-paths}). Skipped as up to date when model, data and locate settings are unchanged.
 */
@Mojo(name = "locate", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class LocateMojo extends AbstractMipMojo {
    @Override
    protected String goal() {
        return "locate";
    }

    @Override
    protected void run(MipConfig cfg) throws MojoExecutionException {
        if (!cfg.unlearnMethod().usesPaths()) {
            getLog().info("mip:locate: method " + cfg.unlearnMethod().method().id() + " does not use paths; nothing to do");
            return;
        }
        Pipeline.Outcome o = new Pipeline(cfg, options(null), progress()).locate();
        getLog().info("mip:locate: " + (o.upToDate() ? "up to date (inputs unchanged): " : "wrote ") + show(o.output()));
        attach(o.output(), "json", "mip-paths");
    }
}

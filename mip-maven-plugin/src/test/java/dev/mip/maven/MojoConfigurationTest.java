package dev.mip.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The goals as Maven configures them (the JUnit 5 plugin harness injects real mojo instances from
 * the plugin descriptor): parameters, {@code mip.skip}, and how bad input surfaces. Full runs on a
 * real model are the integration builds in {@code src-it}.
 */
@MojoTest
class MojoConfigurationTest {
    private static final String POM = "src/test/resources/unit/pom.xml";
    private static final File UNIT = new File("src/test/resources/unit").getAbsoluteFile();

    @Test
    @InjectMojo(goal = "verify", pom = POM)
    @MojoParameter(name = "skip", value = "true")
    void skipDoesNothingEvenWithoutConfiguration(VerifyMojo mojo) throws Exception {
        mojo.config = new File(UNIT, "does-not-exist.yaml");
        mojo.execute();
        assertTrue(mojo.skip);
    }

    @Test
    @InjectMojo(goal = "verify", pom = POM)
    void defaultsFollowTheConventions(VerifyMojo mojo) {
        assertTrue(mojo.failOnViolation, "mip.failOnViolation defaults to true");
        assertFalse(mojo.force, "mip.force defaults to false");
        assertFalse(mojo.skip);
        assertTrue(mojo.attach);
    }

    @Test
    @InjectMojo(goal = "unlearn", pom = POM)
    void missingConfigurationFileIsAnExecutionErrorNamingTheFile(UnlearnMojo mojo) {
        mojo.config = new File(UNIT, "missing/mip.yaml");
        mojo.basedir = UNIT;
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("missing" + File.separator + "mip.yaml") || e.getMessage().contains("missing/mip.yaml"),
                e.getMessage());
        assertTrue(e.getMessage().startsWith("mip:unlearn: "), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "locate", pom = POM)
    void misspeltKeyIsReportedWithLineFieldAndFix(LocateMojo mojo) throws Exception {
        File dir = new File(UNIT, "bad-yaml");
        mojo.config = new File(dir, "mip.yaml");
        mojo.basedir = dir;
        byte[] before = Files.readAllBytes(mojo.config.toPath());
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        String m = e.getMessage();
        assertTrue(m.contains("mip.yaml:6:"), m);
        assertTrue(m.contains("unlearn.methd"), m);
        assertTrue(m.contains("method"), m);
        assertTrue(m.contains("model.path"), "every problem is listed, the missing model too: " + m);
        assertEquals(new String(before), Files.readString(mojo.config.toPath()), "input is never modified");
        assertFalse(Files.exists(Path.of(dir.getPath(), "target")));
    }
}

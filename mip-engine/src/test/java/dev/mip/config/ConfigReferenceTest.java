package dev.mip.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mip.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference is complete and {@code docs/configuration.md} does not drift from it. After a schema
 * change, regenerate the doc's reference part with {@code -Dmip.updateDocs=true}.
 */
class ConfigReferenceTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final String REFERENCE_HEADING = "## Reference\n";

    @Test
    void referenceMentionsEveryKeyWithTypeDefaultRangeAndUnit() {
        String md = MipConfig.referenceMarkdown();
        List<String> keys = ConfigReference.allKeys();
        assertTrue(keys.size() > 60, "keys: " + keys.size());
        for (String key : keys) {
            assertTrue(md.contains("`" + key + "`"), key);
        }
        assertTrue(md.contains("| `locate.steps` | integer | `8` | between 1 and 256 | steps |"), md);
        assertTrue(md.contains("| `model.path` | path | **required** |"), md);
        assertTrue(md.contains("| `unlearn.mip.learningRate` | number | `0.003` | in (0, 1) | per step |"), md);
        assertTrue(md.contains("| `unlearn.manu.alpha` | number | `0.05` | in (0, 1] | fraction |"), md);
        assertTrue(md.contains("| `gate.onMissing` | word | `error` | `error`, `warn`, `ignore` |"), md);
        assertTrue(md.contains("| `gate.rules[].maxRelativeDropFromBaseline` | fraction or percentage | not set | "
                + "0 to 1, or `\"0%\"` to `\"100%\"` | fraction of baseline |"), md);
        assertTrue(md.contains("| `unlearn.gradient.loraTargets` | list of strings | `[down_proj, fc1, fc2, gate_proj, "
                + "k_proj, o_proj, out_proj, q_proj, up_proj, v_proj]` |"), md);
    }

    @Test
    void docContainsTheReferenceVerbatim() throws IOException {
        String doc = Files.readString(DOC);
        String reference = MipConfig.referenceMarkdown();
        if (Boolean.getBoolean("mip.updateDocs")) {
            int cut = doc.indexOf(REFERENCE_HEADING);
            doc = (cut < 0 ? doc : doc.substring(0, cut)) + reference;
            Files.writeString(DOC, doc);
        }
        assertTrue(doc.contains(reference), DOC.toAbsolutePath() + " is out of date: run the config tests with "
                + "-Dmip.updateDocs=true and commit the result");
    }

    @Test
    void docExampleLoads(@TempDir Path project) throws IOException {
        MipConfig c = MipConfig.load(writeDocExample(project, s -> s), project);
        assertEquals(project.resolve("models/llava-tiny"), c.modelPath());
        assertEquals(3, c.gateRules().size());
        assertEquals(0.05, c.gateRules().get(1).maxRelativeDropFromBaseline());
    }

    @Test
    void docErrorSampleIsWhatTheReaderSays(@TempDir Path project) throws IOException {
        Path file = writeDocExample(project, s -> s.replace("neuronsPerLayer: 128", "neuronPerLayer: 128")
                .replace("maxRelativeDropFromBaseline: 5%", "maxRelativeDropFromBaseline: 5"));
        String message = assertThrows(InvalidInputException.class, () -> MipConfig.load(file, project)).getMessage();
        String doc = Files.readString(DOC);
        assertEquals(3, message.lines().count(), message);
        message.lines().forEach(l -> assertTrue(doc.contains("  " + l.replace(file.toString(), "mip.yaml") + "\n"), l));
    }

    /** @return the doc's example written to {@code mip.yaml} in the project, changed by {@code edit}, with its model directory */
    private static Path writeDocExample(Path project, UnaryOperator<String> edit) throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = edit.apply(doc.substring(start, doc.indexOf("```", start)));
        Files.createDirectories(project.resolve(new ObjectMapper(new YAMLFactory()).readTree(yaml).at("/model/path").textValue()));
        return Files.writeString(project.resolve("mip.yaml"), yaml);
    }

    @Test
    void didYouMeanToleratesSmallTyposOnly() {
        List<String> known = ConfigSchema.ROOT.child("locate").childNames();
        assertEquals("neuronsPerLayer", DidYouMean.closest("neuronPerLayer", known));
        assertEquals("samplesPerBatch", DidYouMean.closest("samplesperbatch", known));
        assertEquals("steps", DidYouMean.closest("setps", known));
        assertNull(DidYouMean.closest("colour", known));
    }
}

package dev.mip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mip.model.TinyModelsAccess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    static Path tmp;
    static Path model;

    record Result(int code, String out, String err) {}

    @BeforeAll
    static void writeModel() {
        model = TinyModelsAccess.write(tmp.resolve("model"), "llama", 3);
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void inspectReportsNeuronsPerLayer() throws IOException {
        Result r = run("inspect", model.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("llama", j.get("textModelType").asText());
        assertEquals(3, j.get("text").get("neuronsPerLayer").size());
        assertEquals(40, j.get("text").get("neuronsPerLayer").get(0).get("neurons").asInt());
        assertEquals(3 * 24 + 3 * 40, j.get("totalNeurons").asInt());
        assertTrue(j.get("offline").asBoolean());
        Result text = run("inspect", model.toString());
        assertTrue(text.out().contains("neurons per layer"), text.out());
        assertTrue(text.out().contains("never affects the output"), "the last vision layer is after the feature layer");
    }

    @Test
    void generateIsDeterministicAndScoreRanksAnswers() throws IOException {
        Result a = run("generate", model.toString(), "-p", "What is the capital of France ?", "--max-new-tokens", "5", "--json");
        Result b = run("generate", model.toString(), "-p", "What is the capital of France ?", "--max-new-tokens", "5", "--json");
        assertEquals(0, a.code(), a.err());
        assertEquals(a.out(), b.out());
        Result s = run("score", model.toString(), "-q", "What is the capital of France ?", "-a", "Paris", "-a", "Lyon", "--json");
        assertEquals(0, s.code(), s.err());
        JsonNode j = new ObjectMapper().readTree(s.out());
        assertEquals(2, j.get("answers").size());
        assertTrue(j.get("answers").get(0).get("logLikelihood").asDouble() < 0);
        assertEquals(1, j.get("answers").get(0).get("tokens").asInt());
    }

    @Test
    void badInputExitsWithCodeTwoAndANamedFile() {
        Result r = run("inspect", tmp.resolve("missing").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.code());
        assertTrue(r.err().contains("missing"), r.err());
        Result d = run("inspect", model.toString(), "--device", "tpu");
        assertEquals(Main.EXIT_BAD_INPUT, d.code());
        assertTrue(d.err().contains("--device"), d.err());
    }

    @Test
    void engineForcesOfflineModeInAFreshJvmWithoutAnySetting() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "inspect", model.toString(), "--json"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("DJL_OFFLINE");
        pb.environment().remove("OPT_OUT_TRACKING");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("\"offline\" : true"), out);
    }
}

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

    @Test
    void scoreAndGenerateExitNonZeroOnANanModelInsteadOfPrintingNan() {
        Path nan = TinyModelsAccess.writeNan(tmp.resolve("nan-model"));
        Result s = run("score", nan.toString(), "-q", "What is the capital of France ?", "-a", "Paris", "--json");
        assertEquals(Main.EXIT_BAD_INPUT, s.code(), s.out() + s.err());
        assertTrue(s.err().contains("gives NaN for the log-likelihood of answer 'Paris'"), s.err());
        assertTrue(!s.out().contains("NaN"), "no NaN printed as a result: " + s.out());
        Result g = run("generate", nan.toString(), "-p", "What is the capital of France ?", "--max-new-tokens", "3");
        assertEquals(Main.EXIT_BAD_INPUT, g.code(), g.out() + g.err());
        assertTrue(g.err().contains("non-finite") || g.err().contains("gives NaN for the next-token logits"), g.err());
    }

    @Test
    void anOutputOptionPointingIntoAnInputIsRefusedBeforeAnythingIsWritten() throws Exception {
        String before = dev.mip.io.Fingerprints.directory(model);
        Result u = run("unlearn", model.toString(), "--data", tmp.resolve("data").toString(), "--method", "manu",
                "--out", model.toString());
        assertEquals(Main.EXIT_BAD_INPUT, u.code(), u.err());
        assertTrue(u.err().contains("--out") && u.err().contains("which is MODEL_DIR") && u.err().contains("outside MODEL_DIR"),
                u.err());
        Result l = run("locate", model.toString(), "--data", tmp.resolve("data").toString(), "--out",
                model.resolve("paths.json").toString());
        assertEquals(Main.EXIT_BAD_INPUT, l.code(), l.err());
        assertTrue(l.err().contains("lies inside MODEL_DIR"), l.err());
        Result t = run("train", "--data", tmp.resolve("data").toString(), "--model", model.toString(), "--out",
                model.resolve("tuned").toString());
        assertEquals(Main.EXIT_BAD_INPUT, t.code(), t.err());
        assertTrue(t.err().contains("lies inside --model"), t.err());
        assertEquals(before, dev.mip.io.Fingerprints.directory(model), "the model directory is untouched");
    }

    @Test
    void verifyResolvesARelativeConfigAgainstTheWorkingDirectoryOnce() throws Exception {
        // The working directory of the test JVM is the module; the file lies in a subdirectory of it.
        Path rel = Path.of("target", "cli-config-test-" + ProcessHandle.current().pid(), "sub", "mip.yaml");
        java.nio.file.Files.createDirectories(rel.getParent());
        java.nio.file.Files.writeString(rel, "model: {path: " + model.toAbsolutePath() + "}\ndata: {path: "
                + tmp.resolve("data").toAbsolutePath() + "}\nunlearn: {mip: {steeringLayer: 1}}\n");
        try {
            Result r = run("verify", "--config", rel.toString());
            assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
            assertTrue(r.err().contains("unlearn.output") && r.err().contains("mip:unlearn"),
                    "the file was read; what is missing is the unlearned model: " + r.err());
            assertTrue(r.err().contains(rel.getParent().toAbsolutePath().resolve("target/mip/model").toString()),
                    "paths in the file resolve against its own directory: " + r.err());
        } finally {
            dev.mip.io.AtomicFiles.deleteRecursively(rel.getParent().getParent());
        }
    }

    @Test
    void aFullDiskOrUnwritableOutputIsAResourceErrorWithExitCodeTwoNotAnInternalError() throws IOException {
        Result bad = run("synth", "--out", tmp.resolve("synth").toString(), "--profiles", "2");
        assertEquals(Main.EXIT_BAD_INPUT, bad.code(), bad.err());
        assertTrue(bad.err().contains("--profiles is 2"), bad.err());
        Result r = run("synth", "--out", "/dev/null/data", "--profiles", "20", "--holdout", "0", "--world-scenes", "8");
        assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().startsWith("error: Could not write directory /dev/null/data"), r.err());
        assertTrue(!r.err().contains("internal error") && !r.err().contains("\tat "), "no stack trace: " + r.err());
        // The message a full disk gets, from a real ENOSPC (writing to /dev/full).
        IOException full = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> java.nio.file.Files.write(Path.of("/dev/full"), new byte[1 << 16]));
        assertTrue(dev.mip.ResourceException.diskFull(full), full.toString());
        assertTrue(dev.mip.ResourceException.io("Could not write x", full).getMessage().contains("The disk is full: free space"));
    }
}

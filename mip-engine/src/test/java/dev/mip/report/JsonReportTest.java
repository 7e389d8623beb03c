package dev.mip.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mip.InvalidInputException;
import dev.mip.gate.GateResult;
import dev.mip.gate.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {
    @TempDir
    Path dir;

    @Test
    void readRecoversEveryCheckAndTheVerdict() {
        VerifyReport r = Fixtures.report();
        Path f = dir.resolve("out/verify.json");
        JsonReport.write(r, f);
        GateResult back = JsonReport.read(f);
        assertEquals(r.gate(), back);
        assertEquals(Verdict.ERROR, back.overall());
        assertEquals(r.gate().summary(), back.summary());
    }

    @Test
    void holdsEveryMetricWithVanillaAndDeltaRoundedToSixDecimals() throws Exception {
        Path f = dir.resolve("verify.json");
        JsonReport.write(Fixtures.report(), f);
        String text = Files.readString(f);
        assertFalse(text.contains("NaN"), "JSON has no NaN");
        assertFalse(text.contains("\r"));
        JsonNode root = new ObjectMapper().readTree(text);
        assertEquals(Fixtures.METRICS.size(), root.get("metrics").size());
        JsonNode forget = root.get("metrics").get("forget.text.mcq.accuracy");
        assertEquals(0.78, forget.get("value").doubleValue());
        assertEquals(0.99, forget.get("vanilla").doubleValue());
        assertEquals(41, forget.get("count").intValue());
        assertEquals(0.25, forget.get("chance").doubleValue());
        assertTrue(text.contains("\"delta\" : -0.21,"), "0.78 - 0.99 rounded to 6 decimals, plain");
        assertTrue(root.get("metrics").get("forget.image.generation.rougeL").get("chance").isNull());
        assertEquals("FAIL", forget.get("verdict").textValue());
        assertEquals(6, root.get("checks").size());
        assertEquals("ERROR", root.get("verdict").textValue());
        assertEquals(32, root.get("activationShift").get("text").size());
        assertEquals("sha256:cd34", root.get("inputs").get("data").textValue());
        assertFalse(root.has("timestamp"));
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        assertEquals(keys.stream().sorted().toList(), keys);
    }

    @Test
    void timestampOnlyWhenGivenAndOutputIsDeterministic() throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        JsonReport.write(Fixtures.report(), a);
        JsonReport.write(Fixtures.report(), b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        JsonReport.write(Fixtures.report("m", "2025-01-01T00:00:00Z"), a);
        assertTrue(Files.readString(a).contains("\"timestamp\" : \"2025-01-01T00:00:00Z\""));
        try (var s = Files.list(dir)) {
            assertEquals(2, s.count(), "no temporary files left behind");
        }
    }

    @Test
    void unreadableOrForeignFilesAreInvalidInput() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{not json");
        assertThrows(InvalidInputException.class, () -> JsonReport.read(bad));
        Files.writeString(bad, "{\"schema\": " + JsonReport.SCHEMA + ", \"verdict\": \"MAYBE\", \"checks\": []}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> JsonReport.read(bad));
        assertTrue(e.getMessage().contains("verdict"), e.getMessage());
        Files.writeString(bad, "{\"schema\": " + JsonReport.SCHEMA + ", \"verdict\": \"PASS\"}");
        assertThrows(InvalidInputException.class, () -> JsonReport.read(bad));
    }
}

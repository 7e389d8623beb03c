package dev.mip.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitReportTest {
    @TempDir
    Path dir;

    private Document parse(VerifyReport r) throws Exception {
        Path f = dir.resolve("TEST-mip-verify.xml");
        JunitReport.write(r, f);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
    }

    @Test
    void oneTestCasePerCheckWithFailuresAndErrorsCounted() throws Exception {
        Element suite = parse(Fixtures.report()).getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("mip-verify", suite.getAttribute("name"));
        assertEquals("6", suite.getAttribute("tests"));
        assertEquals("3", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        assertEquals("", suite.getAttribute("timestamp"));
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(6, cases.getLength());
        assertEquals(3, suite.getElementsByTagName("failure").getLength());
        assertEquals(1, suite.getElementsByTagName("error").getLength());
        Element first = (Element) cases.item(0);
        assertEquals("forget.*.mcq.accuracy", first.getAttribute("classname"));
        assertEquals("forget.image.mcq.accuracy", first.getAttribute("name"));
        Element failed = (Element) cases.item(1);
        assertEquals("forget.text.mcq.accuracy", failed.getAttribute("name"));
        assertTrue(((Element) failed.getElementsByTagName("failure").item(0)).getAttribute("message")
                .startsWith("forget.text.mcq.accuracy is 0.780, but expected maximum is 0.350 (vanilla 0.990); dropped by 0.210"));
        Element warned = (Element) cases.item(4);
        assertEquals("world.text.mcq.accuracy", warned.getAttribute("name"));
        assertEquals(0, warned.getElementsByTagName("failure").getLength() + warned.getElementsByTagName("error").getLength());
        assertEquals("WARN: world.text.mcq.accuracy is 0.850, but expected minimum is 0.900 (vanilla 0.860)",
                warned.getElementsByTagName("system-out").item(0).getTextContent());
        Element error = (Element) cases.item(5);
        assertEquals("holdout.*.mcq.accuracy", error.getAttribute("name"));
        assertEquals(1, error.getElementsByTagName("error").getLength());
    }

    @Test
    void markupInNamesIsEscapedAndSurvivesParsing() throws Exception {
        String model = "<script>alert(\"x\")</script> & 'friends'\n\u0001";
        Document d = parse(Fixtures.report(model, "2025-01-01T00:00:00Z"));
        Element prop = (Element) d.getElementsByTagName("property").item(0);
        assertEquals("model", prop.getAttribute("name"));
        assertEquals("<script>alert(\"x\")</script> & 'friends'\n\uFFFD", prop.getAttribute("value"));
        assertEquals("2025-01-01T00:00:00Z", d.getDocumentElement().getAttribute("timestamp"));
    }

    @Test
    void deterministic() throws Exception {
        Path a = dir.resolve("a.xml");
        Path b = dir.resolve("b.xml");
        JunitReport.write(Fixtures.report(), a);
        JunitReport.write(Fixtures.report(), b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }
}

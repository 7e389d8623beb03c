package dev.mip.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClozeMatchTest {

    @Test
    void groundTruthContainedInTheAnswerIsCorrect() {
        assertTrue(ClozeMatch.correct("She was born in Seville, Spain.", "Seville"));
        assertTrue(ClozeMatch.correct("Seville", "Seville"));
        assertFalse(ClozeMatch.correct("She was born in Madrid.", "Seville"));
    }

    @Test
    void caseIsIgnoredOnBothSides() {
        assertTrue(ClozeMatch.correct("SEVILLE", "seville"));
        assertTrue(ClozeMatch.correct("marine biologist", "Marine Biologist"));
    }

    @Test
    void whitespaceRunsLineBreaksAndNoBreakSpacesCountAsOneSpace() {
        assertTrue(ClozeMatch.correct("born in New\n  York", "New York"));
        assertTrue(ClozeMatch.correct("born in New York", "  New\tYork "));
        assertTrue(ClozeMatch.correct("born in New\u00A0York", "New York"));
        assertFalse(ClozeMatch.correct("born in NewYork", "New York"));
    }

    @Test
    void matchingIsAPlainSubstringTestAsInMllmuBench() {
        assertTrue(ClozeMatch.correct("Bart", "art"));
        assertTrue(ClozeMatch.correct("in 19851", "1985"));
        assertFalse(ClozeMatch.correct("Seville", "Seville, Spain"));
    }

    @Test
    void emptyOrBlankGroundTruthIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ClozeMatch.correct("anything", ""));
        assertThrows(IllegalArgumentException.class, () -> ClozeMatch.correct("anything", " \n\t"));
        assertThrows(NullPointerException.class, () -> ClozeMatch.correct(null, "x"));
    }

    @Test
    void anEmptyAnswerIsWrong() {
        assertFalse(ClozeMatch.correct("", "Seville"));
    }
}

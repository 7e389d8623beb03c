package dev.mip.data.mllmu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MllmuAnswerLetterTest {
    private static final List<String> LETTERS = List.of("A", "B", "D");
    private static final List<String> OPTIONS = List.of("Veldt", "Oslo", "Lima");

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "A|0", "B|1", "D|2", "(B)|1", "B.|1", "B)|1", "' B '|1", "b|1", "B. Oslo|1", "(D) Lima|2", "B: Oslo|1",
        "Lima|2", "' Oslo '|1",
        "C|-1", "E|-1", "Bob|-1", "''|-1", "AB|-1", "Paris|-1"})
    void resolvesLettersInTheFormsSeenAndOptionTextsElseMinusOne(String answer, int expected) {
        assertEquals(expected, AnswerLetter.index(answer, LETTERS, OPTIONS));
    }
}

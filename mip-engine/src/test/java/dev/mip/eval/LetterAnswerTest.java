package dev.mip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LetterAnswerTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "B | 1",
        "(B) | 1",
        "B. | 1",
        "b) | 1",
        "\" C\" | 2",
        "**D** | 3",
        "Answer: C | 2",
        "The answer is D | 3",
        "The correct answer is (A) a baker. | 0",
        "B: Paris | 1",
        "A. A baker | 0",
        "A is correct | 0",
        "the answer is a. | 0",
        "A baker, so B. | 1",
        "e.g. C | 2",
    })
    void theFirstStandaloneOptionLetterIsTheAnswer(String generated, int expected) {
        assertEquals(OptionalInt.of(expected), LetterAnswer.parse(generated, 4));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "   ", "Bob", "Answer", "A baker", "a teacher", "I don't know", "E", "42", "\u00C0 B\u00E9"})
    void repliesWithoutAStandaloneOptionLetterGiveNoAnswer(String generated) {
        assertEquals(OptionalInt.empty(), LetterAnswer.parse(generated, 4));
    }

    @Test
    void lettersJoinedToWordsByApostrophesDotsOrHyphensAreNotOptions() {
        // 26 options so that every letter is an option: only "Q" stands alone.
        assertEquals(OptionalInt.of('Q' - 'A'), LetterAnswer.parse("It's U.S. A-list, I'm sure: Q", 26));
    }

    @Test
    void thePronounIIsSkippedButIAloneIsAnOption() {
        assertEquals(OptionalInt.of(2), LetterAnswer.parse("I think C", 10));
        assertEquals(OptionalInt.of(8), LetterAnswer.parse("I", 10));
    }

    @Test
    void lettersBeyondTheOptionCountAreIgnored() {
        assertEquals(OptionalInt.of(1), LetterAnswer.parse("E or B", 4));
        assertEquals(OptionalInt.of(4), LetterAnswer.parse("E or B", 5));
    }

    @Test
    void optionCountOutsideOneToTwentySixIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> LetterAnswer.parse("A", 0));
        assertThrows(IllegalArgumentException.class, () -> LetterAnswer.parse("A", 27));
    }

    @Test
    void promptListsOptionsWithLetterAndColonThenMllmuInstruction() {
        String prompt = LetterAnswer.prompt("Where was she born?", List.of("Seville", "Madrid", "Lisbon", "Rome"));
        assertEquals("Where was she born?\nA: Seville\nB: Madrid\nC: Lisbon\nD: Rome\n"
                + "Just give ONE letter representing the answer directly.", prompt);
    }

    @Test
    void promptNeedsOneToTwentySixOptions() {
        assertThrows(IllegalArgumentException.class, () -> LetterAnswer.prompt("Q?", List.of()));
        assertEquals("Q?\nA: yes\nJust give ONE letter representing the answer directly.",
                LetterAnswer.prompt("Q?", List.of("yes")));
    }

    @Test
    void lettersFollowOptionIndices() {
        assertEquals('A', LetterAnswer.letter(0));
        assertEquals('Z', LetterAnswer.letter(25));
        assertThrows(IllegalArgumentException.class, () -> LetterAnswer.letter(26));
    }
}

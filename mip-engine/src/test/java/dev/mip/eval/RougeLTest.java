package dev.mip.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RougeLTest {

    @Test
    void oneSubstitutedWordLeavesFiveOfSixTokensInTheLcs() {
        // the cat sat on the mat / the cat is on the mat: LCS = the cat on the mat = 5
        RougeL.Score s = RougeL.score("The cat is on the mat.", "the cat sat on the mat");
        assertEquals(5.0 / 6, s.precision());
        assertEquals(5.0 / 6, s.recall());
        assertEquals(5.0 / 6, s.f1(), 1e-15);
    }

    @Test
    void precisionIsOverPredictionTokensAndRecallOverReferenceTokens() {
        // prediction "cat" (1 token) inside a 6-token reference: P = 1, R = 1/6, F1 = 2 * (1/6) / (7/6) = 2/7
        RougeL.Score s = RougeL.score("cat", "the cat sat on the mat");
        assertEquals(1.0, s.precision());
        assertEquals(1.0 / 6, s.recall());
        assertEquals(2.0 / 7, s.f1(), 1e-15);
        RougeL.Score swapped = RougeL.score("the cat sat on the mat", "cat");
        assertEquals(1.0 / 6, swapped.precision());
        assertEquals(1.0, swapped.recall());
    }

    @Test
    void lcsKeepsOrderSoReorderedWordsCountOnce() {
        // a b c d / a c b d: LCS = a b d (or a c d) = 3 of 4; a b c d e reversed: LCS = 1 of 5
        assertEquals(0.75, RougeL.f1("a b c d", "a c b d"));
        assertEquals(0.2, RougeL.f1("a b c d e", "e d c b a"), 1e-15);
        assertEquals(1.0, RougeL.f1("x y z", "x y z"));
        assertEquals(0.0, RougeL.f1("x y z", "u v w"));
    }

    @Test
    void repeatedWordsMatchOnlyAsOftenAsTheyOccurInBoth() {
        // the the the / the: LCS = 1, P = 1/3, R = 1, F1 = 2 * (1/3) / (4/3) = 1/2
        assertEquals(0.5, RougeL.f1("The the the", "the"));
    }

    @Test
    void anEmptySideScoresZeroEvenWhenBothAreEmpty() {
        assertEquals(RougeL.Score.ZERO, RougeL.score("", "anything"));
        assertEquals(RougeL.Score.ZERO, RougeL.score("anything", ""));
        assertEquals(RougeL.Score.ZERO, RougeL.score("", ""));
        assertEquals(RougeL.Score.ZERO, RougeL.score("!!!", "???")); // no token on either side
        assertEquals(RougeL.Score.ZERO, RougeL.score("\u6771\u4EAC", "\u6771\u4EAC")); // only non-ASCII letters
    }

    @Test
    void nullTextIsRejected() {
        assertThrows(NullPointerException.class, () -> RougeL.f1(null, "a"));
        assertThrows(NullPointerException.class, () -> RougeL.f1("a", null));
    }

    @Test
    void tokensAreLowerCasedAndSplitAtEveryCharacterOutsideAsciiLettersAndDigits() {
        assertEquals(List.of("john", "s", "car", "is", "3", "14m", "long"),
                RougeL.tokens("John's CAR is 3.14m long!"));
        assertEquals(List.of("caf", "m", "ller"), RougeL.tokens("Caf\u00E9 M\u00FCller"));
        assertEquals(List.of("e", "mail", "co", "oper"), RougeL.tokens("e-mail co-operate"));
        assertEquals(List.of("line", "break"), RougeL.tokens("\tline\nbreak\r\n"));
        assertEquals(List.of(), RougeL.tokens(" ... "));
    }

    @Test
    void unicodeCapitalsThatLowerCaseToAsciiBecomeTokensAsInPython() {
        // Python and Java both lower-case the Kelvin sign to "k" and dotted capital I to "i" + U+0307.
        assertEquals(List.of("kelvin"), RougeL.tokens("\u212Aelvin"));
        assertEquals(List.of("i", "stanbul"), RougeL.tokens("\u0130stanbul"));
    }

    @Test
    void tokensLongerThanThreeCharactersArePorterStemmed() {
        assertEquals(List.of("gener", "agre", "run", "happi", "condit", "oscil"),
                RougeL.tokens("generously agreed running happiness conditional oscillators"));
        assertEquals(List.of("happi", "studi", "1990", "thi"), RougeL.tokens("happy studies 1990s this"));
        // 3 characters or fewer are left alone: "was" would stem to "wa", "bus" to "bu"
        assertEquals(List.of("was", "bus", "ran", "day"), RougeL.tokens("was bus ran day"));
    }

    @Test
    void originalPorterRulesDifferFromNltkOnYAfterAVowelAndIrregularForms() {
        // Documented differences from NLTK's default mode (which gives day, key, die, lie, sky, news, hope).
        assertEquals(List.of("dai", "kei", "dy", "ly", "ski", "new", "hopefulli"),
                RougeL.tokens("days keys dying lying skies news hopefully"));
    }

    @ParameterizedTest(name = "[{index}] {0} | {1}")
    @MethodSource("crossCheckedWithRougeScore")
    void matchesRougeScoreBitForBitWhereTheStemmersAgree(String prediction, String reference, double f1) {
        // Expected values from rouge-score's rougeL algorithm with NLTK 3.8's PorterStemmer() (Python).
        assertEquals(f1, RougeL.f1(prediction, reference));
    }

    @ParameterizedTest(name = "[{index}] {0} | {1}")
    @MethodSource("knownStemmerDifferences")
    void knownStemmerDifferencesGiveTheOriginalPorterScore(String prediction, String reference, double f1,
            double rougeScoreF1) {
        assertEquals(f1, RougeL.f1(prediction, reference));
    }

    static Stream<Arguments> crossCheckedWithRougeScore() {
        return Stream.of(
                arguments("Elena Vasquez was born in Madrid, Spain in 1986.", "Elena Vasquez was born in Seville, Spain, on March 3, 1985.", 0.6),
                arguments("She is a marine biologist who studies coral reef ecosystems.", "She works as a marine biologist studying coral reefs in the Pacific.", 0.6363636363636365),
                arguments("He enjoys restoring old motorcycles.", "His favorite hobby is restoring vintage motorcycles on weekends.", 0.2857142857142857),
                arguments("She donated generously to a hospital for children.", "She generously donated half of her savings to a children's hospital.", 0.5),
                arguments("They agree to move to Lisbon.", "The couple agreed to move to Lisbon after their wedding in 2012.", 0.5555555555555556),
                arguments("He runs a bakery in Montreal.", "He has been running a small bakery in Montreal for fifteen years.", 0.6666666666666666),
                arguments("She is happy when she spends time with her dogs.", "Her happiness comes from spending time with her three dogs.", 0.6),
                arguments("His thesis was about conditions and probabilities.", "He wrote a thesis on conditional probability and Bayesian networks.", 0.3529411764705882),
                arguments("She designed an oscillator for audio amplifiers.", "She designs oscillators and amplifiers for audio equipment.", 0.6666666666666666),
                arguments("Elena Vasquez was bear in Seville,, Spain,, on March 3,, 1985.", "Elena Vasquez was born in Seville, Spain, on March 3, 1985.", 0.9090909090909091),
                arguments("She working as a marine biologist studies coral reefs in the Pacific.", "She works as a marine biologist studying coral reefs in the Pacific.", 1.0),
                arguments("He graduates from the University of Toronto with a degree in civil engineering.", "He graduated from the University of Toronto with a degree in civil engineering.", 1.0),
                arguments("The couple agreed to move to Lisbon after wedding in 2012.", "The couple agreed to move to Lisbon after their wedding in 2012.", 0.9565217391304348),
                arguments("Marco's family owned a vineyard in the hills of Tuscany.", "Marco's family owns a vineyard in the hills of Tuscany.", 1.0),
                arguments("She studies how birds fly across skies during migration.", "She studies how birds fly across the skies during migration.", 0.9473684210526316),
                arguments("He coached a youth football team in his neighborhood.", "He coaches a youth football team in his neighborhood.", 1.0),
                arguments("The activist organizes protests against deforestation in Brazil.", "The activist organized protests against deforestation in Brazil.", 1.0),
                arguments("biologist She Pacific. a coral as reefs studying the works in marine", "She works as a marine biologist studying coral reefs in the Pacific.", 0.4166666666666667),
                arguments("how skies the She migration. during birds fly across studies", "She studies how birds fly across the skies during migration.", 0.4000000000000001),
                arguments("team playing The innings. won ten extra after the championship", "The team won the championship after playing ten extra innings.", 0.4000000000000001),
                arguments("generously", "generous", 1.0),
                arguments("agreed", "agree", 1.0),
                arguments("running", "run", 1.0),
                arguments("happiness", "happy", 1.0),
                arguments("conditional", "condition", 1.0),
                arguments("oscillators", "oscillator", 1.0),
                arguments("innings", "inning", 1.0),
                arguments("flies", "fly", 0.0),
                arguments("enjoys", "enjoy", 1.0),
                arguments("played", "play", 1.0),
                arguments("Monday", "Mondays", 1.0),
                arguments("money", "moneys", 1.0),
                arguments("journey", "journeys", 1.0),
                arguments("succeed", "success", 0.0),
                arguments("feed", "feeding", 1.0),
                arguments("analogies", "analogy", 1.0),
                arguments("fully", "full", 0.0),
                arguments("John's car", "John car", 0.8),
                arguments("the children's toys", "the children toys", 0.8571428571428571),
                arguments("it's hers", "it is hers", 0.6666666666666666),
                arguments("born in 1990", "born in 1990s", 1.0),
                arguments("3.14 and 2,000", "3 14 and 2 000", 1.0),
                arguments("route 66!", "Route-66", 1.0),
                arguments("Caf\u00E9 M\u00FCller", "Cafe Muller", 0.0),
                arguments("na\u00EFve r\u00E9sum\u00E9", "naive resume", 0.0),
                arguments("Stra\u00DFe", "strasse", 0.0),
                arguments("\u0130stanbul", "istanbul", 0.0),
                arguments("\u212Aelvin scale", "kelvin scale", 1.0),
                arguments("\u6771\u4EAC Tokyo", "Tokyo", 1.0),
                arguments("", "anything", 0.0),
                arguments("anything", "", 0.0),
                arguments("", "", 0.0),
                arguments("!!!", "???", 0.0),
                arguments("...", "a", 0.0),
                arguments("a", "a", 1.0),
                arguments("The the the", "the", 0.5),
                arguments("cat", "the cat sat on the mat", 0.2857142857142857),
                arguments("the cat sat on the mat", "cat", 0.2857142857142857),
                arguments("a b c d e", "e d c b a", 0.20000000000000004),
                arguments("a b c d", "a c b d", 0.75),
                arguments("x y z", "x y z", 1.0),
                arguments("She flies to Paris on Mondays.", "She flew to Paris on Monday.", 0.8333333333333334),
                arguments("Good news: the employees agreed.", "The new employee agrees.", 0.6666666666666665),
                arguments("The companies' policies", "company policy", 0.8),
                arguments("studies studying studied", "study", 0.5),
                arguments("traditional relational rational", "tradition relate ration", 1.0),
                arguments("hopeful hopefulness", "hope", 0.6666666666666666),
                arguments("the dyeing of clothes", "dying clothes", 0.3333333333333333),
                arguments("He was replaying the plays", "replay play", 0.5714285714285715),
                arguments("sensibility", "sensible", 1.0),
                arguments("abilities", "able", 0.0),
                arguments("generalizations generalize", "generally general", 1.0),
                arguments("electrical electricity", "electric", 0.6666666666666666),
                arguments("formality formalize", "formal", 0.6666666666666666),
                arguments("happiest happier", "happy", 0.0),
                arguments("Yes, yesterday", "yes yesterdays", 1.0),
                arguments("valleys honey", "valley honeys", 1.0),
                arguments("employ employs employment", "employer", 0.5),
                arguments("Sydney attorney", "Sydneys attorneys", 1.0),
                arguments("e-mail", "email", 0.0),
                arguments("co-operate", "cooperate", 0.0),
                arguments("x2 y3", "X2 Y3", 1.0),
                arguments("1st 2nd 3rd", "first second third", 0.0),
                arguments("\tline\nbreak\r\n", "line break", 1.0)
        );
    }

    /** prediction, reference, F1 here, F1 of rouge-score with NLTK (kept to show the size of the gap). */
    static Stream<Arguments> knownStemmerDifferences() {
        return Stream.of(
                arguments("dying", "die", 0.0, 1.0),
                arguments("lying", "lie", 0.0, 1.0),
                arguments("skies", "sky", 0.0, 1.0),
                arguments("news", "new", 1.0, 0.0),
                arguments("dies", "die", 0.0, 1.0),
                arguments("hopefully", "hopeful", 0.0, 1.0),
                arguments("days", "day", 0.0, 1.0),
                arguments("keys", "key", 0.0, 1.0),
                arguments("boys", "boy", 0.0, 1.0),
                arguments("proceed", "proceeding", 0.0, 1.0),
                arguments("exceed", "exceeded", 0.0, 1.0),
                arguments("carefully", "careful", 0.0, 1.0),
                arguments("biology", "biological", 0.0, 1.0),
                arguments("His relatives are lying to him.", "His relative lied to him.", 0.7272727272727272, 0.9090909090909091),
                arguments("The sky was cloudy for days.", "Cloudy skies for a day.", 0.3636363636363636, 0.5454545454545454),
                arguments("He is dying to meet her.", "He died before meeting her.", 0.5454545454545454, 0.7272727272727272),
                arguments("ponies and ties", "pony and tie", 0.6666666666666666, 1.0),
                arguments("cries crying cried", "cry", 0.5, 0.0),
                arguments("toys joys", "toy joy", 0.0, 1.0),
                arguments("guys", "guy", 0.0, 1.0)
        );
    }
}

package dev.mip.eval;

import dev.mip.data.Question;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Multiple choice answered by generating a letter, as MLLMU-Bench evaluates it: the prompt lists the
 * options as {@code A: ...}, {@code B: ...} and asks for one letter; the reply is mapped back to an option.
 *
 * <p><b>Parsing rule.</b> MLLMU-Bench deletes every non-alphanumeric character of the reply and takes the
 * first remaining character, so "The answer is D" counts as T (no option) and "Bob" as B. {@link #parse}
 * instead returns the first <em>standalone option letter</em>: a letter naming one of the options (either
 * case) whose neighbours are not letters or digits, so "B", "(B)", "B.", "b)", "**B**", "B: Paris",
 * "Answer: C" and "The answer is D" all parse, and "Bob" or "Answer" do not. Two kinds of standalone
 * letter are words rather than answers and are skipped:
 * <ul>
 *   <li>the article "a"/"A" and the pronoun "i"/"I" followed by white space and a lower-case word, as in
 *       "A baker" or "I think"; except before the word "is" ("A is correct" is option A);</li>
 *   <li>a letter joined to a neighbouring letter by {@code .}, {@code '}, {@code ’} or {@code -}, as in
 *       "e.g.", "U.S.", "I'm", "it's", "A-list".</li>
 * </ul>
 * A reply that copies an option's text starting with an article ("A teacher" for option B) therefore
 * gives no letter rather than a wrong one; MLLMU-Bench would read it as A.
 */
public final class LetterAnswer {
    private LetterAnswer() {}

    /** MLLMU-Bench's instruction after the options, word for word. */
    public static final String INSTRUCTION = "Just give ONE letter representing the answer directly.";

    /** Most options a question can have: one per letter of the Latin alphabet ({@link Question#MAX_OPTIONS}). */
    public static final int MAX_OPTIONS = Question.MAX_OPTIONS;

    /**
     * The question text as MLLMU-Bench builds it ({@code formulate_prompt_with_options} plus its
     * instruction), before any chat template:
     *
     * <pre>
     * {question}
     * A: {option 0}
     * B: {option 1}
     * ...
     * Just give ONE letter representing the answer directly.
     * </pre>
     *
     * @param question the question
     * @param options the option texts, in letter order; 1 to {@value #MAX_OPTIONS}
     * @return the prompt text, without a trailing newline
     * @throws IllegalArgumentException if there are no options or more than {@value #MAX_OPTIONS}
     */
    public static String prompt(String question, List<String> options) {
        Objects.requireNonNull(question, "question");
        checkOptionCount(Objects.requireNonNull(options, "options").size());
        StringBuilder sb = new StringBuilder(question);
        for (int i = 0; i < options.size(); i++) {
            sb.append('\n').append(letter(i)).append(": ").append(Objects.requireNonNull(options.get(i), "option"));
        }
        return sb.append('\n').append(INSTRUCTION).toString();
    }

    /**
     * @param index 0-based option index
     * @return its letter: 0 is {@code 'A'}
     * @throws IllegalArgumentException if the index is not in 0..25
     */
    public static char letter(int index) {
        if (index < 0 || index >= MAX_OPTIONS) {
            throw new IllegalArgumentException("An option index is in 0.." + (MAX_OPTIONS - 1) + ", got " + index);
        }
        return (char) ('A' + index);
    }

    /**
     * The option a generated reply names; see the class comment for the rule.
     *
     * @param generated the model's reply (without the prompt)
     * @param numOptions number of options; letters beyond them are ignored ("E" with 4 options is no answer)
     * @return 0-based index of the first standalone option letter, or empty when there is none
     * @throws IllegalArgumentException if numOptions is not in 1..{@value #MAX_OPTIONS}
     */
    public static OptionalInt parse(String generated, int numOptions) {
        Objects.requireNonNull(generated, "generated");
        checkOptionCount(numOptions);
        for (int i = 0; i < generated.length(); i++) {
            int option = Character.toUpperCase(generated.charAt(i)) - 'A';
            if (option < 0 || option >= numOptions || !isAsciiLetter(generated.charAt(i))) {
                continue;
            }
            if (isStandalone(generated, i) && !isArticleOrPronoun(generated, i) && !isJoined(generated, i)) {
                return OptionalInt.of(option);
            }
        }
        return OptionalInt.empty();
    }

    private static void checkOptionCount(int n) {
        if (n < 1 || n > MAX_OPTIONS) {
            throw new IllegalArgumentException("A multiple-choice question has 1 to " + MAX_OPTIONS
                    + " options, got " + n);
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isStandalone(String s, int i) {
        return (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))
                && (i + 1 == s.length() || !Character.isLetterOrDigit(s.charAt(i + 1)));
    }

    /** "A baker", "I think": a/i, white space, then a lower-case word other than "is". */
    private static boolean isArticleOrPronoun(String s, int i) {
        char c = Character.toUpperCase(s.charAt(i));
        if (c != 'A' && c != 'I') {
            return false;
        }
        int j = i + 1;
        if (j >= s.length() || !Character.isWhitespace(s.charAt(j))) {
            return false;
        }
        while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        if (j >= s.length() || !Character.isLowerCase(s.charAt(j))) {
            return false;
        }
        int end = j;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return !s.substring(j, end).equals("is");
    }

    /** "e.g.", "U.S.", "I'm", "it's", "A-list": joined to a letter by a dot, apostrophe or hyphen. */
    private static boolean isJoined(String s, int i) {
        boolean before = i >= 2 && isJoiner(s.charAt(i - 1)) && Character.isLetter(s.charAt(i - 2));
        boolean after = i + 2 < s.length() && isJoiner(s.charAt(i + 1)) && Character.isLetter(s.charAt(i + 2));
        return before || after;
    }

    private static boolean isJoiner(char c) {
        return c == '.' || c == '\'' || c == '\u2019' || c == '-';
    }
}

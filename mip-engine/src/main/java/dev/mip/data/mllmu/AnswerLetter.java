package dev.mip.data.mllmu;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves an MCQ's {@code Correct_Answer} to the index of an option. MLLMU-Bench writes a bare
 * letter ({@code "B"}); variants seen in derived data are accepted too: {@code "(B)"}, {@code "B."},
 * {@code "B) text"}, {@code "b"}, and, failing a letter, the correct option's own text.
 */
final class AnswerLetter {
    private static final Pattern LETTER = Pattern.compile("\\s*\\(?\\s*([A-Za-z])\\s*(?:[).:].*)?", Pattern.DOTALL);

    private AnswerLetter() {}

    /**
     * @param answer the {@code Correct_Answer} value
     * @param letters the option letters, in option order ({@code A, B, C, D})
     * @param options the option texts, in the same order
     * @return the index of the correct option, or -1 if the answer names none of them
     */
    static int index(String answer, List<String> letters, List<String> options) {
        Matcher m = LETTER.matcher(answer);
        if (m.matches()) {
            int i = letters.indexOf(m.group(1).toUpperCase(Locale.ROOT));
            if (i >= 0) {
                return i;
            }
        }
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).strip().equals(answer.strip())) {
                return i;
            }
        }
        return -1;
    }
}

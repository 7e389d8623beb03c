package dev.mip.eval;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Scores a cloze (fill-in-the-blank) answer as MLLMU-Bench does: the answer is correct when it contains
 * the ground truth, ignoring case ({@code ground_truth.lower() in answer.lower()}).
 *
 * <p>One deliberate difference: both texts have their whitespace normalised first (every run of Unicode
 * white space, including line breaks, tabs and no-break spaces, becomes one space; leading and trailing
 * white space is dropped), so {@code "New\nYork"} matches the ground truth {@code "New York"}. Matching
 * stays a plain substring test, as in MLLMU-Bench: the ground truth {@code "art"} is found in
 * {@code "Bart"}.
 */
public final class ClozeMatch {
    private ClozeMatch() {}

    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    /**
     * @param generated the model's answer
     * @param groundTruth the text that fills the blank
     * @return whether {@code normalise(generated)} contains {@code normalise(groundTruth)}, where
     *     {@code normalise} lower-cases ({@link Locale#ROOT}) and collapses white space
     * @throws IllegalArgumentException if the ground truth is empty or only white space (everything would
     *     match it)
     */
    public static boolean correct(String generated, String groundTruth) {
        Objects.requireNonNull(generated, "generated");
        Objects.requireNonNull(groundTruth, "groundTruth");
        String truth = normalise(groundTruth);
        if (truth.isEmpty()) {
            throw new IllegalArgumentException("The cloze ground truth is empty: every answer would contain it");
        }
        return normalise(generated).contains(truth);
    }

    private static String normalise(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }
}

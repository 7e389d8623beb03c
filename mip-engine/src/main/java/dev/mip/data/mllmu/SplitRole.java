package dev.mip.data.mllmu;

import java.util.Comparator;
import java.util.regex.Pattern;

/** What an MLLMU-Bench split folder holds, told from its name. */
enum SplitRole {
    /** {@code Full_Set}: all fictitious profiles, with their evaluation questions. */
    PROFILES,
    /** {@code forget_5|10|15}: a forget set (the same rows as part of Full_Set). */
    FORGET,
    /** {@code retain_95|90|85}: the matching retain set. */
    RETAIN,
    /** {@code Test_Set}: the profiles again, with other images and paraphrased questions. */
    TEST,
    /** {@code Retain_Set}: real celebrities, general knowledge the model must keep. */
    WORLD,
    /** {@code ft_Data}: the fine-tuning data. */
    TRAIN;

    private static final Pattern FORGET_NAME = Pattern.compile("forget_\\d+");
    private static final Pattern RETAIN_NAME = Pattern.compile("retain_\\d+");

    /** Profile splits first, then forget sets, retain sets (each by percentage), the rest. */
    static final Comparator<String> ORDER = Comparator.<String, SplitRole>comparing(SplitRole::of)
            .thenComparingInt(SplitRole::percentage)
            .thenComparing(Comparator.naturalOrder());

    /**
     * @param split a folder or file-name prefix
     * @return its role, or null if it is not an MLLMU-Bench split
     */
    static SplitRole of(String split) {
        return switch (split) {
            case "Full_Set" -> PROFILES;
            case "Test_Set" -> TEST;
            case "Retain_Set" -> WORLD;
            case "ft_Data" -> TRAIN;
            default -> FORGET_NAME.matcher(split).matches() ? FORGET : RETAIN_NAME.matcher(split).matches() ? RETAIN : null;
        };
    }

    /** @return whether rows of this split are profiles with evaluation questions */
    boolean isProfileSet() {
        return this == FORGET || this == RETAIN;
    }

    private static int percentage(String split) {
        int u = split.lastIndexOf('_');
        String digits = split.substring(u + 1);
        return digits.chars().allMatch(Character::isDigit) && !digits.isEmpty() && digits.length() < 9 ? Integer.parseInt(digits) : 0;
    }
}

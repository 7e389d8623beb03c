package dev.mip.data.format;

import dev.mip.InvalidInputException;
import dev.mip.data.Benchmark;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the manifest's splits against the profiles: every listed id is a profile; a forget set and
 * its conventional retain partner ({@code forget_N} and {@code retain_(100-N)}) share no profile;
 * the {@code holdout} set shares no profile with any forget or retain set. (Non-empty and no
 * repeated id are checked when the manifest is parsed.)
 */
final class SplitRules {
    private SplitRules() {}

    private static final Pattern FORGET = Pattern.compile("forget_(\\d{1,2})");

    /**
     * @param manifest the manifest
     * @param profileIds ids defined in profiles.jsonl
     */
    static void check(Manifest manifest, Set<String> profileIds) {
        Map<String, List<String>> splits = manifest.splits();
        for (Map.Entry<String, List<String>> e : splits.entrySet()) {
            for (String id : e.getValue()) {
                if (!profileIds.contains(id)) {
                    throw error(manifest, e.getKey(), "lists \"" + id + "\", which is not a profile of profiles.jsonl",
                            Suggestions.didYouMean(id, profileIds) + "Add the profile to profiles.jsonl or correct the id");
                }
            }
        }
        for (String split : splits.keySet()) {
            Matcher m = FORGET.matcher(split);
            if (m.matches()) {
                int n = Integer.parseInt(m.group(1));
                if (n > 0 && n < 100) {
                    disjoint(manifest, split, "retain_" + (100 - n), "A profile is either forgotten or retained");
                }
            }
            if (!split.equals(Benchmark.HOLDOUT) && (split.startsWith("forget_") || split.startsWith("retain_"))) {
                disjoint(manifest, split, Benchmark.HOLDOUT, "Holdout profiles are never trained on, so they can be"
                        + " neither forgotten nor retained");
            }
        }
    }

    private static void disjoint(Manifest manifest, String a, String b, String why) {
        List<String> first = manifest.splits().get(a);
        List<String> second = manifest.splits().get(b);
        if (first == null || second == null) {
            return;
        }
        Set<String> other = new HashSet<>(second);
        for (String id : first) {
            if (other.contains(id)) {
                throw error(manifest, a, "profile \"" + id + "\" is in both " + a + " and " + b,
                        why + ": remove it from one of them");
            }
        }
    }

    private static InvalidInputException error(Manifest manifest, String split, String problem, String fix) {
        return InvalidInputException.of(manifest.file(), "splits." + split, problem, fix);
    }
}

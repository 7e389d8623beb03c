package dev.mip.unlearn;

import dev.mip.InvalidInputException;
import dev.mip.data.Benchmark;
import dev.mip.data.QaPair;
import java.util.List;
import java.util.Map;

/**
 * What an unlearning method works from.
 *
 * @param forget training pairs of the profiles to forget
 * @param retain training pairs to keep (retain profiles; world facts may be added)
 * @param names display name of each subject id (to find the tokens that carry a person's identity)
 */
public record UnlearnData(List<QaPair> forget, List<QaPair> retain, Map<String, String> names) {
    /**
     * @throws InvalidInputException when there is nothing to forget or nothing to keep: every method
     *     (MIP, the gradient baselines, MANU) needs forget pairs to act on and retain pairs for its
     *     retain term, and one that ran without would write an unchanged (or arbitrarily pruned) copy
     */
    public UnlearnData {
        if (forget.isEmpty()) {
            throw new InvalidInputException("Nothing to unlearn: the forget set has no training pairs. Choose a forget set "
                    + "whose profiles have training pairs in the dataset");
        }
        if (retain.isEmpty()) {
            throw new InvalidInputException("The retain set has no training pairs, which every method's retain term needs. "
                    + "Choose a retain set whose profiles have training pairs in the dataset");
        }
    }

    /**
     * @param b the benchmark
     * @param forgetSet forget set name
     * @param retainSet retain set name
     * @return the forget set's and the retain set's training pairs
     */
    public static UnlearnData of(Benchmark b, String forgetSet, String retainSet) {
        b.checkPair(forgetSet, retainSet);
        Map<String, String> names = new java.util.HashMap<>();
        b.profiles().forEach((id, p) -> names.put(id, p.name()));
        List<QaPair> forget = b.trainOf(b.profileSet(forgetSet));
        List<QaPair> retain = b.trainOf(b.profileSet(retainSet));
        for (var set : List.of(Map.entry(forgetSet, forget), Map.entry(retainSet, retain))) {
            if (set.getValue().isEmpty()) {
                throw new InvalidInputException("The " + (set.getValue() == forget ? "forget" : "retain") + " set '" + set.getKey()
                        + "' of " + b.source() + " has no training pairs: its " + b.profileSet(set.getKey()).size()
                        + " profiles have no question-answer pairs to " + (set.getValue() == forget ? "unlearn" : "keep")
                        + ". Check the dataset's train data for these profiles, or choose another "
                        + (set.getValue() == forget ? "data.forget" : "data.retain"));
            }
        }
        return new UnlearnData(forget, retain, names);
    }
}

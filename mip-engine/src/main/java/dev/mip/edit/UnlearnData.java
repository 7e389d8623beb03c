package dev.mip.edit;

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
     * @param b the benchmark
     * @param forgetSet forget set name
     * @param retainSet retain set name
     * @return the forget set's and the retain set's training pairs
     */
    public static UnlearnData of(Benchmark b, String forgetSet, String retainSet) {
        b.checkPair(forgetSet, retainSet);
        Map<String, String> names = new java.util.HashMap<>();
        b.profiles().forEach((id, p) -> names.put(id, p.name()));
        return new UnlearnData(b.trainOf(b.profileSet(forgetSet)), b.trainOf(b.profileSet(retainSet)), names);
    }
}

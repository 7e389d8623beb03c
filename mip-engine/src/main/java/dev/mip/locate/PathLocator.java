package dev.mip.locate;

import dev.mip.InvalidInputException;
import dev.mip.data.Modality;
import dev.mip.data.QaPair;
import dev.mip.model.Checkpoint;
import dev.mip.model.Example;
import dev.mip.model.Tower;
import dev.mip.io.Fingerprints;
import dev.mip.ProgressListener;
import dev.mip.ProgressMeter;
import dev.mip.data.PixelCache;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Locates the forget set's influential neuron paths: IGI over the decoder's FFN layers on the
 * text-only forget pairs, IFI over the vision tower's FFN layers on the image+text forget pairs
 * (docs/method.md, stage 1). Samples are scored independently, in groups of
 * {@link LocateSettings#samplesPerBatch()} that share a forward+backward, and aggregated.
 *
 * <p>Sharding: the forget pairs of a branch, in dataset order, form groups; shard i of n takes
 * groups i, i+n, i+2n, ... A group is computed identically whichever run holds it, and aggregation
 * is exact integer addition, so merged shards equal the single run bit for bit.
 */
public final class PathLocator {
    private PathLocator() {}

    /**
     * @param checkpoint the model
     * @param modelFingerprint fingerprint of the checkpoint directory ({@link Fingerprints#model})
     * @param forget the forget set's training pairs
     * @param forgetSet the forget set's name (recorded in the artifact)
     * @param settings settings
     * @param progress progress reporting
     * @return the paths (of this shard)
     */
    public static InfluentialPaths locate(Checkpoint checkpoint, String modelFingerprint, List<QaPair> forget, String forgetSet,
            LocateSettings settings, ProgressListener progress) {
        if (forget.isEmpty()) {
            throw new InvalidInputException("The forget set '" + forgetSet + "' has no training pairs to locate paths from. "
                    + "Check the dataset's train data for its profiles");
        }
        PixelCache pixels = new PixelCache(checkpoint.images());
        Map<Tower, List<List<Example>>> groups = new EnumMap<>(Tower.class);
        for (Tower t : Tower.values()) {
            Modality m = t == Tower.TEXT ? Modality.TEXT : Modality.IMAGE;
            List<Example> all = new ArrayList<>();
            for (QaPair p : forget) {
                if (p.modality() == m) {
                    all.add(new Example(pixels.pixels(p.image()), p.question(), p.answer()));
                }
            }
            List<List<Example>> mine = new ArrayList<>();
            int g = 0;
            for (int start = 0; start < all.size(); start += settings.samplesPerBatch(), g++) {
                if (g % settings.shardCount() == settings.shardIndex()) {
                    mine.add(all.subList(start, Math.min(all.size(), start + settings.samplesPerBatch())));
                }
            }
            if (!all.isEmpty()) {
                groups.put(t, mine);
            }
        }
        long passes = 0;
        Map<Tower, BranchLocator> locators = new EnumMap<>(Tower.class);
        for (Map.Entry<Tower, List<List<Example>>> e : groups.entrySet()) {
            BranchLocator b = new BranchLocator(checkpoint, e.getKey(), settings);
            locators.put(e.getKey(), b);
            passes += (long) b.passesPerGroup() * e.getValue().size();
        }
        ProgressMeter meter = new ProgressMeter(progress, "locate", passes, 10_000);
        Map<Tower, PathScores> branches = new EnumMap<>(Tower.class);
        for (Map.Entry<Tower, List<List<Example>>> e : groups.entrySet()) {
            Tower t = e.getKey();
            BranchLocator b = locators.get(t);
            PathScores acc = new PathScores(t, b.layers(), b.neurons());
            int done = 0;
            int total = e.getValue().stream().mapToInt(List::size).sum();
            for (List<Example> group : e.getValue()) {
                final int from = done + 1;
                final int to = done + group.size();
                b.run(group, acc, layer -> meter.advance(1, () -> String.format("%s%s, samples %d-%d of %d", t.id(),
                        layer >= 0 ? " layer " + layer : "", from, to, total)));
                done += group.size();
            }
            branches.put(t, acc);
        }
        return new InfluentialPaths(modelFingerprint, QaPair.fingerprint(forget), forgetSet, settings,
                List.of(settings.shardIndex()), branches);
    }
}

package dev.mip.unlearn;

import dev.mip.InvalidInputException;
import dev.mip.model.Tower;
import java.util.Locale;
import java.util.Set;

/**
 * Settings of the MIP editor ({@code unlearn.mip.*}; docs/method.md, stages 2 and 3). The defaults are the best point of the
 * sweep on the embedded benchmark recorded in {@code docs/results.md}.
 *
 * @param neuronsPerLayer neurons per layer taken from the path file (0 = the file's own setting)
 * @param steeringLayer decoder layer ℓ whose output is steered (0-based); only path neurons in
 *     decoder layers up to ℓ (and all vision path neurons) can move it, so only those are trained
 * @param lambda λ, length of the forget target relative to the frozen representation's norm
 * @param gamma γ, weight of the retain term
 * @param retainCeWeight weight of an extra answer-only cross-entropy on the retain batch (default 0)
 * @param learningRate Adam learning rate
 * @param epochs passes over the forget pairs
 * @param batchSize forget pairs per step (each step also takes as many retain pairs)
 * @param retainPool retain pairs sampled (seeded) whose frozen representations are cached
 * @param seed seed of the random direction u, the retain sample and the shuffling
 * @param towers branches whose paths are used ({@code text} = IGI paths, {@code vision} = IFI paths)
 * @param prune zero the path neurons in the weights first
 * @param edit train the path neurons after pruning
 * @param objective {@link Objective#RMISU} or {@link Objective#FINETUNE} (retain cross-entropy only; an ablation)
 * @param wholeModel ablation: RMisU on every parameter, no paths, no pruning
 */
public record MipSettings(int neuronsPerLayer, int steeringLayer, double lambda, double gamma, double retainCeWeight,
        double learningRate, int epochs, int batchSize, int retainPool, long seed, Set<Tower> towers, boolean prune, boolean edit,
        Objective objective, boolean wholeModel) implements MethodSettings {

    /** Training objective of the edit stage. */
    public enum Objective {
        /** Representation misdirection: forget states pushed to λ‖h‖u, retain states held. */
        RMISU,
        /** Answer-only cross-entropy on the retain pairs (the paper's "fine-tuning instead of RMisU" ablation). */
        FINETUNE;

        /** @return lower-case id */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Validates. */
    public MipSettings {
        check(neuronsPerLayer >= 0, "neuronsPerLayer", neuronsPerLayer, "at least 0 (0 = from the path file)");
        check(steeringLayer >= 0, "steeringLayer", steeringLayer, "a decoder layer index (0-based)");
        check(lambda > 0, "lambda", lambda, "positive");
        check(gamma >= 0, "gamma", gamma, "at least 0");
        check(retainCeWeight >= 0, "retainCeWeight", retainCeWeight, "at least 0");
        check(learningRate > 0 && learningRate < 1, "learningRate", learningRate, "in (0, 1)");
        check(epochs >= 1, "epochs", epochs, "at least 1");
        check(batchSize >= 1, "batchSize", batchSize, "at least 1");
        check(retainPool >= 1, "retainPool", retainPool, "at least 1");
        if (towers == null || towers.isEmpty()) {
            throw new InvalidInputException("unlearn.towers is empty; use text, vision or both");
        }
        towers = java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(towers)); // ordered: manifests stay byte-identical
    }

    @Override
    public Method method() {
        return Method.MIP;
    }

    /** @return true unless {@link #wholeModel()}: the method edits the located paths */
    @Override
    public boolean usesPaths() {
        return !wholeModel;
    }

    @Override
    public UnlearningMethod create(dev.mip.locate.InfluentialPaths paths) {
        return new MipEditor(paths, this);
    }

    /** @return the documented defaults */
    public static MipSettings defaults() {
        return new MipSettings(0, 3, 1.0, 1.0, 0.0, 3e-3, 40, 8, 4096, 42, Set.of(Tower.TEXT, Tower.VISION), true, true,
                Objective.RMISU, false);
    }

    private static void check(boolean ok, String field, Object v, String expected) {
        if (!ok) {
            throw new InvalidInputException("unlearn." + field + " is " + v + " but must be " + expected);
        }
    }
}

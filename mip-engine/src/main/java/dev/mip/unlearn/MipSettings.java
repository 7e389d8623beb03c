package dev.mip.unlearn;

import dev.mip.InvalidInputException;
import dev.mip.model.Tower;
import java.util.Locale;
import java.util.Set;

/**
 * Settings of the MIP editor ({@code unlearn.mip.*}; docs/method.md, stages 2 and 3). The defaults are the points the
 * sweeps on the embedded benchmark selected ({@code docs/results.md}): k, λ, the retain pool and the learning rate from the
 * forget_5 sweep; one direction per person, hold at chance, γ = 2 and at most 80 epochs from the seed-robust sweep
 * ({@code docs/sweeps/robust.yaml}), whose forget accuracy stays within 0.08 of the retain-only reference model's over
 * three seeds.
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
 * @param directions where the forget target points: one random direction u for every forget
 *     sample ({@link Directions#SHARED}, the paper's), one per forget person, or one per sample
 * @param stopping when the edit stops: after {@code epochs} ({@link Stopping#NONE}), as soon as
 *     the forget training pairs' true answers are no more likely than chance among same-question
 *     answers of retain people ({@link Stopping#CHANCE}; at most {@code epochs}), or per modality
 *     with the finished modality held in place ({@link Stopping#HOLD})
 * @param stopMargin with {@link Stopping#CHANCE} or {@link Stopping#HOLD}: a modality is at chance when the
 *     fraction of its forget training pairs whose true answer is the most likely candidate is at most
 *     chance plus this (default 0: at chance)
 */
public record MipSettings(int neuronsPerLayer, int steeringLayer, double lambda, double gamma, double retainCeWeight,
        double learningRate, int epochs, int batchSize, int retainPool, long seed, Set<Tower> towers, boolean prune, boolean edit,
        Objective objective, boolean wholeModel, Directions directions, Stopping stopping, double stopMargin)
        implements MethodSettings {

    /** Where the forget target {@code λ‖h‖u} points. */
    public enum Directions {
        /** One random unit vector for every forget sample (the paper's RMisU). */
        SHARED,
        /** One per forget person, drawn from the seed and the person's id. */
        PER_PERSON,
        /** One per forget training pair. */
        PER_SAMPLE;

        /** @return lower-case id, underscores as hyphens */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** When the edit stops. */
    public enum Stopping {
        /** After the configured epochs. */
        NONE,
        /** When the forget training pairs are answered at chance among same-question distractors (at most the epochs). */
        CHANCE,
        /**
         * Per modality: a modality whose forget training pairs are answered at chance stops being
         * pushed and is held where it is (its pairs join the retain term, with their states of that
         * moment as targets) while the other goes on; a held modality that the other's edit drags
         * back above chance is pushed again; the edit ends when every modality is at chance at once
         * (at most the epochs). Keeps the faster modality from overshooting below chance.
         */
        HOLD;

        /** @return lower-case id */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The settings before directions and stopping existed (shared direction, fixed epochs).
     *
     * @param neuronsPerLayer see the record
     * @param steeringLayer see the record
     * @param lambda see the record
     * @param gamma see the record
     * @param retainCeWeight see the record
     * @param learningRate see the record
     * @param epochs see the record
     * @param batchSize see the record
     * @param retainPool see the record
     * @param seed see the record
     * @param towers see the record
     * @param prune see the record
     * @param edit see the record
     * @param objective see the record
     * @param wholeModel see the record
     */
    public MipSettings(int neuronsPerLayer, int steeringLayer, double lambda, double gamma, double retainCeWeight,
            double learningRate, int epochs, int batchSize, int retainPool, long seed, Set<Tower> towers, boolean prune, boolean edit,
            Objective objective, boolean wholeModel) {
        this(neuronsPerLayer, steeringLayer, lambda, gamma, retainCeWeight, learningRate, epochs, batchSize, retainPool, seed, towers,
                prune, edit, objective, wholeModel, Directions.SHARED, Stopping.NONE, DEFAULT_STOP_MARGIN);
    }

    /** Default {@link #stopMargin()}: 0, stop at chance itself (0.05 left the image questions 0.09 above the reference model). */
    public static final double DEFAULT_STOP_MARGIN = 0.0;

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
        directions = directions == null ? Directions.SHARED : directions;
        stopping = stopping == null ? Stopping.NONE : stopping;
        check(stopMargin >= 0 && stopMargin < 1, "stopMargin", stopMargin, "in [0, 1)");
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
        return new MipSettings(0, 3, 1.0, 2.0, 0.0, 3e-3, 80, 8, 4096, 42, Set.of(Tower.TEXT, Tower.VISION), true, true,
                Objective.RMISU, false, Directions.PER_PERSON, Stopping.HOLD, DEFAULT_STOP_MARGIN);
    }

    private static void check(boolean ok, String field, Object v, String expected) {
        if (!ok) {
            throw new InvalidInputException("unlearn." + field + " is " + v + " but must be " + expected);
        }
    }
}

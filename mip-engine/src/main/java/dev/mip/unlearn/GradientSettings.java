package dev.mip.unlearn;

import dev.mip.InvalidInputException;
import java.util.Set;

/**
 * Settings of the gradient baselines ({@code unlearn.gradient.*}): one record for GA_Diff, KL_Min and
 * NPO, which differ only in their loss ({@link GradientBaseline}).
 *
 * @param method which baseline: {@link Method#GA_DIFF}, {@link Method#KL_MIN} or {@link Method#NPO}
 * @param learningRate Adam learning rate
 * @param epochs passes over the forget pairs
 * @param batchSize forget pairs per step (as many retain pairs join each step)
 * @param retainWeight weight of the retain term
 * @param beta NPO's β (default 0.4)
 * @param lora train LoRA adapters instead of all weights (merged into the weights on save)
 * @param loraRank adapter rank r (default 8)
 * @param loraAlpha adapter alpha (default 16)
 * @param loraTargets adapted modules (default: attention and MLP projections of both towers)
 * @param retainPool retain pairs sampled (seeded) for the retain term
 * @param seed seed of sampling, shuffling and adapter initialisation
 */
public record GradientSettings(Method method, double learningRate, int epochs, int batchSize, double retainWeight, double beta,
        boolean lora, int loraRank, double loraAlpha, Set<String> loraTargets, int retainPool, long seed) implements MethodSettings {

    /** Default LoRA targets. */
    public static final Set<String> DEFAULT_TARGETS = Set.of("q_proj", "k_proj", "v_proj", "o_proj", "out_proj", "gate_proj",
            "up_proj", "down_proj", "fc1", "fc2");

    /** Validates. */
    public GradientSettings {
        if (method == null || !method.isGradientBaseline()) {
            throw new IllegalArgumentException("gradient settings are for ga-diff, kl-min and npo, not " + method);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new InvalidInputException("unlearn.learningRate is " + learningRate + " but must be in (0, 1)");
        }
        if (epochs < 1 || batchSize < 1 || retainPool < 1 || loraRank < 1) {
            throw new InvalidInputException("unlearn.epochs, batchSize, retainPool and loraRank must be at least 1");
        }
        if (retainWeight < 0 || beta <= 0 || loraAlpha <= 0) {
            throw new InvalidInputException("unlearn.retainWeight must be >= 0, beta and loraAlpha > 0");
        }
        loraTargets = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(loraTargets)); // ordered for manifests
    }

    /** @return the defaults (of GA_Diff; {@link #withMethod} picks another baseline) */
    public static GradientSettings defaults() {
        return new GradientSettings(Method.GA_DIFF, 1e-4, 5, 8, 1.0, 0.4, false, 8, 16, DEFAULT_TARGETS, 512, 42);
    }

    /**
     * @param m another gradient baseline
     * @return these settings for it
     */
    public GradientSettings withMethod(Method m) {
        return new GradientSettings(m, learningRate, epochs, batchSize, retainWeight, beta, lora, loraRank, loraAlpha, loraTargets,
                retainPool, seed);
    }

    @Override
    public UnlearningMethod create(dev.mip.locate.InfluentialPaths paths) {
        return new GradientBaseline(this);
    }

    /**
     * @param lr learning rate
     * @param ep epochs
     * @return a copy with another learning rate and number of epochs
     */
    public GradientSettings with(double lr, int ep) {
        return new GradientSettings(method, lr, ep, batchSize, retainWeight, beta, lora, loraRank, loraAlpha, loraTargets, retainPool,
                seed);
    }
}

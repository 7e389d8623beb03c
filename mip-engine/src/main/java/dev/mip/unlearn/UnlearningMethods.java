package dev.mip.unlearn;

import dev.mip.InvalidInputException;
import dev.mip.locate.InfluentialPaths;
import java.util.Locale;

/**
 * Builds an unlearning method from its name, as written in {@code mip.yaml} ({@code unlearn.method})
 * and on the command line ({@code --method}): one mapping for both.
 */
public final class UnlearningMethods {
    private UnlearningMethods() {}

    /**
     * A method with the settings recorded in the unlearned model's manifest.
     *
     * @param method the method
     * @param settings its settings (the {@link MipSettings}, the {@link GradientSettings}, or MANU itself)
     */
    public record Configured(UnlearningMethod method, Object settings) {}

    /**
     * @param name {@code mip}, {@code ga-diff}, {@code kl-min}, {@code npo} or {@code manu} (case ignored)
     * @param paths the located paths (method mip; null for the whole-model ablation)
     * @param mip settings of method mip
     * @param gradient settings of the gradient baselines
     * @param manuAlpha MANU's pruning rate α (fraction of all FFN neurons)
     * @param manuTau MANU's activity threshold τ
     * @param field where the name came from, for the error message (e.g. {@code --method})
     * @return the method and its settings
     */
    public static Configured create(String name, InfluentialPaths paths, MipSettings mip, GradientSettings gradient,
            double manuAlpha, double manuTau, String field) {
        String id = name.toLowerCase(Locale.ROOT);
        return switch (id) {
            case "mip" -> new Configured(new MipEditor(paths, mip), mip);
            case "ga-diff", "kl-min", "npo" -> new Configured(
                    new GradientBaseline(GradientBaseline.Kind.valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_')), gradient),
                    gradient);
            case "manu" -> {
                ManuPruning m = new ManuPruning(manuAlpha, manuTau);
                yield new Configured(m, m);
            }
            default -> throw new InvalidInputException(field + ": unknown method '" + name
                    + "'. Use mip, ga-diff, kl-min, npo or manu");
        };
    }
}

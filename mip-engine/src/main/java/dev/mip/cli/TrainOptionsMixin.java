package dev.mip.cli;

import dev.mip.train.TrainOptions;
import picocli.CommandLine.Option;

/** Command-line form of {@link TrainOptions} (defaults as documented there). */
final class TrainOptionsMixin {
    @Option(names = "--epochs", defaultValue = "40", description = "Passes over the data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--warmup", defaultValue = "0.05", description = "Warm-up fraction of steps (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--min-lr-ratio", defaultValue = "0.1", description = "Final learning rate / peak (default: ${DEFAULT-VALUE}).")
    double minLrRatio;

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "Decoupled weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip", defaultValue = "1.0", description = "Gradient-norm clipping, 0 = off (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--no-augment", description = "Disable image augmentation.")
    boolean noAugment;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of shuffling, augmentation and initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    TrainOptions toOptions() {
        return new TrainOptions(epochs, batchSize, lr, warmup, minLrRatio, weightDecay, clip, !noAugment, seed);
    }

    String commandLine() {
        return String.format("--epochs %d --batch-size %d --lr %s --warmup %s --min-lr-ratio %s --weight-decay %s --clip %s%s --seed %d",
                epochs, batchSize, lr, warmup, minLrRatio, weightDecay, clip, noAugment ? " --no-augment" : "", seed);
    }
}

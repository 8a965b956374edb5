package io.streamcast.app.cli;

import io.streamcast.models.classify.TrainingSettings;
import picocli.CommandLine.Option;

/** Training options shared by the text and sequence classifier commands. */
final class ClassifierOptions {
    @Option(names = "--members", description = "Networks in the ensemble, each early-stopped on its own fold of the data (default: the recipe's).")
    Integer members;

    @Option(names = "--epochs", description = "Maximum epochs per member; early stopping may end sooner (default: the recipe's).")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    TrainingSettings apply(TrainingSettings defaults) {
        try {
            TrainingSettings t = defaults.withSeed(seed);
            if (members != null) {
                t = t.withMembers(members);
            }
            if (epochs != null) {
                t = t.withEpochs(epochs, t.patience());
            }
            return t;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("training options: " + e.getMessage(), e);
        }
    }
}

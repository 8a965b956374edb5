package io.streamcast.app.cli;

import io.streamcast.models.forecast.ForecasterConfig;
import java.util.List;
import picocli.CommandLine.Option;

/** Forecaster shape and training options shared by {@code train forecaster} and {@code evaluate forecast}. */
final class ForecasterOptions {
    @Option(names = "--window", description = "Past points the network sees, W (default: 64; evaluate: max(64, 2 × season), at most half the median series length).")
    Integer window;

    @Option(names = "--lstm", split = ",", paramLabel = "UNITS", description = "LSTM layer sizes, e.g. 32 or 64,32 (default: 32).")
    List<Integer> lstm;

    @Option(names = "--epochs", description = "Maximum training epochs; early stopping may end sooner (default: 30).")
    Integer epochs;

    @Option(names = "--max-windows", description = "Training windows at most, a seeded sample when there are more (default: 20000).")
    Integer maxWindows;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    ForecasterConfig config(int defaultWindow, int horizon, int season) {
        ForecasterConfig d = ForecasterConfig.defaults();
        try {
            ForecasterConfig c = d.withShape(window != null ? window : defaultWindow, horizon, season);
            if (lstm != null) {
                c = c.withLstmSizes(lstm);
            }
            return c.withTraining(epochs != null ? epochs : d.maxEpochs(), maxWindows != null ? maxWindows : d.maxTrainingWindows(), seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("forecaster options: " + e.getMessage(), e);
        }
    }
}

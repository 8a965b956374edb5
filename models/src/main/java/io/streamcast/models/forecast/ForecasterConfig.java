package io.streamcast.models.forecast;

import java.util.List;

/**
 * Shape and training settings of the LSTM forecaster.
 *
 * @param window             W, past points the network sees
 * @param horizon            H, future points predicted at once
 * @param season             m, the period of the seasonal-naive base the network corrects (1 = last value)
 * @param lstmSizes          units of each stacked LSTM layer
 * @param learningRate       Adam's step size
 * @param batchSize          training mini-batch size
 * @param maxEpochs          upper bound on passes over the training windows
 * @param patience           epochs without validation improvement before early stopping
 * @param validationFraction the most recent share of each series' windows held back for early stopping
 * @param maxTrainingWindows training windows at most (a seeded sample when there are more)
 * @param seed               seeds weights, sampling and shuffling: the same data and config give the same model
 * @param intervalCoverage   target coverage of the {@code [lower, upper]} prediction interval
 */
public record ForecasterConfig(
        int window,
        int horizon,
        int season,
        List<Integer> lstmSizes,
        double learningRate,
        int batchSize,
        int maxEpochs,
        int patience,
        double validationFraction,
        int maxTrainingWindows,
        long seed,
        double intervalCoverage) {

    public static final int DEFAULT_WINDOW = 64;
    public static final int DEFAULT_HORIZON = 12;

    public ForecasterConfig {
        lstmSizes = List.copyOf(lstmSizes);
        require(window >= 2, "window must be at least 2, was " + window);
        require(horizon >= 1, "horizon must be at least 1, was " + horizon);
        require(season >= 1 && season <= window, "season must be between 1 and the window (" + window + "), was " + season);
        require(!lstmSizes.isEmpty() && lstmSizes.stream().allMatch(s -> s > 0), "lstm sizes must be positive, were " + lstmSizes);
        require(learningRate > 0, "learning rate must be positive");
        require(batchSize >= 1, "batch size must be at least 1");
        require(maxEpochs >= 1, "epochs must be at least 1");
        require(patience >= 1, "patience must be at least 1");
        require(validationFraction > 0 && validationFraction < 1, "validation fraction must be in (0, 1)");
        require(maxTrainingWindows >= 1, "max training windows must be at least 1");
        require(intervalCoverage > 0 && intervalCoverage < 1, "interval coverage must be in (0, 1)");
    }

    /** W=64, H=12, last-value base, one LSTM layer of 32 units; batch 128 at Adam 5e-3 (measured: most skill per second). */
    public static ForecasterConfig defaults() {
        return new ForecasterConfig(DEFAULT_WINDOW, DEFAULT_HORIZON, 1, List.of(32), 5e-3, 128, 30, 4, 0.2, 20_000, 42L, 0.9);
    }

    public ForecasterConfig withShape(int newWindow, int newHorizon, int newSeason) {
        return new ForecasterConfig(newWindow, newHorizon, newSeason, lstmSizes, learningRate, batchSize, maxEpochs,
                patience, validationFraction, maxTrainingWindows, seed, intervalCoverage);
    }

    public ForecasterConfig withLstmSizes(List<Integer> sizes) {
        return new ForecasterConfig(window, horizon, season, sizes, learningRate, batchSize, maxEpochs,
                patience, validationFraction, maxTrainingWindows, seed, intervalCoverage);
    }

    public ForecasterConfig withTraining(int epochs, int newMaxTrainingWindows, long newSeed) {
        return new ForecasterConfig(window, horizon, season, lstmSizes, learningRate, batchSize, epochs,
                patience, validationFraction, newMaxTrainingWindows, newSeed, intervalCoverage);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}

package io.streamcast.models.anomaly;

import java.util.List;

/**
 * Shape, training, refit schedule and score calibration of the autoencoder anomaly detector.
 *
 * @param window             W, the points of one window; the window ending at point t scores t
 * @param encoderSizes       units of the encoder's dense layers, the last one being the code (bottleneck); the
 *                           decoder mirrors them
 * @param learningRate       Adam's step size
 * @param batchSize          training mini-batch size
 * @param epochs             upper bound on passes over the windows of a fit from scratch
 * @param refitEpochs        upper bound on passes of a refit, which starts from the previous network
 * @param patience           epochs without validation improvement before early stopping
 * @param maxTrainingWindows training windows at most (a seeded sample when there are more)
 * @param seed               seeds weights, sampling and shuffling: the same data and config give the same model
 * @param warmup             points a series collects before its first fit (scores are 0 until then)
 * @param refitInterval      the longest gap, in points, between refits of a series (see {@link #nextFitAt})
 * @param trainingPoints     recent points a series keeps for its normaliser and refits
 * @param errorHistory       recent reconstruction errors of a series its scores are calibrated against
 * @param calibrationPoints  errors a series needs before it is scored (scores are 0 until then)
 * @param threshold          scores at or above it are flagged {@code anomaly}
 * @param recoveryScore      a flagged point starts an anomalous stretch, kept out of training and out of the
 *                           normaliser; the stretch ends at the first point whose error is below this quantile of
 *                           the recent errors of points outside stretches. A lone spike does not taint its
 *                           neighbours; an outage stays out until its errors look ordinary again, or until it has
 *                           lasted so long ({@code errorHistory − calibrationPoints} points) that it is the new normal
 */
public record AnomalyConfig(
        int window,
        List<Integer> encoderSizes,
        double learningRate,
        int batchSize,
        int epochs,
        int refitEpochs,
        int patience,
        int maxTrainingWindows,
        long seed,
        int warmup,
        int refitInterval,
        int trainingPoints,
        int errorHistory,
        int calibrationPoints,
        double threshold,
        double recoveryScore) {

    public AnomalyConfig {
        encoderSizes = List.copyOf(encoderSizes);
        require(window >= 2, "window must be at least 2, was " + window);
        require(!encoderSizes.isEmpty() && encoderSizes.stream().allMatch(s -> s > 0 && s < window),
                "encoder sizes must be positive and smaller than the window (" + window + "), were " + encoderSizes);
        require(learningRate > 0, "learning rate must be positive, was " + learningRate);
        require(batchSize >= 1, "batch size must be at least 1, was " + batchSize);
        require(epochs >= 1, "epochs must be at least 1, was " + epochs);
        require(refitEpochs >= 1, "refit epochs must be at least 1, was " + refitEpochs);
        require(patience >= 1, "patience must be at least 1, was " + patience);
        require(maxTrainingWindows >= 1, "max training windows must be at least 1, was " + maxTrainingWindows);
        require(warmup >= window, "warmup must be at least the window (" + window + "), was " + warmup);
        require(refitInterval >= 1, "refit interval must be at least 1, was " + refitInterval);
        require(trainingPoints >= warmup, "training points must be at least the warmup (" + warmup + "), was " + trainingPoints);
        require(errorHistory >= 2, "error history must be at least 2, was " + errorHistory);
        require(calibrationPoints >= 1 && calibrationPoints <= errorHistory,
                "calibration points must be between 1 and the error history (" + errorHistory + "), was " + calibrationPoints);
        require(threshold > 0 && threshold < 1, "threshold must be in (0, 1), was " + threshold);
        require(recoveryScore > 0 && recoveryScore <= threshold,
                "recovery score must be in (0, threshold = " + threshold + "], was " + recoveryScore);
    }

    /**
     * The measured defaults (NAB figures from the scratch scorer described on {@link AnomalyModel}): W = 32 and a
     * 16-4 encoder; the first fit after 150 points, since nab-dev's shortest file has an anomaly window from row
     * 218; 1,000 errors of history (NAB standard 49–52 on nab-dev, against 46–47 with 2,000 or 4,000, though
     * Suthaharan favours the longer memory: AUC 0.96 with 2,000); 20 and 4 epochs (30 and 6 scored the same, 1.5
     * times slower); a recovery score of 0.9 (0.75 and 0.99 scored the same).
     */
    public static AnomalyConfig defaults() {
        return new AnomalyConfig(32, List.of(16, 4), 1e-2, 128, 20, 4, 4, 2_000, 42L,
                150, 1_000, 1_500, 1_000, 50, 0.999, 0.9);
    }

    public AnomalyConfig withNetwork(int newWindow, List<Integer> newEncoderSizes) {
        return new AnomalyConfig(newWindow, newEncoderSizes, learningRate, batchSize, epochs, refitEpochs, patience,
                maxTrainingWindows, seed, warmup, refitInterval, trainingPoints, errorHistory, calibrationPoints,
                threshold, recoveryScore);
    }

    public AnomalyConfig withTraining(int newEpochs, int newRefitEpochs, long newSeed) {
        return new AnomalyConfig(window, encoderSizes, learningRate, batchSize, newEpochs, newRefitEpochs, patience,
                maxTrainingWindows, newSeed, warmup, refitInterval, trainingPoints, errorHistory, calibrationPoints,
                threshold, recoveryScore);
    }

    public AnomalyConfig withSchedule(int newWarmup, int newRefitInterval, int newTrainingPoints) {
        return new AnomalyConfig(window, encoderSizes, learningRate, batchSize, epochs, refitEpochs, patience,
                maxTrainingWindows, seed, newWarmup, newRefitInterval, newTrainingPoints, errorHistory,
                calibrationPoints, threshold, recoveryScore);
    }

    /** The same with another flagging threshold. */
    public AnomalyConfig withThreshold(double newThreshold) {
        return withCalibration(errorHistory, calibrationPoints, newThreshold, recoveryScore);
    }

    public AnomalyConfig withCalibration(int newErrorHistory, int newCalibrationPoints, double newThreshold,
                                         double newRecoveryScore) {
        return new AnomalyConfig(window, encoderSizes, learningRate, batchSize, epochs, refitEpochs, patience,
                maxTrainingWindows, seed, warmup, refitInterval, trainingPoints, newErrorHistory, newCalibrationPoints,
                newThreshold, newRecoveryScore);
    }

    /**
     * The point count at which a series last refitted at {@code lastFit} points is refitted next: the gap doubles
     * from the warm-up (a first model saw little data, so early refits pay most) up to the refit interval.
     * With the defaults: 150, 300, 600, 1200, 2200, 3200, …
     */
    public long nextFitAt(long lastFit) {
        return lastFit + Math.min(refitInterval, Math.max(lastFit, warmup));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}

package io.streamcast.models.anomaly;

import java.util.Arrays;

/**
 * Turns a reconstruction error into a score against the series' own recent errors: the empirical probability
 * that a recent error was below it, {@code 1 − (#{past errors ≥ e} + 1) / (n + 1)}. Beyond the largest recent
 * error the tail is extrapolated exponentially in log error (a Pareto tail in the error),
 * {@code 1 − exp(−(log e − log max) / s) / (n + 1)} with {@code s} the {@link #tailScale}, so records stay ordered
 * by how far they exceed the past.
 *
 * <p>Why empirical and not a fitted normal: a pattern that recurs (a daily step, a regular spike) leaves errors in
 * the history as large as its next occurrence, so it is not scored as new; a normal tail fitted to log errors
 * scored every such recurrence above 0.9999 and could not tell them from anomalies (measured on nab-dev).
 */
final class Calibration {
    /** Added to errors before the log, so a perfect reconstruction does not give minus infinity. */
    static final double ERROR_FLOOR = 1e-4;
    /** Least tail scale of the log errors: on a perfectly regular series a tiny excess must not look extreme. */
    static final double MIN_SCALE = 0.1;

    private Calibration() {
    }

    static float logError(double error) {
        return (float) Math.log(error + ERROR_FLOOR);
    }

    /** The score of {@code current} against the first {@code size} log errors of {@code history} (any order). */
    static double score(float[] history, int size, double current) {
        int atLeast = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            double h = history[i];
            if (h >= current) {
                atLeast++;
            }
            max = Math.max(max, h);
        }
        if (atLeast > 0) {
            return 1 - (atLeast + 1.0) / (size + 1);
        }
        return 1 - Math.exp(-(current - max) / tailScale(history, size)) / (size + 1);
    }

    /**
     * How far apart the largest log errors lie: the mean excess of the top tenth over the next one (the Hill
     * estimate of a Pareto tail of the errors). A thin tail, as of noise around a learned pattern, gives a small
     * scale, so a record well beyond it is certain; a heavy one, as of a bursty series, a large scale.
     */
    static double tailScale(float[] history, int size) {
        float[] sorted = Arrays.copyOf(history, size);
        Arrays.sort(sorted);
        int k = Math.max(1, Math.min(size - 1, size / 10));
        double threshold = sorted[size - 1 - k];
        double excess = 0;
        for (int i = size - k; i < size; i++) {
            excess += sorted[i] - threshold;
        }
        return Math.max(MIN_SCALE, excess / k);
    }
}

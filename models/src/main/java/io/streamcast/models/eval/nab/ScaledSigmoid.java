package io.streamcast.models.eval.nab;

/**
 * NAB's weighting of a detection by its position relative to a window's last row, in window widths:
 * {@code 2 / (1 + e^{5x}) − 1}, which falls from 0.987 at −1 (a window's first row) through 0 at 0 (just past its
 * last) to −0.987 at 1, and is exactly −1 beyond 3.
 */
final class ScaledSigmoid {

    /** The value at a window's first row, by which true positives are divided so that it earns exactly A_TP. */
    static final double AT_WINDOW_START = of(-1.0);

    private ScaledSigmoid() {
    }

    static double of(double relativePosition) {
        if (relativePosition > 3.0) {
            return -1.0;
        }
        return 2 * sigmoid(-5 * relativePosition) - 1.0;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}

package io.streamcast.models.anomaly;

/**
 * A series' standardisation, fitted on its own recent normal points: the network sees every series in units of
 * its usual level and spread, so one network serves series of any scale, while a window that sits far from the
 * series' usual level (a level shift, an outage) or swings far wider than usual still looks unusual. A per-window
 * normalisation was measured first and hides exactly those (see {@link AnomalyModel}).
 *
 * @param mean  the mean of the points it was fitted on
 * @param scale their standard deviation, floored so a flat series does not divide by zero
 */
record Normaliser(double mean, double scale) {

    /** Fits on the given points; the caller leaves out the ones flagged anomalous. */
    static Normaliser fit(double[] values, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        double mean = sum / count;
        double ss = 0;
        for (int i = 0; i < count; i++) {
            double d = values[i] - mean;
            ss += d * d;
        }
        double sd = Math.sqrt(ss / count);
        return new Normaliser(mean, Math.max(sd, Math.max(1e-6 * Math.abs(mean), 1e-12)));
    }

    double apply(double value) {
        return (value - mean) / scale;
    }
}

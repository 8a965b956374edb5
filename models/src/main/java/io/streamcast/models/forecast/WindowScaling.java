package io.streamcast.models.forecast;

/**
 * Per-window normalisation, so one global network serves series of any scale (a DAX index beside an exchange
 * rate): a window is centred on its mean and divided by its standard deviation, and the network predicts the
 * scaled correction to a seasonal-naive base taken from the same window. An untrained (all-zero) output is
 * therefore exactly the seasonal-naive forecast, and the network only has to learn what improves on it.
 */
public final class WindowScaling {
    /** Scaled values beyond this are clipped: one wild point must not saturate the network. */
    static final double CLIP = 20.0;

    private WindowScaling() {
    }

    static double mean(double[] w, int from, int len) {
        double s = 0;
        for (int i = from; i < from + len; i++) {
            s += w[i];
        }
        return s / len;
    }

    /**
     * The scale a forecaster normalises a window by: the standard deviation of the last {@code len} points of
     * {@code w}, with a floor relative to their level. Residuals divided by it are comparable across series of any
     * scale, which is what the forecaster's interval widths are expressed in.
     */
    public static double scaleOf(double[] w, int len) {
        int n = Math.min(len, w.length);
        int from = w.length - n;
        return scale(w, from, n, mean(w, from, n));
    }

    /** Standard deviation with a floor relative to the level, so flat windows do not divide by zero. */
    static double scale(double[] w, int from, int len, double mean) {
        double ss = 0;
        for (int i = from; i < from + len; i++) {
            double d = w[i] - mean;
            ss += d * d;
        }
        double sd = Math.sqrt(ss / len);
        return Math.max(sd, Math.max(1e-6 * Math.abs(mean), 1e-12));
    }

    /** The seasonal-naive base for step h (0-based) from a window ending at {@code from + len}. */
    static double base(double[] w, int from, int len, int season, int h) {
        return w[from + len - season + (h % season)];
    }

    static float clip(double v) {
        return (float) Math.max(-CLIP, Math.min(CLIP, v));
    }
}

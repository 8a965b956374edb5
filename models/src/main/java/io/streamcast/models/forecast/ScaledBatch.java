package io.streamcast.models.forecast;

/**
 * The network's side of a batch of windows: each window's last W points scaled by {@link WindowScaling}, and the
 * way back from the network's scaled outputs to forecasts in the series' own units. Shared by both inference paths
 * ({@link LstmForecaster}'s graph and {@link FusedLstmForecaster}), so they differ only in the network.
 *
 * @param windows  the caller's rows, oldest point first
 * @param window   W
 * @param features the scaled windows, row-major [n × W]
 * @param scales   each window's scale
 */
record ScaledBatch(double[][] windows, int window, float[] features, double[] scales) {

    static ScaledBatch of(double[][] windows, int w) {
        int n = windows.length;
        float[] features = new float[n * w];
        double[] scales = new double[n];
        for (int i = 0; i < n; i++) {
            double[] row = windows[i];
            if (row.length < w) {
                throw new IllegalArgumentException("window " + i + " has " + row.length + " points, the model needs " + w);
            }
            int from = row.length - w;
            double mean = WindowScaling.mean(row, from, w);
            scales[i] = WindowScaling.scale(row, from, w, mean);
            for (int t = 0; t < w; t++) {
                features[i * w + t] = WindowScaling.clip((row[from + t] - mean) / scales[i]);
            }
        }
        return new ScaledBatch(windows, w, features, scales);
    }

    int size() {
        return windows.length;
    }

    /**
     * Forecasts from the network's outputs, row-major [n × H] in scaled units: the seasonal-naive base plus the
     * scaled correction, with the interval half-widths scaled the same way.
     */
    Forecast[] forecasts(float[] outputs, int horizon, int season, double[] intervalHalfWidths) {
        int n = windows.length;
        Forecast[] result = new Forecast[n];
        for (int i = 0; i < n; i++) {
            double[] row = windows[i];
            int from = row.length - window;
            double[] mean = new double[horizon];
            double[] lower = new double[horizon];
            double[] upper = new double[horizon];
            for (int k = 0; k < horizon; k++) {
                mean[k] = WindowScaling.base(row, from, window, season, k) + scales[i] * outputs[i * horizon + k];
                lower[k] = mean[k] - scales[i] * intervalHalfWidths[k];
                upper[k] = mean[k] + scales[i] * intervalHalfWidths[k];
            }
            result[i] = new Forecast(mean, lower, upper);
        }
        return result;
    }
}

package io.streamcast.models.forecast;

import io.streamcast.models.artifact.ModelCard;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The seasonal-naive forecast (repeat the last season; season 1 = repeat the last value). It is the baseline
 * every learned forecaster must beat, and what is served until the first trained model is ready.
 * Its interval is ±z·σ·√(1 + ⌊h/m⌋), with σ the window's spread of seasonal differences.
 */
public final class SeasonalNaiveModel implements ForecastModel {
    /** Two-sided 90% normal quantile. */
    private static final double Z90 = 1.6449;
    private final ModelCard card;
    private final int window;
    private final int horizon;
    private final int season;

    public SeasonalNaiveModel(int window, int horizon, int season) {
        if (season < 1 || season >= window) {
            throw new IllegalArgumentException("season must be between 1 and window - 1, was " + season);
        }
        this.window = window;
        this.horizon = horizon;
        this.season = season;
        this.card = new ModelCard("seasonal-naive", 0, "seasonal-naive", Instant.now(), List.of(),
                Map.of("window", window, "horizon", horizon, "season", season), Map.of(), Map.of());
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public int window() {
        return window;
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public Forecast[] predict(double[][] windows) {
        Forecast[] out = new Forecast[windows.length];
        for (int i = 0; i < windows.length; i++) {
            double[] w = windows[i];
            int from = w.length - window;
            double ss = 0;
            int n = 0;
            for (int t = from + season; t < w.length; t++, n++) {
                double d = w[t] - w[t - season];
                ss += d * d;
            }
            double sigma = n == 0 ? 0 : Math.sqrt(ss / n);
            double[] mean = new double[horizon];
            double[] lower = new double[horizon];
            double[] upper = new double[horizon];
            for (int h = 0; h < horizon; h++) {
                mean[h] = WindowScaling.base(w, from, window, season, h);
                double half = Z90 * sigma * Math.sqrt(1 + h / season);
                lower[h] = mean[h] - half;
                upper[h] = mean[h] + half;
            }
            out[i] = new Forecast(mean, lower, upper);
        }
        return out;
    }

    @Override
    public ForecastModel copy() {
        return this;
    }
}

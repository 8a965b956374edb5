package io.streamcast.models.eval;

import io.streamcast.models.forecast.Forecast;
import io.streamcast.models.forecast.ForecastModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Holdout evaluation as in the M4 competition: for every series the last H points are the test, the model
 * sees only the points before them, and sMAPE and MASE are averaged over series, beside the seasonal-naive
 * forecast's. Predictions go through {@link ForecastModel#predict} in one batch: the code the stream runs.
 */
public final class ForecastEvaluation {
    private ForecastEvaluation() {
    }

    /**
     * The averaged scores.
     *
     * @param series        series scored
     * @param skipped       series too short to score (fewer than window + horizon points)
     * @param smape         mean sMAPE of the model (percent, 0-200)
     * @param mase          mean MASE of the model (series with a zero in-sample scale left out)
     * @param smapeSnaive   the same for the seasonal-naive forecast
     * @param maseSnaive    the same for the seasonal-naive forecast
     * @param maseSeries    series whose MASE was defined
     */
    public record Result(int series, int skipped, double smape, double mase, double smapeSnaive, double maseSnaive,
                         int maseSeries) {
    }

    /** The histories (all but the last {@code horizon} points) of the series long enough to score. */
    public static List<double[]> histories(List<double[]> series, int horizon, int minHistory) {
        List<double[]> out = new ArrayList<>();
        for (double[] s : series) {
            if (s.length - horizon >= minHistory) {
                out.add(Arrays.copyOf(s, s.length - horizon));
            }
        }
        return out;
    }

    /**
     * Scores the model on the last {@code horizon} points of each series.
     *
     * @param model   forecasts at least {@code horizon} steps; its first {@code horizon} are scored
     * @param series  full series, oldest first
     * @param horizon H
     * @param season  M, for MASE and the seasonal-naive forecast
     */
    public static Result evaluate(ForecastModel model, List<double[]> series, int horizon, int season) {
        if (model.horizon() < horizon) {
            throw new IllegalArgumentException("the model forecasts " + model.horizon() + " steps, the evaluation needs " + horizon);
        }
        List<double[]> histories = new ArrayList<>();
        List<double[]> actuals = new ArrayList<>();
        int skipped = 0;
        for (double[] s : series) {
            if (s.length - horizon < Math.max(model.window(), season + 1)) {
                skipped++;
                continue;
            }
            histories.add(Arrays.copyOf(s, s.length - horizon));
            actuals.add(Arrays.copyOfRange(s, s.length - horizon, s.length));
        }
        if (histories.isEmpty()) {
            throw new IllegalArgumentException("no series has the " + (Math.max(model.window(), season + 1) + horizon)
                    + " points needed (window or season + 1, plus horizon " + horizon + ")");
        }
        Forecast[] forecasts = model.predict(histories.toArray(double[][]::new));
        double smape = 0;
        double smapeNaive = 0;
        double mase = 0;
        double maseNaive = 0;
        int maseCount = 0;
        for (int i = 0; i < histories.size(); i++) {
            double[] history = histories.get(i);
            double[] actual = actuals.get(i);
            double[] predicted = Arrays.copyOf(forecasts[i].mean(), horizon);
            double[] naive = ForecastAccuracy.seasonalNaive(history, season, horizon);
            smape += ForecastAccuracy.smape(actual, predicted);
            smapeNaive += ForecastAccuracy.smape(actual, naive);
            double m = ForecastAccuracy.mase(history, actual, predicted, season);
            double mn = ForecastAccuracy.mase(history, actual, naive, season);
            if (Double.isFinite(m) && Double.isFinite(mn)) {
                mase += m;
                maseNaive += mn;
                maseCount++;
            }
        }
        int n = histories.size();
        return new Result(n, skipped, smape / n, maseCount == 0 ? Double.NaN : mase / maseCount,
                smapeNaive / n, maseCount == 0 ? Double.NaN : maseNaive / maseCount, maseCount);
    }
}

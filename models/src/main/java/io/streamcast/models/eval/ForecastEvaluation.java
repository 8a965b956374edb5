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
 * A series whose history is shorter than the model's window is forecast by seasonal naive (counted as a
 * fallback) rather than left out, so every series counts in the averages.
 */
public final class ForecastEvaluation {
    private ForecastEvaluation() {
    }

    /**
     * The averaged scores.
     *
     * @param series        series scored
     * @param fallback      of those, series shorter than the window, forecast by seasonal naive
     * @param smape         mean sMAPE of the model (percent, 0-200)
     * @param mase          mean MASE of the model (series with a zero in-sample scale left out)
     * @param smapeSnaive   the same for the seasonal-naive forecast
     * @param maseSnaive    the same for the seasonal-naive forecast
     * @param maseSeries    series whose MASE was defined
     */
    public record Result(int series, int fallback, double smape, double mase, double smapeSnaive, double maseSnaive,
                         int maseSeries) {
    }

    /** The histories (all but the last {@code horizon} points) of the series with at least {@code minHistory} of them. */
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
     * The default window for a data set: {@code max(64, 2 × season)}, but at most half the median history, so
     * short series (yearly data, say) still give training windows; never below {@code season} or 2.
     */
    public static int defaultWindow(List<double[]> series, int horizon, int season) {
        int[] lengths = series.stream().mapToInt(s -> Math.max(0, s.length - horizon)).sorted().toArray();
        int median = lengths.length == 0 ? 0 : lengths[lengths.length / 2];
        int w = Math.min(Math.max(64, 2 * season), median / 2);
        return Math.max(w, Math.max(season, 2));
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
        List<double[]> modelInputs = new ArrayList<>();
        for (double[] s : series) {
            if (s.length - horizon < 2) {
                throw new IllegalArgumentException("a series of " + s.length + " points is too short for horizon " + horizon
                        + " (at least 2 points of history are needed)");
            }
            double[] history = Arrays.copyOf(s, s.length - horizon);
            histories.add(history);
            actuals.add(Arrays.copyOfRange(s, s.length - horizon, s.length));
            if (history.length >= model.window()) {
                modelInputs.add(history);
            }
        }
        Forecast[] predicted = model.predict(modelInputs.toArray(double[][]::new));
        int fallback = 0;
        int next = 0;
        double smape = 0;
        double smapeNaive = 0;
        double mase = 0;
        double maseNaive = 0;
        int maseCount = 0;
        for (int i = 0; i < histories.size(); i++) {
            double[] history = histories.get(i);
            double[] actual = actuals.get(i);
            double[] naive = ForecastAccuracy.seasonalNaive(history, season, horizon);
            double[] forecast;
            if (history.length >= model.window()) {
                forecast = Arrays.copyOf(predicted[next++].mean(), horizon);
            } else {
                forecast = naive;
                fallback++;
            }
            smape += ForecastAccuracy.smape(actual, forecast);
            smapeNaive += ForecastAccuracy.smape(actual, naive);
            double m = ForecastAccuracy.mase(history, actual, forecast, season);
            double mn = ForecastAccuracy.mase(history, actual, naive, season);
            if (Double.isFinite(m) && Double.isFinite(mn)) {
                mase += m;
                maseNaive += mn;
                maseCount++;
            }
        }
        int n = histories.size();
        return new Result(n, fallback, smape / n, maseCount == 0 ? Double.NaN : mase / maseCount,
                smapeNaive / n, maseCount == 0 ? Double.NaN : maseNaive / maseCount, maseCount);
    }
}

package io.streamcast.models.eval;

/**
 * Point-forecast accuracy as scored in the M4 competition, and the seasonal-naive benchmark forecast.
 *
 * <p>For actuals {@code y_1..y_H}, forecasts {@code ŷ_1..ŷ_H} and in-sample history {@code x_0..x_{n-1}}:
 * <pre>
 *   sMAPE = (1/H) Σ_h 200 |y_h − ŷ_h| / (|y_h| + |ŷ_h|)                  (a term is 0 when y_h = ŷ_h = 0)
 *   MASE  = ((1/H) Σ_h |y_h − ŷ_h|) / ((1/(n−m)) Σ_{t=m}^{n−1} |x_t − x_{t−m}|)
 *   seasonal naive: ŷ_{n+h} = x_{n−m+((h−1) mod m)},  h = 1..H
 * </pre>
 * where {@code m} is the season length (1 for non-seasonal data). NaN inputs give NaN.
 */
public final class ForecastAccuracy {

    private ForecastAccuracy() {
    }

    /** Symmetric mean absolute percentage error, in percent (0 to 200). */
    public static double smape(double[] actual, double[] forecast) {
        requireSameLength(actual, forecast);
        double sum = 0;
        for (int h = 0; h < actual.length; h++) {
            sum += smape(actual[h], forecast[h]);
        }
        return sum / actual.length;
    }

    /** The sMAPE term of one point, in percent (0 to 200; 0 when both are 0). */
    public static double smape(double actual, double forecast) {
        double scale = Math.abs(actual) + Math.abs(forecast);
        return scale == 0 ? 0 : 200 * Math.abs(actual - forecast) / scale;
    }

    /**
     * Mean absolute scaled error: the forecast's mean absolute error over the in-sample mean absolute error of
     * the seasonal-naive forecast with period {@code season}.
     *
     * <p>When the history has fewer than {@code season + 1} points, the scale uses period 1 (the naive forecast)
     * instead. Returns NaN when the scale is 0 (a history that repeats exactly, e.g. a constant) or undefined
     * (fewer than 2 history points): the error cannot be scaled then, and NaN keeps it out of averages that skip
     * NaN rather than reporting an infinite or arbitrary figure.
     */
    public static double mase(double[] insample, double[] actual, double[] forecast, int season) {
        requireSameLength(actual, forecast);
        requireSeason(season);
        int m = insample.length >= season + 1 ? season : 1;
        if (insample.length < m + 1) {
            return Double.NaN;
        }
        double scale = 0;
        for (int t = m; t < insample.length; t++) {
            scale += Math.abs(insample[t] - insample[t - m]);
        }
        scale /= insample.length - m;
        if (scale == 0) {
            return Double.NaN;
        }
        double error = 0;
        for (int h = 0; h < actual.length; h++) {
            error += Math.abs(actual[h] - forecast[h]);
        }
        return error / actual.length / scale;
    }

    /**
     * The seasonal-naive forecast: each step repeats the value one season earlier, from the last full season of
     * {@code history}. With fewer than {@code season} history points it falls back to period 1 (the last value).
     */
    public static double[] seasonalNaive(double[] history, int season, int horizon) {
        requireSeason(season);
        if (history.length == 0) {
            throw new IllegalArgumentException("history is empty");
        }
        if (horizon < 0) {
            throw new IllegalArgumentException("horizon must be >= 0, was " + horizon);
        }
        int n = history.length;
        int m = n >= season ? season : 1;
        double[] forecast = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            forecast[h - 1] = history[n - m + (h - 1) % m];
        }
        return forecast;
    }

    private static void requireSameLength(double[] actual, double[] forecast) {
        if (actual.length == 0 || actual.length != forecast.length) {
            throw new IllegalArgumentException("need as many forecasts as actuals, at least one: got "
                    + actual.length + " actuals and " + forecast.length + " forecasts");
        }
    }

    private static void requireSeason(int season) {
        if (season < 1) {
            throw new IllegalArgumentException("season must be >= 1, was " + season);
        }
    }
}

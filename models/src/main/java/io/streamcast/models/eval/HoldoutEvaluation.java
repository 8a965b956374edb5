package io.streamcast.models.eval;

import io.streamcast.models.forecast.Forecast;
import io.streamcast.models.forecast.ForecastModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Champion against challenger on the most recent stretch of each series, held back from the challenger's training:
 * every model forecasts from the same rolling origins inside the held-back stretch and is scored by mean sMAPE over
 * all (series, origin) pairs. A series whose held-back stretch leaves no origin with a full window before it and a
 * full horizon after it is not scored.
 */
public final class HoldoutEvaluation {
    private final List<double[]> series;
    private final double fraction;
    private final int horizon;
    private final int minHistory;
    private final int maxOriginsPerSeries;

    /**
     * @param series              full series, oldest first
     * @param holdoutFraction     share of each series held back (at least {@code horizon} points)
     * @param horizon             steps scored from each origin
     * @param minHistory          points needed before an origin (the largest window of the models compared)
     * @param maxOriginsPerSeries at most this many origins per series, evenly spaced, the last one included
     */
    public HoldoutEvaluation(List<double[]> series, double holdoutFraction, int horizon, int minHistory, int maxOriginsPerSeries) {
        if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
            throw new IllegalArgumentException("the held-back fraction must be in (0, 1), was " + holdoutFraction);
        }
        if (horizon < 1 || minHistory < 1 || maxOriginsPerSeries < 1) {
            throw new IllegalArgumentException("horizon, history and origins must be positive");
        }
        this.series = List.copyOf(series);
        this.horizon = horizon;
        this.minHistory = minHistory;
        this.maxOriginsPerSeries = maxOriginsPerSeries;
        this.fraction = holdoutFraction;
    }

    /** Points of a series of {@code n} held back from training. */
    public int heldBack(int n) {
        return Math.min(n, Math.max(horizon, (int) Math.round(n * fraction)));
    }

    /** The training part of each series: all but its held-back stretch (series left with nothing are dropped). */
    public List<double[]> trainingPart() {
        List<double[]> out = new ArrayList<>();
        for (double[] s : series) {
            int keep = s.length - heldBack(s.length);
            if (keep > 0) {
                out.add(Arrays.copyOf(s, keep));
            }
        }
        return out;
    }

    /** How many (series, origin) pairs are scored. */
    public int origins() {
        int n = 0;
        for (double[] s : series) {
            n += originsOf(s).length;
        }
        return n;
    }

    /** Mean sMAPE (percent) of the model's first {@code horizon} steps over every origin; NaN when none is scored. */
    public double smape(ForecastModel model) {
        if (model.window() > minHistory) {
            throw new IllegalArgumentException("the model's window " + model.window() + " exceeds the history "
                    + minHistory + " every origin has");
        }
        if (model.horizon() < horizon) {
            throw new IllegalArgumentException("the model forecasts " + model.horizon() + " steps, " + horizon + " are scored");
        }
        List<double[]> windows = new ArrayList<>();
        List<double[]> actuals = new ArrayList<>();
        for (double[] s : series) {
            for (int t : originsOf(s)) {
                windows.add(Arrays.copyOfRange(s, t - model.window(), t));
                actuals.add(Arrays.copyOfRange(s, t, t + horizon));
            }
        }
        if (windows.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        int batch = 512;
        for (int from = 0; from < windows.size(); from += batch) {
            int to = Math.min(windows.size(), from + batch);
            Forecast[] f = model.predict(windows.subList(from, to).toArray(double[][]::new));
            for (int i = from; i < to; i++) {
                sum += ForecastAccuracy.smape(actuals.get(i), Arrays.copyOf(f[i - from].mean(), horizon));
            }
        }
        return sum / windows.size();
    }

    /** Origins (index of the first forecast point) inside the held-back stretch, evenly spaced, latest included. */
    private int[] originsOf(double[] s) {
        int first = Math.max(s.length - heldBack(s.length), minHistory);
        int last = s.length - horizon;
        if (last < first) {
            return new int[0];
        }
        int count = Math.min(maxOriginsPerSeries, last - first + 1);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = last - (int) ((long) (last - first) * i / Math.max(1, count - 1));
        }
        return out;
    }
}

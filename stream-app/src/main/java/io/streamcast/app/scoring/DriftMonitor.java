package io.streamcast.app.scoring;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Watches the live sMAPE of the serving forecaster version against its baseline and says when it has drifted.
 *
 * <p>Fed one figure per scored forecast ({@link #record}: the forecast's sMAPE, the mean over its steps). The
 * baseline is the mean sMAPE of the first {@code baselineForecasts} forecasts of a version scored after it went
 * live, unless one was preset ({@link #presetBaseline}, e.g. a comparable figure from the model card). The live
 * figure is the mean over the last {@code windowForecasts}. The version is {@link DriftStatus#drifted() drifted}
 * once a full live window scored after the baseline was fixed has a mean of at least {@code ratio} × the baseline.
 *
 * <p>Which version is serving comes from the supplier given (the app's model source; a trainer in another process
 * can pass its registry's champion and feed this from the {@code forecast-scores} topic). When it changes,
 * everything starts again for the new version; scores of any other version (forecasts made before a swap and
 * completed after it) are ignored. Thread-safe. Kept in memory: after a restart the baseline is learned again.
 */
public final class DriftMonitor implements DriftSignal {
    private final Supplier<ModelId> serving;
    private final int baselineForecasts;
    private final double ratio;
    private final double[] live;

    private ModelId tracked;
    private long scored;
    private double baselineSum;
    private int baselineCount;
    private double baseline = Double.NaN;
    /** Forecasts recorded since the baseline was fixed. */
    private long sinceBaseline;
    private int liveNext;
    private int liveSize;
    private double liveSum;

    /**
     * @param serving           the model version serving now
     * @param baselineForecasts forecasts whose mean sMAPE becomes the baseline
     * @param windowForecasts   forecasts the live mean is taken over
     * @param ratio             live/baseline at or above which the version has drifted (above 1)
     */
    public DriftMonitor(Supplier<ModelId> serving, int baselineForecasts, int windowForecasts, double ratio) {
        if (baselineForecasts < 1 || windowForecasts < 1) {
            throw new IllegalArgumentException("baseline and window need at least one forecast each");
        }
        if (!(ratio > 0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("ratio must be positive and finite, was " + ratio);
        }
        this.serving = Objects.requireNonNull(serving, "serving");
        this.baselineForecasts = baselineForecasts;
        this.ratio = ratio;
        this.live = new double[windowForecasts];
    }

    /** One scored forecast of {@code model}, with its sMAPE in percent. Ignored unless that model is serving. */
    public synchronized void record(ModelId model, double smape) {
        follow();
        if (!model.equals(tracked) || Double.isNaN(smape)) {
            return;
        }
        scored++;
        if (Double.isNaN(baseline)) {
            baselineSum += smape;
            if (++baselineCount == baselineForecasts) {
                baseline = baselineSum / baselineCount;
            }
        } else {
            sinceBaseline++;
        }
        if (liveSize == live.length) {
            liveSum -= live[liveNext];
        } else {
            liveSize++;
        }
        live[liveNext] = smape;
        liveSum += smape;
        liveNext = (liveNext + 1) % live.length;
        if (liveNext == 0) {
            liveSum = java.util.Arrays.stream(live).sum(); // no rounding drift from adding and subtracting forever
        }
    }

    /** Sets the baseline of {@code model} to a known figure instead of learning it; ignored unless it is serving. */
    public synchronized void presetBaseline(ModelId model, double smape) {
        follow();
        if (model.equals(tracked) && smape >= 0 && Double.isNaN(baseline)) {
            baseline = smape;
            sinceBaseline = 0;
        }
    }

    @Override
    public synchronized DriftStatus status() {
        follow();
        double liveMean = liveSize == 0 ? Double.NaN : liveSum / liveSize;
        boolean drifted = !Double.isNaN(baseline) && sinceBaseline >= live.length && liveMean >= ratio * baseline
                && liveMean > 0;
        return new DriftStatus(tracked, scored, baseline, liveMean, ratio, drifted);
    }

    /** Starts again when another version serves. */
    private void follow() {
        ModelId now = serving.get();
        if (now != null && !now.equals(tracked)) {
            tracked = now;
            scored = 0;
            baselineSum = 0;
            baselineCount = 0;
            baseline = Double.NaN;
            sinceBaseline = 0;
            liveNext = 0;
            liveSize = 0;
            liveSum = 0;
        }
    }
}

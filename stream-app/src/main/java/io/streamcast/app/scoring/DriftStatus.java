package io.streamcast.app.scoring;

/**
 * The live error of one model version against its baseline.
 *
 * @param model         the serving model version this is about
 * @param scored        forecasts of that version scored since it went live (here)
 * @param baselineSmape its baseline sMAPE in percent: the mean over its first scored forecasts, or a preset figure;
 *                      NaN until known
 * @param liveSmape     mean sMAPE in percent over its most recently scored forecasts; NaN before the first
 * @param ratio         the configured drift ratio
 * @param drifted       true once a full live window, scored after the baseline was fixed, has a mean sMAPE of at
 *                      least {@code ratio} × the baseline
 */
public record DriftStatus(ModelId model, long scored, double baselineSmape, double liveSmape, double ratio,
                          boolean drifted) {

    /** Live over baseline sMAPE; NaN while either is unknown, 1 when both are 0. */
    public double liveOverBaseline() {
        if (Double.isNaN(baselineSmape) || Double.isNaN(liveSmape)) {
            return Double.NaN;
        }
        if (baselineSmape == 0) {
            return liveSmape == 0 ? 1 : Double.POSITIVE_INFINITY;
        }
        return liveSmape / baselineSmape;
    }
}

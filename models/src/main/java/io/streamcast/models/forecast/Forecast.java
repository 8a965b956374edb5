package io.streamcast.models.forecast;

/**
 * One forecast: H future values with a prediction interval per step.
 *
 * @param mean  point forecast per horizon step (index 0 = one step ahead)
 * @param lower lower interval bound per step
 * @param upper upper interval bound per step
 */
public record Forecast(double[] mean, double[] lower, double[] upper) {
    public int horizon() {
        return mean.length;
    }
}

package io.streamcast.models.anomaly;

/**
 * The verdict on one point of a series.
 *
 * @param score     how unusual the point is, in [0, 1]: the probability that the series' recent errors stay below
 *                  this one (0.5 is typical; 0 while warming up)
 * @param anomaly   whether the score reached the configured threshold
 * @param error     the raw reconstruction error of the window ending at the point, in normalised units; NaN before
 *                  the series has a model
 * @param warmingUp true while the series is still collecting points for its first model or errors to calibrate
 *                  against; the score is then 0
 */
public record AnomalyScore(double score, boolean anomaly, double error, boolean warmingUp) {
    /** What a point gets before its series has a model. */
    public static final AnomalyScore WARMING_UP = new AnomalyScore(0.0, false, Double.NaN, true);
}

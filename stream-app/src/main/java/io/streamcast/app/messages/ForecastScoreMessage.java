package io.streamcast.app.messages;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A record on the {@code forecast-scores} topic: one forecast scored against the actual values, written once all
 * its steps are known. Step k is the k-th accepted point of the series after the forecast's origin, whatever its
 * timestamp.
 *
 * @param series   the series id (also the key)
 * @param ts       time of the forecast's origin (the {@code ts} of the forecast scored)
 * @param model    the model that made the forecast
 * @param steps    one entry per horizon step, in order
 * @param mae      mean absolute error over the steps, in the series' units
 * @param smape    mean sMAPE over the steps, in percent (0 to 200)
 * @param coverage share of the steps whose actual value was inside the forecast's interval
 */
public record ForecastScoreMessage(String series, Instant ts, ForecastMessage.ModelRef model, List<Step> steps,
                                   double mae, double smape, double coverage) {

    /**
     * One step of the forecast with the actual value.
     *
     * @param step      1 = the first point after the origin
     * @param ts        time of the actual point
     * @param actual    the actual value
     * @param predicted the point forecast
     * @param lower     lower bound of the interval served
     * @param upper     upper bound of the interval served
     * @param absError  |actual − predicted|
     * @param smape     200·|actual − predicted| / (|actual| + |predicted|), in percent; 0 when both are 0
     * @param inside    whether lower ≤ actual ≤ upper
     */
    public record Step(int step, Instant ts, double actual, double predicted, double lower, double upper,
                       @JsonProperty("abs_error") double absError, double smape, boolean inside) {
    }
}

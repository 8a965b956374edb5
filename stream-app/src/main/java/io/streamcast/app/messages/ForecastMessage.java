package io.streamcast.app.messages;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A record on the {@code forecasts} topic.
 *
 * @param series  the series id (also the key)
 * @param ts      time of the last observed point the forecast starts from
 * @param horizon one entry per future step
 * @param model   which model made it
 */
public record ForecastMessage(String series, Instant ts, List<Step> horizon, ModelRef model) {

    /**
     * One future step.
     *
     * @param step  1 = the next point
     * @param ts    its expected time: last ts + step × the series' median spacing
     * @param value point forecast
     * @param lower lower bound of the prediction interval
     * @param upper upper bound of the prediction interval
     */
    public record Step(int step, Instant ts, double value, double lower, double upper) {
    }

    /** The model name and version stamped on every prediction. */
    public record ModelRef(String name, @JsonProperty("version") long version) {
    }
}

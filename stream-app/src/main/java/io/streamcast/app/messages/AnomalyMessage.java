package io.streamcast.app.messages;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A record on the {@code anomalies} topic: one for every accepted input point.
 *
 * @param series    the series id (also the key)
 * @param ts        the point's time
 * @param value     the point's value
 * @param score     how anomalous, in [0, 1]: the tail probability of the point's reconstruction error against
 *                  the series' own recent errors
 * @param anomaly   {@code score} at or above the threshold
 * @param warmingUp no score yet: the model or the series' error history is still being built (score 0)
 * @param model     which model scored it; name {@code none}, version 0 while no model exists yet
 */
public record AnomalyMessage(String series, Instant ts, double value, double score, boolean anomaly,
                             @JsonProperty("warming_up") boolean warmingUp, ForecastMessage.ModelRef model) {
}

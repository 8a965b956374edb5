package io.streamcast.models.forecast;

import io.streamcast.models.artifact.ModelCard;

/**
 * A model that forecasts the next {@link #horizon()} points of a series from its last {@link #window()} points.
 * Implementations are not thread-safe: each thread takes its own {@link #copy()}.
 */
public interface ForecastModel {
    ModelCard card();

    int window();

    int horizon();

    /**
     * Forecasts a batch at once. Each row holds at least {@link #window()} points, oldest first; the last
     * {@code window()} are used. Values must be finite.
     */
    Forecast[] predict(double[][] windows);

    /** An independent instance with the same parameters, for another thread. */
    ForecastModel copy();
}

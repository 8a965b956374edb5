package io.streamcast.app.model;

import io.streamcast.models.forecast.ForecastModel;

/**
 * Where the forecast topology gets its model: the Kafka-backed registry ({@link RegistryModelSource}), or a
 * fixed model ({@link FixedModelSource}, for tests and benchmarks). {@link #current()} may change at any time; a caller takes one
 * reference per batch (so a batch never mixes versions) and its own {@link ForecastModel#copy()} per thread.
 */
public interface ForecastModelSource extends AutoCloseable {
    /** The model to use now; never null. Shared: do not call {@code predict} on it from several threads. */
    ForecastModel current();

    /** Sees every accepted point, for sources that train on the stream. Must be cheap and thread-safe. */
    default void observe(String series, long timestampMs, double value) {
    }

    @Override
    default void close() {
    }
}

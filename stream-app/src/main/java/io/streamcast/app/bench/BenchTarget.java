package io.streamcast.app.bench;

import io.streamcast.app.runtime.StreamcastApp;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * What one model kind gives the {@code bench} command: its network for the raw figures, its pipeline (with the real
 * model and with a no-op in its place) for the streamed ones, its input records, and a retrain. {@link Bench} does the
 * rest — broker, topics, rounds, medians, latency, the JSON line — the same way for every kind.
 *
 * <p>A new kind plugs in with one implementation of this interface and one line in {@link BenchTargets}.
 */
public interface BenchTarget extends AutoCloseable {

    /** The {@code --model} value, e.g. {@code forecaster}. */
    String model();

    /**
     * streamcast.* settings that run this kind's pipeline and no other, reading {@code inputTopic} and writing its
     * predictions to {@code outputTopic} (and dead letters to {@code deadLetterTopic}).
     */
    Map<String, Object> pipelineSettings(String inputTopic, String outputTopic, String deadLetterTopic);

    /** Starts the application on {@code settings}; with {@code noOp}, the same topology with a model that does nothing. */
    StreamcastApp start(StreamcastApp.Settings settings, boolean noOp) throws IOException;

    /** The input records, round robin over the series, each knowing whether it yields an output. */
    Workload workload();

    /** Records per series that bring every series to its steady state (full window, calibrated, …) before timing. */
    int warmUpRecordsPerSeries();

    /**
     * The network on inputs held in memory, no Kafka: {@code calls} predict calls of {@code batch} inputs each, as
     * the pipeline makes them (pre- and post-processing included). Returns the inputs predicted.
     */
    long predict(int batch, int calls);

    /** One retrain of this kind's model, as the application runs it (off the stream threads), for about {@code budget}. */
    void retrain(Duration budget);

    /** What the JSON line should say about the model (name, shape, inference path). */
    Map<String, Object> describe();

    /** A kind's input records: keys, values, and how many outputs each yields. */
    interface Workload {
        /** The next record, round robin over the series. */
        Input next();
    }

    /**
     * One input record.
     *
     * @param key     the record key
     * @param value   the record value
     * @param outputs how many output records it yields (0 while a series fills its window)
     */
    record Input(String key, byte[] value, int outputs) {
    }

    @Override
    default void close() {
    }
}

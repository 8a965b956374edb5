package io.streamcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.messages.PricePoint;
import io.streamcast.app.metrics.PipelineMetrics;
import io.streamcast.app.metrics.ScoreMetrics;
import io.streamcast.app.model.FixedModelSource;
import io.streamcast.app.scoring.DriftMonitor;
import io.streamcast.app.scoring.ModelId;
import io.streamcast.models.forecast.SeasonalNaiveModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When a micro-batch asks for a commit: a batch that runs on the clock while its records are fresh is committed at
 * once (latency at light load); behind the input, or when the batch filled up, commits are left to the interval.
 */
class MicroBatchCommitTest {
    private static final int WINDOW = 3;
    private static final int BATCH = 4;
    private static final Duration MAX_WAIT = Duration.ofMillis(10);
    private static final long COMMIT_INTERVAL_MS = 100;
    private static final Instant NOW = Instant.parse("2026-01-02T10:00:00Z");

    private MockProcessorContext<String, byte[]> context;
    private ForecastProcessor processor;
    private long nextPoint;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "commit-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        context = new MockProcessorContext<>(props);
        context.setCurrentSystemTimeMs(NOW.toEpochMilli());
        KeyValueStore<String, SeriesWindow> windows = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("windows"),
                Serdes.String(), SeriesWindow.serde()).withLoggingDisabled().build();
        KeyValueStore<Long, PendingForecast> queue = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("queue"),
                Serdes.Long(), PendingForecast.serde()).withLoggingDisabled().build();
        KeyValueStore<OutstandingForecasts.Due, List<OutstandingForecasts.Forecast>> outstanding = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("outstanding"), OutstandingForecasts.keySerde(), OutstandingForecasts.valueSerde())
                .withLoggingDisabled().build();
        KeyValueStore<Long, byte[]> calibration = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("calibration"),
                Serdes.Long(), Serdes.ByteArray()).withLoggingDisabled().build();
        for (KeyValueStore<?, ?> store : List.of(windows, queue, outstanding, calibration)) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        DriftMonitor drift = new DriftMonitor(() -> new ModelId("seasonal-naive", 0), 10, 10, 2.0);
        ForecastScorer.Settings scoring = new ForecastScorer.Settings("outstanding", "calibration", "forecast-scores",
                1, 0.9, 100, 10, new ScoreMetrics(new SimpleMeterRegistry(), "forecast", 0.9, 100), drift);
        processor = new ForecastProcessor("windows", "queue", WINDOW, BATCH, MAX_WAIT,
                new FixedModelSource(new SeasonalNaiveModel(WINDOW, 1, 1)), new PipelineMetrics(new SimpleMeterRegistry(), "forecast"),
                "forecasts", "dead-letters", new FlushControl(), scoring);
        processor.init(context);
        for (int i = 0; i < WINDOW - 1; i++) {
            point(NOW.toEpochMilli());
        }
    }

    /** The next point of series S, from a record stamped {@code recordTimestamp}. */
    private void point(long recordTimestamp) {
        long ts = NOW.minus(Duration.ofDays(1)).toEpochMilli() + 60_000 * nextPoint++;
        processor.process(new Record<>("S", new PricePoint("S", ts, 100 + nextPoint), recordTimestamp));
    }

    /** The forecasts forwarded so far (a series' later points also complete scores of its earlier forecasts). */
    private List<MockProcessorContext.CapturedForward<? extends String, ? extends byte[]>> forecasts() {
        return context.forwarded().stream().filter(f -> f.childName().orElse("").equals("forecasts")).toList();
    }

    private void clockPassesMaxWait() {
        long now = NOW.plus(MAX_WAIT).toEpochMilli();
        context.setCurrentSystemTimeMs(now);
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(now));
    }

    @Test
    void shouldCommitAtOnceWhenABatchOfFreshRecordsRunsOnTheClock() {
        point(NOW.toEpochMilli() - 5);
        assertThat(context.forwarded()).isEmpty();

        clockPassesMaxWait();

        assertThat(forecasts()).hasSize(1);
        assertThat(context.committed()).isTrue();
    }

    @Test
    void shouldLeaveCommitsToTheIntervalWhenItsRecordsAreOlderThanTheInterval() {
        point(NOW.toEpochMilli() - 10 * COMMIT_INTERVAL_MS);

        clockPassesMaxWait();

        assertThat(forecasts()).hasSize(1);
        assertThat(context.committed()).isFalse();
    }

    @Test
    void shouldNotAskForACommitWhenTheBatchRanBecauseItWasFull() {
        for (int i = 0; i < BATCH; i++) {
            point(NOW.toEpochMilli());
        }

        assertThat(forecasts()).hasSize(BATCH);
        assertThat(context.committed()).isFalse();
    }

    @Test
    void shouldCheckTheClockFourTimesPerMaxWaitWithinBounds() {
        assertThat(MicroBatchProcessor.tick(Duration.ofMillis(10))).isEqualTo(Duration.ofMillis(2));
        assertThat(MicroBatchProcessor.tick(Duration.ofMillis(2))).isEqualTo(Duration.ofMillis(1));
        assertThat(MicroBatchProcessor.tick(Duration.ofMinutes(1))).isEqualTo(Duration.ofMillis(100));
    }
}

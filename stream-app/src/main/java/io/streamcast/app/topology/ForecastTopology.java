package io.streamcast.app.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.PriceParser;
import io.streamcast.app.metrics.PipelineMetrics;
import io.streamcast.app.metrics.ScoreMetrics;
import io.streamcast.app.model.ForecastModelSource;
import io.streamcast.app.scoring.DriftMonitor;
import io.streamcast.app.scoring.ModelId;
import io.streamcast.models.artifact.ModelCard;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * prices → parse and validate → per-series window → micro-batched inference → forecasts (→ scored against the
 * actual values → forecast-scores). A pure function of
 * its configuration and collaborators: it starts nothing and does no I/O.
 */
public final class ForecastTopology {
    public static final String SOURCE = "prices-source";
    public static final String PARSE = "parse-prices";
    public static final String ORDER = "order-prices";
    /** Latest timestamp per series: persistent and changelogged. */
    public static final String LATEST_STORE = "prices-latest";
    public static final String FORECAST = "forecast";
    public static final String SINK = "forecasts-sink";
    /** Dead letters the forecast step writes itself (model failures); bad input goes through {@link DeadLetterHandler}. */
    public static final String DEAD_LETTER_SINK = "model-failures-sink";
    /** Per-series windows: persistent (RocksDB) and changelogged, so a restart needs no new warm-up. */
    public static final String WINDOW_STORE = "forecast-windows";
    /** Windows waiting for the next batch: changelogged, so a batch survives a crash. */
    public static final String PENDING_STORE = "forecast-pending";
    public static final String ANOMALY = "anomaly";
    public static final String ANOMALY_SINK = "anomalies-sink";
    public static final String ANOMALY_DEAD_LETTER_SINK = "anomaly-failures-sink";
    /** Per-series anomaly state (recent values and errors, flags): persistent and changelogged. */
    public static final String ANOMALY_STATE_STORE = "anomaly-state";
    /** Points waiting for the next anomaly batch: changelogged. */
    public static final String ANOMALY_QUEUE_STORE = "anomaly-pending";
    /**
     * Forecasts waiting for actual values, keyed by series and the point that completes them: persistent and
     * changelogged. (Builds before it kept a series' whole state under the series in {@code forecast-outstanding},
     * which is no longer read.)
     */
    public static final String OUTSTANDING_STORE = "forecast-due";
    /** Per-task interval calibration (recent scaled residuals per horizon step): changelogged. */
    public static final String CALIBRATION_STORE = "forecast-calibration";
    public static final String SCORES_SINK = "forecast-scores-sink";

    /** The anomaly pipeline's collaborators. */
    public record AnomalyPipeline(io.streamcast.app.model.AnomalyModelSource models, io.streamcast.app.metrics.AnomalyMetrics metrics) {
    }

    /**
     * The forecast scoring's collaborators, shared by every stream task: its meters and the drift monitor.
     *
     * @param metrics live error and interval coverage per model version and horizon step
     * @param drift   the serving version's live sMAPE against its baseline
     */
    public record Scoring(ScoreMetrics metrics, DriftMonitor drift) {
        /** Meters in {@code registry} and a drift monitor on the serving model of {@code models}, as configured. */
        public static Scoring of(StreamcastConfig config, ForecastModelSource models, MeterRegistry registry) {
            DriftMonitor drift = new DriftMonitor(() -> {
                ModelCard card = models.current().card();
                return new ModelId(card.name(), card.version());
            }, config.driftBaselineForecasts(), config.driftWindowForecasts(), config.driftRatio());
            return new Scoring(new ScoreMetrics(registry, "forecast", config.intervalCoverage(), config.intervalWindow())
                    .withDrift(drift), drift);
        }
    }

    private ForecastTopology() {
    }

    public static Topology build(StreamcastConfig config, ForecastModelSource models, PipelineMetrics metrics) {
        return build(config, models, metrics, new FlushControl());
    }

    /** The same, with the application's {@link FlushControl} so a shutdown can flush queued windows first. */
    public static Topology build(StreamcastConfig config, ForecastModelSource models, PipelineMetrics metrics,
                                 FlushControl flushControl) {
        return build(config, models, metrics, flushControl, null);
    }

    /**
     * Both pipelines on the prices topic: parsing and the time-order check are shared, then the forecast step and,
     * when given, the anomaly step each see every accepted point.
     */
    public static Topology build(StreamcastConfig config, ForecastModelSource models, PipelineMetrics metrics,
                                 FlushControl flushControl, AnomalyPipeline anomaly) {
        return build(config, models, metrics, flushControl, anomaly,
                Scoring.of(config, models, new SimpleMeterRegistry()));
    }

    /**
     * The same, with the scoring's meters and drift monitor given: every forecast is also joined with the actual
     * values as they arrive and written, scored, to the scores topic; its intervals are calibrated from those scores.
     */
    public static Topology build(StreamcastConfig config, ForecastModelSource models, PipelineMetrics metrics,
                                 FlushControl flushControl, AnomalyPipeline anomaly, Scoring scoring) {
        PriceParser parser = new PriceParser(config.maxPayloadBytes(), config.maxSeriesIdLength(),
                config.minTimestampMs(), config.maxFutureMs(), config.maxAbsValue());
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), config.pricesTopic());
        Runnable recordIn = anomaly == null ? metrics::recordIn : () -> {
            metrics.recordIn();
            anomaly.metrics().pipeline().recordIn();
        };
        topology.addProcessor(PARSE, () -> new ParsePricesProcessor(parser, recordIn), SOURCE);
        topology.addProcessor(ORDER, () -> new OrderPricesProcessor(LATEST_STORE), PARSE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LATEST_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled(), ORDER);
        if (config.forecasterEnabled()) {
            ForecastScorer.Settings scorer = !config.scoringEnabled() ? null : new ForecastScorer.Settings(OUTSTANDING_STORE,
                    CALIBRATION_STORE, SCORES_SINK, config.horizon(), config.intervalCoverage(), config.intervalWindow(),
                    config.intervalMinResiduals(), scoring.metrics(), scoring.drift());
            topology.addProcessor(FORECAST, () -> new ForecastProcessor(WINDOW_STORE, PENDING_STORE, config.window(),
                    config.batchMaxSize(), config.batchMaxWait(), models, metrics, SINK, DEAD_LETTER_SINK, flushControl, scorer), ORDER);
            // caching: one changelog write per series per commit, and of a queued window that leaves the queue before
            // the commit only a tombstone reaches the changelog (Kafka Streams' cache writes a delete even for a key it
            // never flushed)
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WINDOW_STORE),
                    Serdes.String(), SeriesWindow.serde()).withCachingEnabled(), FORECAST);
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PENDING_STORE),
                    Serdes.Long(), PendingForecast.serde()).withCachingEnabled(), FORECAST);
            if (scorer != null) {
                // no cache: each forecast is written once and deleted H points later, usually in another commit, so a
                // cache would only add its own upkeep (measured: see the README's Performance section)
                topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OUTSTANDING_STORE),
                        OutstandingForecasts.keySerde(), OutstandingForecasts.valueSerde()).withCachingDisabled(), FORECAST);
                topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CALIBRATION_STORE),
                        Serdes.Long(), Serdes.ByteArray()).withCachingEnabled(), FORECAST);
                topology.addSink(SCORES_SINK, config.forecastScoresTopic(), Serdes.String().serializer(),
                        Serdes.ByteArray().serializer(), FORECAST);
            }
            topology.addSink(SINK, config.forecastsTopic(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), FORECAST);
            topology.addSink(DEAD_LETTER_SINK, config.deadLettersTopic(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), FORECAST);
        }
        if (anomaly != null) {
            topology.addProcessor(ANOMALY, () -> new AnomalyProcessor(ANOMALY_STATE_STORE, ANOMALY_QUEUE_STORE,
                    config.batchMaxSize(), config.batchMaxWait(), anomaly.models(), anomaly.metrics(), ANOMALY_SINK,
                    ANOMALY_DEAD_LETTER_SINK, flushControl), ORDER);
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ANOMALY_STATE_STORE),
                    Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), ANOMALY);
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ANOMALY_QUEUE_STORE),
                    Serdes.Long(), PendingPoint.serde()).withCachingEnabled(), ANOMALY);
            topology.addSink(ANOMALY_SINK, config.anomaliesTopic(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), ANOMALY);
            topology.addSink(ANOMALY_DEAD_LETTER_SINK, config.deadLettersTopic(), Serdes.String().serializer(),
                    Serdes.ByteArray().serializer(), ANOMALY);
        }
        return topology;
    }
}

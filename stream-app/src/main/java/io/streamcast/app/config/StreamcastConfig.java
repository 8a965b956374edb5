package io.streamcast.app.config;

import io.streamcast.app.scoring.IntervalCalibrator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * streamcast's own settings, declared once with type, default, validator and documentation (Kafka's
 * {@link ConfigDef}). Read once at start; a bad value fails fast with a message naming the setting.
 * Kafka client and Streams settings are separate and pass through unchanged.
 */
public final class StreamcastConfig extends AbstractConfig {
    public static final String PRICES_TOPIC = "streamcast.topic.prices";
    public static final String FORECASTS_TOPIC = "streamcast.topic.forecasts";
    public static final String DEAD_LETTERS_TOPIC = "streamcast.topic.dead-letters";
    public static final String ANOMALIES_TOPIC = "streamcast.topic.anomalies";
    public static final String ANOMALY_ENABLED = "streamcast.anomaly.enabled";
    public static final String FORECASTER_ENABLED = "streamcast.forecaster.enabled";
    public static final String SCORING_ENABLED = "streamcast.forecast.scoring.enabled";
    public static final String ANOMALY_THRESHOLD = "streamcast.anomaly.threshold";
    public static final String ANOMALY_REFIT_MIN_INTERVAL_MS = "streamcast.anomaly.refit.min-interval-ms";
    public static final String WINDOW = "streamcast.forecaster.window";
    public static final String HORIZON = "streamcast.forecaster.horizon";
    public static final String BATCH_MAX_SIZE = "streamcast.inference.batch.max-size";
    public static final String BATCH_MAX_WAIT_MS = "streamcast.inference.batch.max-wait-ms";
    public static final String MAX_FUTURE_MS = "streamcast.validation.max-future-ms";
    public static final String MIN_TIMESTAMP_MS = "streamcast.validation.min-timestamp-ms";
    public static final String MAX_ABS_VALUE = "streamcast.validation.max-abs-value";
    public static final String MAX_PAYLOAD_BYTES = "streamcast.validation.max-payload-bytes";
    public static final String MAX_SERIES_ID_LENGTH = "streamcast.validation.max-series-id-length";
    public static final String BOOTSTRAP_MIN_WINDOWS = "streamcast.bootstrap.min-windows";
    public static final String BOOTSTRAP_TRAIN_SECONDS = "streamcast.bootstrap.train-seconds";
    public static final String SIGNING_KEY = "streamcast.model.signing-key";
    // model registry and retraining
    public static final String MODELS_TOPIC = "streamcast.topic.models";
    public static final String FORECASTER_NAME = "streamcast.forecaster.name";
    public static final String MAX_ARTIFACT_BYTES = "streamcast.registry.max-artifact-bytes";
    public static final String RETRAIN_INTERVAL_MS = "streamcast.retrain.interval-ms";
    public static final String RETRAIN_CHECK_MS = "streamcast.retrain.check-ms";
    public static final String RETRAIN_MAX_RECORDS = "streamcast.retrain.max-records-per-partition";
    public static final String RETRAIN_HOLDOUT = "streamcast.retrain.holdout-fraction";
    public static final String RETRAIN_MIN_IMPROVEMENT = "streamcast.retrain.min-improvement";
    public static final String RETRAIN_ON_DRIFT = "streamcast.retrain.on-drift";
    public static final String FORECAST_SCORES_TOPIC = "streamcast.topic.forecast-scores";
    public static final String INTERVAL_COVERAGE = "streamcast.forecast.interval.coverage";
    public static final String INTERVAL_WINDOW = "streamcast.forecast.interval.window";
    public static final String INTERVAL_MIN_RESIDUALS = "streamcast.forecast.interval.min-residuals";
    public static final String DRIFT_RATIO = "streamcast.forecast.drift.ratio";
    public static final String DRIFT_BASELINE_FORECASTS = "streamcast.forecast.drift.baseline-forecasts";
    public static final String DRIFT_WINDOW_FORECASTS = "streamcast.forecast.drift.window-forecasts";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(PRICES_TOPIC, Type.STRING, "prices", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Input topic of price and other series points.")
            .define(FORECASTS_TOPIC, Type.STRING, "forecasts", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Output topic of forecasts.")
            .define(DEAD_LETTERS_TOPIC, Type.STRING, "streamcast-dead-letters", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Where records that cannot be processed go, with the reason.")
            .define(ANOMALIES_TOPIC, Type.STRING, "anomalies", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Output topic of anomaly scores, one record per input point.")
            .define(ANOMALY_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Score every point of the prices topic for anomalies too.")
            .define(FORECASTER_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Forecast every series of the prices topic (false: the anomaly pipeline alone).")
            .define(ANOMALY_THRESHOLD, Type.DOUBLE, 0.999, Range.between(0.0, 1.0), Importance.MEDIUM,
                    "A point whose anomaly score reaches this is flagged (anomaly = true) and kept out of refits.")
            .define(ANOMALY_REFIT_MIN_INTERVAL_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW,
                    "The least time from the end of one anomaly-model refit to the start of the next (0: refit every"
                            + " 1,000 points of all series, however fast they come).")
            .define(WINDOW, Type.INT, 64, Range.between(2, 10_000), Importance.MEDIUM,
                    "Points kept per series and fed to the forecaster (W). A loaded model's window must not exceed it.")
            .define(HORIZON, Type.INT, 12, Range.between(1, 1_000), Importance.MEDIUM,
                    "Steps forecast at once (H), for a forecaster trained at start.")
            .define(BATCH_MAX_SIZE, Type.INT, 256, Range.between(1, 10_000), Importance.MEDIUM,
                    "Inference runs when this many windows are waiting. A batch runs inside one Kafka transaction,"
                    + " which must finish within transaction.timeout.ms; beyond a few hundred, larger batches gain"
                    + " no throughput.")
            .define(BATCH_MAX_WAIT_MS, Type.LONG, 10L, Range.between(1, 60_000), Importance.MEDIUM,
                    "... or when the oldest has waited this long (wall clock). Such a batch of fresh records is"
                    + " committed at once, so this bounds the latency a light load sees.")
            .define(MAX_FUTURE_MS, Type.LONG, Duration.ofDays(1).toMillis(), Range.atLeast(0), Importance.LOW,
                    "A point whose timestamp is further ahead of the wall clock than this is dead-lettered.")
            .define(MIN_TIMESTAMP_MS, Type.LONG, -2_208_988_800_000L, Importance.LOW,
                    "A point before this epoch-millisecond timestamp (default 1900-01-01) is dead-lettered.")
            .define(MAX_ABS_VALUE, Type.DOUBLE, 1e15, Range.atLeast(0), Importance.LOW,
                    "A value whose magnitude exceeds this is dead-lettered as absurd.")
            .define(MAX_PAYLOAD_BYTES, Type.INT, 65_536, Range.atLeast(16), Importance.LOW,
                    "A price record larger than this is dead-lettered without being parsed.")
            .define(MAX_SERIES_ID_LENGTH, Type.INT, 256, Range.atLeast(1), Importance.LOW,
                    "Longest accepted series id.")
            .define(BOOTSTRAP_MIN_WINDOWS, Type.INT, 2_000, Range.atLeast(1), Importance.LOW,
                    "With no model given, the forecaster is trained once this many windows have streamed in; "
                            + "the seasonal-naive forecast is served until then.")
            .define(BOOTSTRAP_TRAIN_SECONDS, Type.INT, 60, Range.atLeast(1), Importance.LOW,
                    "Time budget of that first training run.")
            .define(SIGNING_KEY, Type.PASSWORD, null, Importance.MEDIUM,
                    "When set, model artifacts must carry a matching HMAC-SHA256 and are signed with it.")
            .define(MODELS_TOPIC, Type.STRING, "streamcast-models", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Compacted registry topic of promoted model artifacts, keyed by model name.")
            .define(FORECASTER_NAME, Type.STRING, "forecaster", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Registry name of the forecaster the prices pipeline serves and the trainer retrains.")
            .define(MAX_ARTIFACT_BYTES, Type.INT, 64 << 20, Range.between(1 << 20, 1 << 30), Importance.LOW,
                    "Largest model artifact: the registry topic is created with this max.message.bytes and "
                            + "publishers send requests up to it.")
            .define(RETRAIN_INTERVAL_MS, Type.LONG, Duration.ofMinutes(30).toMillis(), Range.atLeast(0), Importance.MEDIUM,
                    "The train role retrains every model this often (0 = never on a schedule).")
            .define(RETRAIN_CHECK_MS, Type.LONG, 5_000L, Range.atLeast(100), Importance.LOW,
                    "How often the train role checks whether a first training or a drift retrain is due.")
            .define(RETRAIN_MAX_RECORDS, Type.INT, 100_000, Range.atLeast(100), Importance.MEDIUM,
                    "Training set: at most this many of the latest records of each input partition.")
            .define(RETRAIN_HOLDOUT, Type.DOUBLE, 0.2, Range.between(0.01, 0.9), Importance.MEDIUM,
                    "Share of each series' latest points held back from the challenger's training; champion and "
                            + "challenger are both scored on it.")
            .define(RETRAIN_MIN_IMPROVEMENT, Type.DOUBLE, 0.0, Range.between(0.0, 0.99), Importance.MEDIUM,
                    "A challenger is promoted only if its held-back sMAPE is below the champion's times (1 - this).")
            .define(RETRAIN_ON_DRIFT, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Retrain early when the serving forecaster has drifted (streamcast.forecast.drift.ratio).")
            .define(SCORING_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Join every forecast with the actual values as they arrive: the forecast-scores topic, live error"
                    + " metrics, intervals calibrated from live residuals, and retraining on drift. It costs about as"
                    + " much per record as the rest of the forecast pipeline (README, Performance); off, forecasts"
                    + " carry the model's own intervals and retraining runs on its schedule alone.")
            .define(FORECAST_SCORES_TOPIC, Type.STRING, "forecast-scores", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Output topic of forecasts scored against the actual values, one record per forecast once all its steps are known.")
            .define(INTERVAL_COVERAGE, Type.DOUBLE, 0.9, StreamcastConfig::strictlyBetweenZeroAndOne, Importance.MEDIUM,
                    "Target coverage of the forecasts' prediction intervals, calibrated per horizon step from recent live residuals.")
            .define(INTERVAL_WINDOW, Type.INT, 1_000, Range.between(10, 100_000), Importance.LOW,
                    "Recent live residuals kept per horizon step (per stream task) for the interval calibration.")
            .define(INTERVAL_MIN_RESIDUALS, Type.INT, 100, Range.atLeast(1), Importance.LOW,
                    "Residuals a horizon step needs before its calibrated interval replaces the model's own "
                            + "(raised to coverage / (1 - coverage) when that is more).")
            .define(DRIFT_RATIO, Type.DOUBLE, 1.5, Range.atLeast(1.0), Importance.MEDIUM,
                    "The serving forecaster has drifted when its live sMAPE reaches this multiple of its baseline.")
            .define(DRIFT_BASELINE_FORECASTS, Type.INT, 500, Range.atLeast(1), Importance.LOW,
                    "Scored forecasts of a new model version whose mean sMAPE becomes its baseline.")
            .define(DRIFT_WINDOW_FORECASTS, Type.INT, 500, Range.atLeast(1), Importance.LOW,
                    "Most recent scored forecasts the live sMAPE is averaged over.");

    private static void strictlyBetweenZeroAndOne(String name, Object value) {
        if (!(value instanceof Double d) || !(d > 0 && d < 1)) {
            throw new ConfigException(name, value, "must be strictly between 0 and 1");
        }
    }

    static {
        ClassifierSettings.define(DEFINITION, ClassifierSettings.IMAGES);
        ImageSettings.define(DEFINITION);
        TextSettings.define(DEFINITION);
        SequenceSettings.define(DEFINITION);
    }

    public StreamcastConfig(Map<?, ?> originals) {
        super(DEFINITION, originals, false);
        int required = IntervalCalibrator.requiredResiduals(intervalCoverage(), intervalMinResiduals());
        if (intervalWindow() < required) {
            throw new ConfigException(INTERVAL_WINDOW, intervalWindow(), "must hold at least " + required
                    + " residuals, what " + INTERVAL_MIN_RESIDUALS + "=" + intervalMinResiduals() + " and "
                    + INTERVAL_COVERAGE + "=" + intervalCoverage() + " need");
        }
    }

    /** The documented settings, e.g. for {@code --help} and the README. */
    public static ConfigDef definition() {
        return DEFINITION;
    }

    public String pricesTopic() {
        return getString(PRICES_TOPIC);
    }

    public String forecastsTopic() {
        return getString(FORECASTS_TOPIC);
    }

    public String deadLettersTopic() {
        return getString(DEAD_LETTERS_TOPIC);
    }

    public String anomaliesTopic() {
        return getString(ANOMALIES_TOPIC);
    }

    public boolean anomalyEnabled() {
        return getBoolean(ANOMALY_ENABLED);
    }

    public boolean forecasterEnabled() {
        return getBoolean(FORECASTER_ENABLED);
    }

    public boolean scoringEnabled() {
        return getBoolean(SCORING_ENABLED);
    }

    public double anomalyThreshold() {
        return getDouble(ANOMALY_THRESHOLD);
    }

    public Duration anomalyRefitMinInterval() {
        return Duration.ofMillis(getLong(ANOMALY_REFIT_MIN_INTERVAL_MS));
    }

    public int window() {
        return getInt(WINDOW);
    }

    public int horizon() {
        return getInt(HORIZON);
    }

    public int batchMaxSize() {
        return getInt(BATCH_MAX_SIZE);
    }

    public Duration batchMaxWait() {
        return Duration.ofMillis(getLong(BATCH_MAX_WAIT_MS));
    }

    public long maxFutureMs() {
        return getLong(MAX_FUTURE_MS);
    }

    public long minTimestampMs() {
        return getLong(MIN_TIMESTAMP_MS);
    }

    public double maxAbsValue() {
        return getDouble(MAX_ABS_VALUE);
    }

    public int maxPayloadBytes() {
        return getInt(MAX_PAYLOAD_BYTES);
    }

    public int maxSeriesIdLength() {
        return getInt(MAX_SERIES_ID_LENGTH);
    }

    public int bootstrapMinWindows() {
        return getInt(BOOTSTRAP_MIN_WINDOWS);
    }

    public Duration bootstrapTrainTime() {
        return Duration.ofSeconds(getInt(BOOTSTRAP_TRAIN_SECONDS));
    }

    public String forecastScoresTopic() {
        return getString(FORECAST_SCORES_TOPIC);
    }

    public double intervalCoverage() {
        return getDouble(INTERVAL_COVERAGE);
    }

    public int intervalWindow() {
        return getInt(INTERVAL_WINDOW);
    }

    public int intervalMinResiduals() {
        return getInt(INTERVAL_MIN_RESIDUALS);
    }

    public double driftRatio() {
        return getDouble(DRIFT_RATIO);
    }

    public int driftBaselineForecasts() {
        return getInt(DRIFT_BASELINE_FORECASTS);
    }

    public int driftWindowForecasts() {
        return getInt(DRIFT_WINDOW_FORECASTS);
    }

    public Optional<byte[]> signingKey() {
        Password p = getPassword(SIGNING_KEY);
        return p == null || p.value().isEmpty() ? Optional.empty() : Optional.of(p.value().getBytes(StandardCharsets.UTF_8));
    }

    public String modelsTopic() {
        return getString(MODELS_TOPIC);
    }

    public String forecasterName() {
        return getString(FORECASTER_NAME);
    }

    public int maxArtifactBytes() {
        return getInt(MAX_ARTIFACT_BYTES);
    }

    public Duration retrainInterval() {
        return Duration.ofMillis(getLong(RETRAIN_INTERVAL_MS));
    }

    public Duration retrainCheck() {
        return Duration.ofMillis(getLong(RETRAIN_CHECK_MS));
    }

    public int retrainMaxRecords() {
        return getInt(RETRAIN_MAX_RECORDS);
    }

    public double retrainHoldout() {
        return getDouble(RETRAIN_HOLDOUT);
    }

    public double retrainMinImprovement() {
        return getDouble(RETRAIN_MIN_IMPROVEMENT);
    }

    public boolean retrainOnDrift() {
        return getBoolean(RETRAIN_ON_DRIFT);
    }
}

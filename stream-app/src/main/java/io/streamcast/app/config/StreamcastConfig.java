package io.streamcast.app.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
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
    public static final String ANOMALY_THRESHOLD = "streamcast.anomaly.threshold";
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
            .define(ANOMALY_THRESHOLD, Type.DOUBLE, 0.999, Range.between(0.0, 1.0), Importance.MEDIUM,
                    "A point whose anomaly score reaches this is flagged (anomaly = true) and kept out of refits.")
            .define(WINDOW, Type.INT, 64, Range.between(2, 10_000), Importance.MEDIUM,
                    "Points kept per series and fed to the forecaster (W). A loaded model's window must not exceed it.")
            .define(HORIZON, Type.INT, 12, Range.between(1, 1_000), Importance.MEDIUM,
                    "Steps forecast at once (H), for a forecaster trained at start.")
            .define(BATCH_MAX_SIZE, Type.INT, 256, Range.between(1, 10_000), Importance.MEDIUM,
                    "Inference runs when this many windows are waiting. A batch runs inside one Kafka transaction,"
                    + " which must finish within transaction.timeout.ms; beyond a few hundred, larger batches gain"
                    + " no throughput.")
            .define(BATCH_MAX_WAIT_MS, Type.LONG, 50L, Range.between(1, 60_000), Importance.MEDIUM,
                    "... or when the oldest has waited this long (wall clock).")
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
                    "When set, model artifacts must carry a matching HMAC-SHA256 and are signed with it.");

    static {
        ClassifierSettings.define(DEFINITION, ClassifierSettings.IMAGES);
        ImageSettings.define(DEFINITION);
        TextSettings.define(DEFINITION);
        SequenceSettings.define(DEFINITION);
    }

    public StreamcastConfig(Map<?, ?> originals) {
        super(DEFINITION, originals, false);
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

    public double anomalyThreshold() {
        return getDouble(ANOMALY_THRESHOLD);
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

    public Optional<byte[]> signingKey() {
        Password p = getPassword(SIGNING_KEY);
        return p == null || p.value().isEmpty() ? Optional.empty() : Optional.of(p.value().getBytes(StandardCharsets.UTF_8));
    }
}

package io.streamcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import io.streamcast.app.metrics.PipelineMetrics;
import io.streamcast.app.model.FixedModelSource;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.forecast.Forecast;
import io.streamcast.models.forecast.ForecastModel;
import io.streamcast.models.forecast.SeasonalNaiveModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ForecastTopologyTest {
    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path stateDir;

    private static final Instant T0 = Instant.parse("2026-01-02T10:00:00Z");
    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
    private static final int WINDOW = 4;
    private static final int BATCH = 3;
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> prices;
    private TestOutputTopic<String, byte[]> forecasts;
    private TestOutputTopic<String, byte[]> deadLetters;
    private PipelineMetrics metrics;

    @BeforeEach
    void start() {
        StreamcastConfig config = new StreamcastConfig(Map.of(
                StreamcastConfig.WINDOW, WINDOW,
                StreamcastConfig.BATCH_MAX_SIZE, BATCH,
                StreamcastConfig.BATCH_MAX_WAIT_MS, MAX_WAIT.toMillis()));
        metrics = new PipelineMetrics(new SimpleMeterRegistry(), "forecast");
        FixedModelSource models = new FixedModelSource(new SeasonalNaiveModel(WINDOW, 2, 1));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // not the shared /tmp/kafka-streams
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.LISTENER_CONFIG, (DeadLetterHandler.Listener) (topic, code) -> metrics.deadLettered(code));
        driver = new TopologyTestDriver(ForecastTopology.build(config, models, metrics), props, T0);
        prices = driver.createInputTopic("prices", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        forecasts = driver.createOutputTopic("forecasts", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic("streamcast-dead-letters", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(String series, Instant ts, double value) {
        send(series, "{\"series\":\"" + series + "\",\"ts\":\"" + ts + "\",\"value\":" + value + "}");
    }

    private void send(String key, String json) {
        prices.pipeInput(key, json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(byte[] bytes) throws Exception {
        return Json.MAPPER.readTree(bytes);
    }

    private List<JsonNode> drain(TestOutputTopic<String, byte[]> topic) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (byte[] v : topic.readValuesToList()) {
            out.add(json(v));
        }
        return out;
    }

    @Test
    void shouldForecastOnceTheSeriesWindowIsFullAndStampTheModel() throws Exception {
        for (int i = 0; i < WINDOW - 1; i++) {
            send("DAX", T0.plus(ONE_MINUTE.multipliedBy(i)), 100 + i);
        }
        driver.advanceWallClockTime(MAX_WAIT);
        assertThat(forecasts.isEmpty()).as("no forecast before %d points", WINDOW).isTrue();

        send("DAX", T0.plus(ONE_MINUTE.multipliedBy(WINDOW - 1)), 110);
        driver.advanceWallClockTime(MAX_WAIT);

        List<JsonNode> out = drain(forecasts);
        assertThat(out).hasSize(1);
        JsonNode f = out.get(0);
        assertThat(f.get("series").asText()).isEqualTo("DAX");
        assertThat(f.get("ts").asText()).isEqualTo(T0.plus(ONE_MINUTE.multipliedBy(WINDOW - 1)).toString());
        assertThat(f.get("model").get("name").asText()).isEqualTo("seasonal-naive");
        assertThat(f.get("model").has("version")).isTrue();
        assertThat(f.get("horizon")).hasSize(2);
        JsonNode step1 = f.get("horizon").get(0);
        assertThat(step1.get("step").asInt()).isEqualTo(1);
        assertThat(step1.get("value").asDouble()).isEqualTo(110.0);
        assertThat(step1.get("ts").asText()).as("next step at the median spacing").isEqualTo(T0.plus(ONE_MINUTE.multipliedBy(WINDOW)).toString());
        assertThat(step1.get("lower").asDouble()).isLessThanOrEqualTo(110.0);
        assertThat(step1.get("upper").asDouble()).isGreaterThanOrEqualTo(110.0);
    }

    @Test
    void shouldKeepEachSeriesWindowApartWhenSeriesInterleave() throws Exception {
        for (int i = 0; i < WINDOW; i++) {
            send("A", T0.plus(ONE_MINUTE.multipliedBy(i)), 1 + i);
            send("B", T0.plus(ONE_MINUTE.multipliedBy(i)), 1000 + i);
        }
        driver.advanceWallClockTime(MAX_WAIT);
        var out = forecasts.readKeyValuesToMap();
        assertThat(out).containsOnlyKeys("A", "B");
        assertThat(json(out.get("A")).get("horizon").get(0).get("value").asDouble()).isEqualTo(WINDOW);
        assertThat(json(out.get("B")).get("horizon").get(0).get("value").asDouble()).isEqualTo(1000 + WINDOW - 1);
        KeyValueStore<String, SeriesWindow> windows = driver.getKeyValueStore(ForecastTopology.WINDOW_STORE);
        assertThat(windows.get("A").values()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void shouldHoldForecastsUntilTheBatchIsFullOrTheMaxWaitPasses() throws Exception {
        for (int i = 0; i < WINDOW - 1; i++) {
            send("S", T0.plus(ONE_MINUTE.multipliedBy(i)), i);
        }
        send("S", T0.plus(ONE_MINUTE.multipliedBy(3)), 3);
        send("S", T0.plus(ONE_MINUTE.multipliedBy(4)), 4);
        assertThat(forecasts.isEmpty()).as("two queued windows, batch size %d", BATCH).isTrue();

        send("S", T0.plus(ONE_MINUTE.multipliedBy(5)), 5);
        assertThat(forecasts.getQueueSize()).as("full batch runs at once").isEqualTo(BATCH);
        forecasts.readValuesToList();

        send("S", T0.plus(ONE_MINUTE.multipliedBy(6)), 6);
        driver.advanceWallClockTime(MAX_WAIT.minusMillis(1));
        assertThat(forecasts.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofMillis(1));
        assertThat(forecasts.getQueueSize()).as("max wait flushes a partial batch").isEqualTo(1);
        assertThat(metrics.recordsOutCount()).isEqualTo(BATCH + 1);
    }

    @Test
    void shouldDeadLetterBadRecordsWithReasonAndGoOn() throws Exception {
        send("DAX", "{not json");
        send("DAX", "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00Z\",\"value\":\"NaN\"}");
        send("DAX", "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00Z\"}");
        send("DAX", "{\"series\":\"DAX\",\"ts\":\"yesterday\",\"value\":1}");
        send("DAX", "{\"series\":\"DAX\",\"ts\":\"2126-01-02T10:00:00Z\",\"value\":1}");
        send("DAX", "{\"series\":\"SMI\",\"ts\":\"2026-01-02T10:00:00Z\",\"value\":1}");
        send("DAX", "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00Z\",\"value\":1e300}");
        send("DAX", "[1,2,3]");
        prices.pipeInput("DAX", new byte[] {(byte) 0xC3, (byte) 0x28});
        prices.pipeInput("DAX", (byte[]) null);
        for (int i = 0; i < WINDOW; i++) {
            send("DAX", T0.plus(ONE_MINUTE.multipliedBy(i)), 100 + i);
        }
        send("DAX", T0.plus(ONE_MINUTE.multipliedBy(WINDOW - 1)), 1); // duplicate
        send("DAX", T0, 1); // out of order
        send("DAX", "{\"series\":\"DAX\",\"ts\":" + T0.plus(ONE_MINUTE.multipliedBy(WINDOW)).toEpochMilli()
                + ",\"value\":5,\"unknown\":{\"nested\":true}}");
        driver.advanceWallClockTime(MAX_WAIT);

        List<JsonNode> letters = drain(deadLetters);
        assertThat(letters).extracting(l -> l.get("error").get("code").asText()).containsExactly(
                "MALFORMED_JSON", "NOT_FINITE", "MISSING_FIELD", "INVALID_TIMESTAMP", "TIMESTAMP_OUT_OF_RANGE",
                "KEY_MISMATCH", "ABSURD_VALUE", "NOT_AN_OBJECT", "INVALID_UTF8", "EMPTY_VALUE",
                "DUPLICATE_TIMESTAMP", "OUT_OF_ORDER");
        JsonNode first = letters.get(0);
        assertThat(first.get("value_text").asText()).isEqualTo("{not json");
        assertThat(first.get("source").get("topic").asText()).isEqualTo("prices");
        assertThat(first.get("source").get("offset").asLong()).isEqualTo(0);
        assertThat(letters.get(8).has("value_text")).as("non-UTF-8 bytes only as base64").isFalse();
        assertThat(letters.get(8).get("value_base64").asText()).isEqualTo("wyg=");
        assertThat(drain(forecasts)).as("good records around bad ones are all forecast").hasSize(2);
        assertThat(metrics.deadLetteredCount()).isEqualTo(12);
    }

    @Test
    void shouldDeadLetterWindowsTheModelFailsOnAndForecastTheRestOfTheBatch() throws Exception {
        driver.close();
        SeasonalNaiveModel naive = new SeasonalNaiveModel(WINDOW, 2, 1);
        ForecastModel flaky = new ForecastModel() {
            @Override
            public ModelCard card() {
                return naive.card();
            }

            @Override
            public int window() {
                return WINDOW;
            }

            @Override
            public int horizon() {
                return 2;
            }

            @Override
            public Forecast[] predict(double[][] windows) {
                Forecast[] out = naive.predict(windows);
                for (int i = 0; i < windows.length; i++) {
                    double last = windows[i][windows[i].length - 1];
                    if (last == 13) {
                        throw new IllegalStateException("poison window");
                    }
                    if (last == 14) {
                        out[i] = new Forecast(new double[] {Double.NaN, 1}, new double[] {0, 0}, new double[] {2, 2});
                    }
                }
                return out;
            }

            @Override
            public ForecastModel copy() {
                return this;
            }
        };
        StreamcastConfig config = new StreamcastConfig(Map.of(StreamcastConfig.WINDOW, WINDOW,
                StreamcastConfig.BATCH_MAX_SIZE, BATCH, StreamcastConfig.BATCH_MAX_WAIT_MS, MAX_WAIT.toMillis()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // not the shared /tmp/kafka-streams
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ForecastTopology.build(config, new FixedModelSource(flaky), metrics), props, T0);
        prices = driver.createInputTopic("prices", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        forecasts = driver.createOutputTopic("forecasts", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic("streamcast-dead-letters", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());

        double[] values = {10, 11, 12, 13, 14, 15};
        for (int i = 0; i < values.length; i++) {
            send("S", T0.plus(ONE_MINUTE.multipliedBy(i)), values[i]);
        }
        driver.advanceWallClockTime(MAX_WAIT);

        assertThat(drain(forecasts)).as("the windows ending at 13 (model throws) and 14 (NaN) are left out")
                .extracting(f -> f.get("ts").asText()).containsExactly(T0.plus(ONE_MINUTE.multipliedBy(5)).toString());
        List<JsonNode> letters = drain(deadLetters);
        assertThat(letters).extracting(l -> l.get("error").get("code").asText()).containsExactly("MODEL_FAILURE", "MODEL_FAILURE");
        assertThat(letters).extracting(l -> l.get("source").get("offset").asLong()).containsExactly(3L, 4L);
        assertThat(letters.get(1).get("value_text").asText()).contains("\"value\":14.0");
        assertThat(metrics.deadLetteredCount()).isEqualTo(2);
    }
}


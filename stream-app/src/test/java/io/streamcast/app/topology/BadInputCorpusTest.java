package io.streamcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import io.streamcast.app.metrics.PipelineMetrics;
import io.streamcast.app.model.FixedModelSource;
import io.streamcast.models.forecast.SeasonalNaiveModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A corpus of bad {@code prices} records, each between good ones: every bad record lands in the dead-letter
 * topic with its exact bytes, its offset and the expected code, and every good record is forecast.
 */
class BadInputCorpusTest {
    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path stateDir;

    private static final Instant T0 = Instant.parse("2026-01-02T10:00:00Z");
    private static final int WINDOW = 4;

    private record Bad(String name, String key, byte[] value, String code) {
    }

    private static Bad bad(String name, String code, String json) {
        return new Bad(name, "X", json == null ? null : json.getBytes(StandardCharsets.UTF_8), code);
    }

    private static Bad bad(String name, String code, byte[] bytes) {
        return new Bad(name, "X", bytes, code);
    }

    private static String point(String series, String ts, String value) {
        return "{\"series\":" + series + ",\"ts\":" + ts + ",\"value\":" + value + "}";
    }

    private static final String OK_TS = "\"2026-01-02T09:00:00Z\"";

    static List<Bad> corpus() {
        List<Bad> c = new ArrayList<>();
        c.add(bad("null value", "EMPTY_VALUE", (byte[]) null));
        c.add(bad("empty value", "EMPTY_VALUE", new byte[0]));
        c.add(bad("whitespace", "NOT_AN_OBJECT", "   "));
        c.add(bad("lone brace", "MALFORMED_JSON", "{"));
        c.add(bad("not json", "MALFORMED_JSON", "{not json}"));
        c.add(bad("truncated", "MALFORMED_JSON", "{\"series\":\"X\",\"ts\":"));
        c.add(bad("trailing comma", "MALFORMED_JSON", "{\"series\":\"X\",}"));
        c.add(bad("single quotes", "MALFORMED_JSON", "{'series':'X'}"));
        c.add(bad("array", "NOT_AN_OBJECT", "[1,2,3]"));
        c.add(bad("number", "NOT_AN_OBJECT", "42"));
        c.add(bad("string", "NOT_AN_OBJECT", "\"hello\""));
        c.add(bad("json null", "NOT_AN_OBJECT", "null"));
        c.add(bad("invalid utf-8", "INVALID_UTF8", new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}));
        c.add(bad("latin-1", "INVALID_UTF8", "{\"series\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1)));
        c.add(bad("overlong utf-8", "INVALID_UTF8", new byte[] {'{', (byte) 0xC0, (byte) 0xAF, '}'}));
        c.add(bad("utf-16", "MALFORMED_JSON", point("\"X\"", OK_TS, "1").getBytes(StandardCharsets.UTF_16LE)));
        c.add(bad("missing value", "MISSING_FIELD", "{\"series\":\"X\",\"ts\":" + OK_TS + "}"));
        c.add(bad("missing ts", "MISSING_FIELD", "{\"series\":\"X\",\"value\":1}"));
        c.add(new Bad("no series and no key", null, point("null", OK_TS, "1").getBytes(StandardCharsets.UTF_8), "MISSING_FIELD"));
        c.add(bad("value null", "MISSING_FIELD", point("\"X\"", OK_TS, "null")));
        c.add(bad("value text", "WRONG_TYPE", point("\"X\"", OK_TS, "\"abc\"")));
        c.add(bad("value true", "WRONG_TYPE", point("\"X\"", OK_TS, "true")));
        c.add(bad("value array", "WRONG_TYPE", point("\"X\"", OK_TS, "[1]")));
        c.add(bad("value object", "WRONG_TYPE", point("\"X\"", OK_TS, "{\"v\":1}")));
        c.add(bad("value 'NaN'", "NOT_FINITE", point("\"X\"", OK_TS, "\"NaN\"")));
        c.add(bad("value 'Infinity'", "NOT_FINITE", point("\"X\"", OK_TS, "\"Infinity\"")));
        c.add(bad("value '-Infinity'", "NOT_FINITE", point("\"X\"", OK_TS, "\"-Infinity\"")));
        c.add(bad("bare NaN", "MALFORMED_JSON", point("\"X\"", OK_TS, "NaN")));
        c.add(bad("value 1e400", "NOT_FINITE", point("\"X\"", OK_TS, "1e400")));
        c.add(bad("value -1e400", "NOT_FINITE", point("\"X\"", OK_TS, "-1e400")));
        c.add(bad("value 1e16", "ABSURD_VALUE", point("\"X\"", OK_TS, "1e16")));
        c.add(bad("value -3e20", "ABSURD_VALUE", point("\"X\"", OK_TS, "-3e20")));
        c.add(bad("5000-digit number", "MALFORMED_JSON", point("\"X\"", OK_TS, "9".repeat(5000))));
        c.add(bad("ts boolean", "WRONG_TYPE", point("\"X\"", "true", "1")));
        c.add(bad("ts fraction", "WRONG_TYPE", point("\"X\"", "1.5e12", "1")));
        c.add(bad("ts beyond long", "WRONG_TYPE", point("\"X\"", "1" + "0".repeat(30), "1")));
        c.add(bad("ts words", "INVALID_TIMESTAMP", point("\"X\"", "\"yesterday\"", "1")));
        c.add(bad("ts month 13", "INVALID_TIMESTAMP", point("\"X\"", "\"2026-13-45T00:00:00Z\"", "1")));
        c.add(bad("ts without zone", "INVALID_TIMESTAMP", point("\"X\"", "\"2026-01-02T10:00:00\"", "1")));
        c.add(bad("ts far future", "TIMESTAMP_OUT_OF_RANGE", point("\"X\"", "\"2999-01-01T00:00:00Z\"", "1")));
        c.add(bad("ts far past", "TIMESTAMP_OUT_OF_RANGE", point("\"X\"", "\"1800-01-01T00:00:00Z\"", "1")));
        c.add(bad("ts very negative", "TIMESTAMP_OUT_OF_RANGE", point("\"X\"", "-9000000000000000000", "1")));
        c.add(bad("ts year 1e9", "TIMESTAMP_OUT_OF_RANGE", point("\"X\"", "\"+1000000000-01-01T00:00:00Z\"", "1")));
        c.add(new Bad("series blank", null, point("\"  \"", OK_TS, "1").getBytes(StandardCharsets.UTF_8), "INVALID_SERIES_ID"));
        c.add(new Bad("series control char", null, point("\"A\\u0001B\"", OK_TS, "1").getBytes(StandardCharsets.UTF_8), "INVALID_SERIES_ID"));
        c.add(new Bad("series too long", null, point("\"" + "s".repeat(1000) + "\"", OK_TS, "1").getBytes(StandardCharsets.UTF_8), "INVALID_SERIES_ID"));
        c.add(bad("series number", "WRONG_TYPE", point("5", OK_TS, "1")));
        c.add(bad("key differs from series", "KEY_MISMATCH", point("\"Y\"", OK_TS, "1")));
        c.add(bad("oversize payload", "OVERSIZE_PAYLOAD", point("\"X\"", OK_TS, "1").replace("}", ",\"pad\":\"" + "p".repeat(70_000) + "\"}")));
        c.add(bad("duplicate json key", "MALFORMED_JSON", "{\"series\":\"X\",\"ts\":" + OK_TS + ",\"value\":1,\"value\":2}"));
        c.add(bad("deep nesting", "MALFORMED_JSON", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
        return c;
    }

    @Test
    void shouldDeadLetterEveryBadKindWithItsCodeAndBytesWhileForecastingEveryGoodRecord() throws Exception {
        StreamcastConfig config = new StreamcastConfig(Map.of(StreamcastConfig.WINDOW, WINDOW, StreamcastConfig.BATCH_MAX_SIZE, 1));
        PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry(), "forecast");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "corpus");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // not the shared /tmp/kafka-streams
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        List<Bad> corpus = corpus();
        try (TopologyTestDriver driver = new TopologyTestDriver(ForecastTopology.build(config,
                new FixedModelSource(new SeasonalNaiveModel(WINDOW, 2, 1)), metrics), props, T0)) {
            TestInputTopic<String, byte[]> prices = driver.createInputTopic("prices", Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, byte[]> forecasts = driver.createOutputTopic("forecasts", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            TestOutputTopic<String, byte[]> letters = driver.createOutputTopic("streamcast-dead-letters", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());

            Map<Long, Bad> sentAt = new LinkedHashMap<>();
            long offset = 0;
            int good = 0;
            for (Bad b : corpus) {
                prices.pipeInput(new TestRecord<>("GOOD", point("\"GOOD\"", "\"" + T0.plus(Duration.ofMinutes(good++)) + "\"", "1.5").getBytes(StandardCharsets.UTF_8)));
                offset++;
                prices.pipeInput(new TestRecord<>(b.key(), b.value()));
                sentAt.put(offset++, b);
            }
            // the ordering rules need a series with history: two more bad kinds on the good series itself
            Instant last = T0.plus(Duration.ofMinutes(good - 1));
            prices.pipeInput("GOOD", point("\"GOOD\"", "\"" + last + "\"", "2").getBytes(StandardCharsets.UTF_8));
            sentAt.put(offset++, new Bad("duplicate timestamp", "GOOD", null, "DUPLICATE_TIMESTAMP"));
            prices.pipeInput("GOOD", point("\"GOOD\"", "\"" + T0 + "\"", "2").getBytes(StandardCharsets.UTF_8));
            sentAt.put(offset++, new Bad("out of order", "GOOD", null, "OUT_OF_ORDER"));
            // rules, not errors: unknown fields are ignored, the key stands in for a missing series, ts may be a numeric string
            prices.pipeInput("GOOD", ("{\"ts\":\"" + T0.plus(Duration.ofMinutes(good++)).toEpochMilli() + "\",\"value\":3,\"extra\":{\"x\":[1]}}").getBytes(StandardCharsets.UTF_8));

            List<TestRecord<String, byte[]>> out = letters.readRecordsToList();
            assertThat(sentAt).hasSizeGreaterThanOrEqualTo(40);
            assertThat(out).hasSize(sentAt.size());
            List<Bad> expected = new ArrayList<>(sentAt.values());
            List<Long> offsets = new ArrayList<>(sentAt.keySet());
            for (int i = 0; i < out.size(); i++) {
                Bad b = expected.get(i);
                JsonNode letter = Json.MAPPER.readTree(out.get(i).value());
                assertThat(letter.get("error").get("code").asText()).as(b.name()).isEqualTo(b.code());
                assertThat(letter.get("source").get("offset").asLong()).as(b.name()).isEqualTo(offsets.get(i));
                assertThat(out.get(i).key()).as(b.name()).isEqualTo(b.key());
                if (b.value() != null) {
                    assertThat(Base64.getDecoder().decode(letter.get("value_base64").asText())).as(b.name()).isEqualTo(b.value());
                }
            }
            assertThat(forecasts.getQueueSize()).as("every good record is forecast once its window is full").isEqualTo(good - WINDOW + 1);
        }
    }
}

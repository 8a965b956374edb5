package io.streamcast.app.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.metrics.PipelineMetrics;
import io.streamcast.app.model.ForecastModelSource;
import io.streamcast.app.topology.DeadLetterHandler;
import io.streamcast.app.topology.ForecastTopology;
import io.streamcast.models.forecast.ForecastModel;
import io.streamcast.models.forecast.SeasonalNaiveModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON Schemas in the repository's {@code schemas/} folder describe the messages the code really reads and
 * writes: forecasts, forecast scores and dead letters as the topology serialises them, price records as {@link PriceParser}
 * accepts them, and the examples the schemas give.
 */
class MessageSchemaTest {
    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path stateDir;

    private static final Path SCHEMAS = schemasDir();
    /** Draft 2020-12, with {@code format} asserted, so the output timestamps are checked as date-times too. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Schema PRICE = schema("price.schema.json");
    private static final Schema FORECAST = schema("forecast.schema.json");
    private static final Schema DEAD_LETTER = schema("dead-letter.schema.json");
    private static final Schema ANOMALY = schema("anomaly.schema.json");
    private static final Schema FORECAST_SCORE = schema("forecast-score.schema.json");

    private static final StreamcastConfig DEFAULTS = new StreamcastConfig(Map.of());
    private static final Instant T0 = Instant.parse("2026-01-02T10:00:00Z");
    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
    private static final int WINDOW = 4;
    private static final int HORIZON = 3;
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);

    /** Surefire passes the folder; from an IDE the working directory is the module or the repository root. */
    private static Path schemasDir() {
        String configured = System.getProperty("streamcast.schemas.dir");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return Files.isDirectory(here.resolve("schemas")) ? here.resolve("schemas") : here.resolve("../schemas").normalize();
    }

    private static JsonNode schemaJson(String file) {
        try {
            return Json.MAPPER.readTree(SCHEMAS.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + file + " from " + SCHEMAS, e);
        }
    }

    private static Schema schema(String file) {
        return REGISTRY.getSchema(schemaJson(file));
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        return json(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertValid(Schema schema, JsonNode message) {
        assertThat(schema.validate(message)).as("%s against %s", message, schema.getId()).isEmpty();
    }

    // ---- the schemas themselves ----

    @ParameterizedTest
    @ValueSource(strings = {"price.schema.json", "forecast.schema.json", "dead-letter.schema.json", "forecast-score.schema.json"})
    void shouldBeADraft2020_12SchemaWithIdTitleExamplesAndADescriptionForEveryProperty(String file) {
        JsonNode schema = schemaJson(file);
        Schema metaSchema = REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        assertThat(metaSchema.validate(schema)).as("%s against the 2020-12 meta-schema", file).isEmpty();

        assertThat(schema.path("$schema").asText()).isEqualTo(SpecificationVersion.DRAFT_2020_12.getDialectId());
        assertThat(schema.path("$id").asText()).startsWith("urn:streamcast:schema:");
        assertThat(schema.path("title").asText()).isNotBlank();
        assertThat(schema.path("description").asText()).isNotBlank();
        assertThat(schema.path("required")).isNotEmpty();
        assertThat(schema.path("examples")).isNotEmpty();
        List<String> undescribed = new ArrayList<>();
        collectUndescribedProperties(schema, "", undescribed);
        assertThat(undescribed).as("properties without a description in %s", file).isEmpty();
    }

    private static void collectUndescribedProperties(JsonNode node, String path, List<String> out) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUndescribedProperties(node.get(i), path + "/" + i, out);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        node.properties().forEach(e -> {
            if (e.getKey().equals("examples")) {
                return; // data, not schema
            }
            if (e.getKey().equals("properties")) {
                e.getValue().properties().forEach(p -> {
                    if (!p.getValue().path("description").isTextual()) {
                        out.add(path + "/properties/" + p.getKey());
                    }
                });
            }
            collectUndescribedProperties(e.getValue(), path + "/" + e.getKey(), out);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"price.schema.json", "forecast.schema.json", "dead-letter.schema.json", "forecast-score.schema.json"})
    void shouldAcceptEveryExampleItGives(String file) {
        Schema schema = schema(file);
        for (JsonNode example : schemaJson(file).path("examples")) {
            assertValid(schema, example);
        }
    }

    @Test
    void shouldGiveExamplesThatTheCodeReadsOrWritesAsTheyAre() throws Exception {
        PriceParser parser = defaultParser();
        for (JsonNode example : schemaJson("price.schema.json").path("examples")) {
            String key = example.path("series").asText("DAX");
            PricePoint point = parser.parse(key, Json.bytes(example), T0.toEpochMilli());
            assertThat(point.series()).isEqualTo(key);
        }
        for (JsonNode example : schemaJson("forecast.schema.json").path("examples")) {
            ForecastMessage message = Json.MAPPER.treeToValue(example, ForecastMessage.class);
            assertThat(json(Json.bytes(message))).as("round trip through ForecastMessage").isEqualTo(example);
        }
        for (JsonNode example : schemaJson("dead-letter.schema.json").path("examples")) {
            DeadLetterMessage message = Json.MAPPER.treeToValue(example, DeadLetterMessage.class);
            assertThat(json(Json.bytes(message))).as("round trip through DeadLetterMessage").isEqualTo(example);
        }
        for (JsonNode example : schemaJson("forecast-score.schema.json").path("examples")) {
            ForecastScoreMessage message = Json.MAPPER.treeToValue(example, ForecastScoreMessage.class);
            assertThat(json(Json.bytes(message))).as("round trip through ForecastScoreMessage").isEqualTo(example);
        }
    }

    @Test
    void shouldListExactlyTheErrorCodesOfTheCode() {
        List<String> inSchema = new ArrayList<>();
        schemaJson("dead-letter.schema.json").at("/properties/error/properties/code/enum").forEach(n -> inSchema.add(n.asText()));
        assertThat(inSchema).containsExactly(Arrays.stream(ErrorCode.values()).map(Enum::name).toArray(String[]::new));
    }

    // ---- forecasts ----

    @Test
    void shouldAcceptEveryForecastTheTopologySerialises() {
        List<byte[]> written = runTopology(t -> {
            for (int i = 0; i <= WINDOW; i++) {
                t.send("DAX", "{\"series\":\"DAX\",\"ts\":\"" + T0.plus(ONE_MINUTE.multipliedBy(i)) + "\",\"value\":"
                        + (1628.75 + i) + "}");
                // key only, epoch milliseconds, a spacing with a fraction of a second, negative values
                t.send("sensor/7", "{\"ts\":" + (T0.toEpochMilli() + 1_500L * i) + ",\"value\":" + (-0.25 * i) + "}");
            }
            t.driver.advanceWallClockTime(MAX_WAIT);
        }).forecasts;
        assertThat(written).as("two forecasts per series").hasSize(4);
        for (byte[] forecast : written) {
            assertValid(FORECAST, json(forecast));
        }

        ForecastMessage trained = new ForecastMessage("Brent crude (ICE)", Instant.parse("2026-01-02T10:00:00.123Z"),
                List.of(new ForecastMessage.Step(1, Instant.parse("2026-01-02T10:01:00.123Z"), 74.5, 73.25, 75.75),
                        new ForecastMessage.Step(2, Instant.parse("2026-01-02T10:02:00.123Z"), -1e-3, -2.5, 1e6)),
                new ForecastMessage.ModelRef("forecaster", 7));
        assertValid(FORECAST, json(Json.bytes(trained)));
    }

    // ---- forecast scores ----

    @Test
    void shouldAcceptEveryScoreTheTopologyWrites() {
        List<byte[]> written = runTopology(t -> {
            for (int i = 0; i < WINDOW + HORIZON + 2; i++) {
                t.send("DAX", "{\"series\":\"DAX\",\"ts\":\"" + T0.plus(ONE_MINUTE.multipliedBy(i)) + "\",\"value\":"
                        + (1628.75 + (i % 3)) + "}");
                // key only, epoch milliseconds, a spacing with a fraction of a second, negative values and zeros
                t.send("sensor/7", "{\"ts\":" + (T0.toEpochMilli() + 1_500L * i) + ",\"value\":" + (i % 2 == 0 ? 0 : -0.25 * i) + "}");
            }
            t.driver.advanceWallClockTime(MAX_WAIT);
        }).scores;
        assertThat(written).as("three complete forecasts per series").hasSize(6);
        for (byte[] score : written) {
            assertValid(FORECAST_SCORE, json(score));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/steps/0/inside=\"yes\"",
        "/steps/0/abs_error=-1",
        "/steps/0/step=0",
        "/steps/0/ts=1767348060000",
        "/coverage=1.5",
        "/smape=201",
        "/model/version=\"3\"",
        "/horizon=[]"
    })
    void shouldRejectAScoreThatDriftsFromWhatTheCodeWrites(String change) {
        JsonNode score = schemaJson("forecast-score.schema.json").path("examples").get(0).deepCopy();
        assertThat(FORECAST_SCORE.validate(changed(score, change))).as(change).isNotEmpty();
    }

    // ---- dead letters ----

    @Test
    void shouldAcceptEveryDeadLetterTheTopologyWritesForEveryErrorCode() {
        AtomicBoolean modelDown = new AtomicBoolean();
        List<byte[]> written = runTopology(modelDown, t -> {
            t.send("DAX", "{not json");
            t.send("DAX", "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00Z\",\"value\":\"NaN\"}");
            t.send("DAX", "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00Z\"}");
            t.send("DAX", "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00Z\",\"value\":\"1628.75\"}");
            t.send("DAX", "{\"series\":\"DAX\",\"ts\":\"yesterday\",\"value\":1}");
            t.send("DAX", "{\"series\":\"DAX\",\"ts\":\"2126-01-02T10:00:00Z\",\"value\":1}");
            t.send("DAX", "{\"series\":\"SMI\",\"ts\":\"2026-01-02T10:00:00Z\",\"value\":1}");
            t.send(null, "{\"series\":\" \",\"ts\":\"2026-01-02T10:00:00Z\",\"value\":1}");
            t.send("DAX", "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00Z\",\"value\":1e300}");
            t.send("DAX", "[1,2,3]");
            t.send("DAX", "{\"pad\":\"" + "x".repeat(DEFAULTS.maxPayloadBytes()) + "\"}");
            t.prices.pipeInput("DAX", new byte[] {(byte) 0xC3, (byte) 0x28});
            t.prices.pipeInput("DAX", (byte[]) null);
            for (int i = 0; i < WINDOW; i++) {
                t.send("DAX", "{\"series\":\"DAX\",\"ts\":\"" + T0.plus(ONE_MINUTE.multipliedBy(i)) + "\",\"value\":1}");
            }
            t.send("DAX", "{\"series\":\"DAX\",\"ts\":\"" + T0.plus(ONE_MINUTE.multipliedBy(WINDOW - 1)) + "\",\"value\":2}");
            t.send("DAX", "{\"series\":\"DAX\",\"ts\":\"" + T0 + "\",\"value\":3}");
            // the queued forecast then fails in the scheduled batch run: a MODEL_FAILURE with the window's source
            modelDown.set(true);
            t.driver.advanceWallClockTime(MAX_WAIT);
        }).deadLetters;

        List<JsonNode> letters = written.stream().map(MessageSchemaTest::json).toList();
        for (JsonNode letter : letters) {
            assertValid(DEAD_LETTER, letter);
        }
        // every code but INTERNAL_ERROR, which only a bug raises (covered with the handler below), and the
        // classifiers' own codes (covered by ClassificationSchemaTest and TextSequenceSchemaTest)
        assertThat(letters).extracting(l -> l.at("/error/code").asText())
                .containsExactlyInAnyOrder(Arrays.stream(ErrorCode.values()).filter(c -> c != ErrorCode.INTERNAL_ERROR)
                        .filter(c -> !ClassificationSchemaTest.CLASSIFIER_CODES.contains(c))
                        .filter(c -> !TextSequenceSchemaTest.CODES.contains(c))
                        .map(Enum::name).toArray(String[]::new));
        assertThat(letters).filteredOn(l -> l.at("/error/code").asText().equals("MODEL_FAILURE"))
                .extracting(l -> l.at("/source/topic").asText()).containsExactly("prices");
    }

    @Test
    void shouldAcceptTheDeadLettersTheHandlerBuildsWithOrWithoutAnInputRecord() {
        DeadLetterHandler handler = new DeadLetterHandler();
        handler.configure(Map.of());
        byte[] notUtf8 = {(byte) 0xFF, (byte) 0xFE, 0x41};

        // a bad record deep in a cause chain, with key and value bytes that are not UTF-8
        ProducerRecord<byte[], byte[]> badBytes = single(handler.handleError(
                new FakeContext("prices", 3, 12_345_678_901L, notUtf8, notUtf8), new Record<>("?", "?", 0L),
                new IllegalStateException("wrapped", new BadRecordException(ErrorCode.INVALID_UTF8, "record value is not valid UTF-8"))));
        // an empty value
        ProducerRecord<byte[], byte[]> empty = single(handler.handleError(
                new FakeContext("prices", 0, 0, "DAX".getBytes(StandardCharsets.UTF_8), new byte[0]), new Record<>("DAX", "", 0L),
                new BadRecordException(ErrorCode.EMPTY_VALUE, "record value is empty")));
        // a failure in a punctuation: no input record, no topic, an exception without a message
        ProducerRecord<byte[], byte[]> noRecord = single(handler.handleError(
                new FakeContext(null, -1, -1, null, null), null, new NullPointerException()));

        assertThat(badBytes.topic()).isEqualTo(DEFAULTS.deadLettersTopic());
        for (ProducerRecord<byte[], byte[]> letter : List.of(badBytes, empty, noRecord)) {
            assertValid(DEAD_LETTER, json(letter.value()));
        }
        assertThat(json(badBytes.value()).has("key")).as("a key that is not UTF-8 is left out").isFalse();
        assertThat(json(empty.value()).get("value_base64").asText()).isEmpty();
        assertThat(json(noRecord.value()).get("source").get("topic").isNull()).isTrue();

        DeadLetterMessage direct = new DeadLetterMessage(new DeadLetterMessage.Error(ErrorCode.KEY_MISMATCH.name(),
                "record key 'DAX' differs from series 'SMI'"), new DeadLetterMessage.Source("prices", 0, 7),
                Instant.parse("2026-01-02T10:00:00.000001Z"), "DAX", "{}", "e30=");
        assertValid(DEAD_LETTER, json(Json.bytes(direct)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/horizon/0/ts=1767348060000",
        "/horizon/0/ts=\"2026-13-45T10:01:00Z\"",
        "/horizon/0/step=0",
        "/horizon/0/lower=\"NaN\"",
        "/model/version=\"3\"",
        "/confidence=0.9",
        "/ts=\"2026-01-02T11:00:00+01:00\""
    })
    void shouldRejectAForecastThatDriftsFromWhatTheCodeWrites(String change) {
        JsonNode forecast = schemaJson("forecast.schema.json").path("examples").get(0).deepCopy();
        assertThat(FORECAST.validate(changed(forecast, change))).as(change).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/error/code=\"BAD_INPUT\"",
        "/source/partition=-2",
        "/time=\"2026-01-02T25:00:00Z\"",
        "/value_base64=\"not base64!\"",
        "/original={}"
    })
    void shouldRejectADeadLetterThatDriftsFromWhatTheCodeWrites(String change) {
        JsonNode letter = schemaJson("dead-letter.schema.json").path("examples").get(0).deepCopy();
        assertThat(DEAD_LETTER.validate(changed(letter, change))).as(change).isNotEmpty();
    }

    @Test
    void shouldRejectADeadLetterWithTextButNoExactBytes() {
        JsonNode letter = schemaJson("dead-letter.schema.json").path("examples").get(0).deepCopy();
        ((ObjectNode) letter).remove("value_base64");
        assertThat(DEAD_LETTER.validate(letter)).isNotEmpty();
    }

    /** Applies {@code /json/pointer=json value} to a copy of a message. */
    private static JsonNode changed(JsonNode message, String change) {
        int eq = change.indexOf('=');
        String pointer = change.substring(0, eq);
        int slash = pointer.lastIndexOf('/');
        var parent = (ObjectNode) message.at(pointer.substring(0, slash));
        parent.set(pointer.substring(slash + 1), json(change.substring(eq + 1)));
        return message;
    }

    private static ProducerRecord<byte[], byte[]> single(ProcessingExceptionHandler.Response response) {
        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        return response.deadLetterQueueRecords().get(0);
    }

    /** What Kafka Streams tells the handler about the failed record. */
    private record FakeContext(String topic, int partition, long offset, byte[] sourceRawKey, byte[] sourceRawValue)
            implements ErrorHandlerContext {
        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "forecast";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 0);
        }

        @Override
        public long timestamp() {
            return T0.toEpochMilli();
        }
    }

    // ---- prices ----

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00Z\"}",
        "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00Z\",\"value\":null}",
        "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00Z\",\"value\":\"1628.75\"}",
        "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00Z\",\"value\":\"NaN\"}",
        "{\"series\":\"DAX\",\"ts\":true,\"value\":1628.75}",
        "{\"series\":\"DAX\",\"value\":1628.75}",
        "{\"series\":\"DAX\",\"ts\":\"2026-01-02 10:00:00\",\"value\":1628.75}",
        "{\"series\":42,\"ts\":\"2026-01-02T10:00:00Z\",\"value\":1628.75}",
        "[{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00Z\",\"value\":1628.75}]"
    })
    void shouldRejectPricesWithoutAFiniteNumericValueOrAUsableTimestamp(String price) {
        assertThat(PRICE.validate(json(price))).as(price).isNotEmpty();
        assertThatThrownBy(() -> defaultParser().parse("DAX", price.getBytes(StandardCharsets.UTF_8), T0.toEpochMilli()))
                .as("the parser rejects it too").isInstanceOf(BadRecordException.class);
    }

    /** Well-formed and malformed prices whose verdict does not depend on the key, the clock or history. */
    static Stream<String> pricesOfEveryShape() {
        return Stream.of(
                "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00Z\",\"value\":1628.75}",
                "{\"series\":\"DAX\",\"ts\":\"2026-01-02T11:00:00+01:00\",\"value\":1}",
                "{\"series\":\"DAX\",\"ts\":\"2026-01-02T04:30:00-05:30\",\"value\":1}",
                "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00.123456789Z\",\"value\":-3.5e2}",
                "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00Z\",\"value\":0}",
                "{\"series\":\"DAX\",\"ts\":\"2026-01-02t10:00:00z\",\"value\":0}",
                "{\"series\":\"DAX\",\"ts\":\"2026-01-02T11:00:00+01\",\"value\":0}",
                "{\"series\":\"DAX\",\"ts\":\"2026-01-02T11:00:00+01:00:00\",\"value\":0}",
                "{\"ts\":1767348000000,\"value\":1}",
                "{\"ts\":\"1767348000000\",\"value\":1}",
                "{\"series\":null,\"ts\":1767348000000,\"value\":1}",
                "{\"series\":\"Brent crude (ICE)\",\"ts\":1767348000000,\"value\":74,\"currency\":\"USD\",\"tags\":[1]}",
                "{\"series\":\"DAX\",\"ts\":-2208988800000,\"value\":1000000000000000}",
                "{\"series\":\"" + "s".repeat(DEFAULTS.maxSeriesIdLength()) + "\",\"ts\":1767348000000,\"value\":1}",
                // malformed
                "{\"series\":\"DAX\",\"ts\":\"2026-01-02 10:00:00Z\",\"value\":1}",
                "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00\",\"value\":1}",
                "{\"series\":\"DAX\",\"ts\":\"2026-01-02T11:00:00+0100\",\"value\":1}",
                "{\"series\":\"DAX\",\"ts\":\"2026-01-02T10:00:00+01:00[Europe/Berlin]\",\"value\":1}",
                "{\"series\":\"DAX\",\"ts\":\"2026-01-02\",\"value\":1}",
                "{\"series\":\"DAX\",\"ts\":\"yesterday\",\"value\":1}",
                "{\"series\":\"DAX\",\"ts\":true,\"value\":1}",
                "{\"series\":\"DAX\",\"ts\":[1767348000000],\"value\":1}",
                "{\"series\":\"DAX\",\"ts\":-2208988800001,\"value\":1}",
                "{\"series\":\"DAX\",\"ts\":1767348000000,\"value\":\"1628.75\"}",
                "{\"series\":\"DAX\",\"ts\":1767348000000,\"value\":\"Infinity\"}",
                "{\"series\":\"DAX\",\"ts\":1767348000000,\"value\":null}",
                "{\"series\":\"DAX\",\"ts\":1767348000000,\"value\":true}",
                "{\"series\":\"DAX\",\"ts\":1767348000000,\"value\":[1]}",
                "{\"series\":\"DAX\",\"ts\":1767348000000,\"value\":1e16}",
                "{\"series\":\"DAX\",\"ts\":1767348000000,\"value\":-1000000000000001}",
                "{\"series\":\"DAX\",\"ts\":1767348000000}",
                "{\"series\":\"DAX\",\"value\":1}",
                "{\"series\":42,\"ts\":1767348000000,\"value\":1}",
                "{\"series\":\"\",\"ts\":1767348000000,\"value\":1}",
                "{\"series\":\"   \",\"ts\":1767348000000,\"value\":1}",
                "{\"series\":\"DA\\nX\",\"ts\":1767348000000,\"value\":1}",
                "{\"series\":\"DA\\u0085X\",\"ts\":1767348000000,\"value\":1}",
                "{\"series\":\"" + "s".repeat(DEFAULTS.maxSeriesIdLength() + 1) + "\",\"ts\":1767348000000,\"value\":1}",
                "[1,2,3]",
                "\"DAX\"");
    }

    @ParameterizedTest
    @MethodSource("pricesOfEveryShape")
    void shouldAcceptExactlyThePricesThePriceParserAccepts(String price) {
        JsonNode node = json(price);
        // a record without a series field is keyed by its series; one with a series field is tested unkeyed,
        // so that the key cannot make the verdict
        String key = node.path("series").isTextual() ? null : "DAX";
        boolean parserAccepts;
        try {
            defaultParser().parse(key, price.getBytes(StandardCharsets.UTF_8), Instant.parse("2026-06-01T00:00:00Z").toEpochMilli());
            parserAccepts = true;
        } catch (BadRecordException e) {
            parserAccepts = false;
        }
        assertThat(PRICE.validate(node).isEmpty()).as("schema accepts %s (the parser %s it)", price,
                parserAccepts ? "accepts" : "rejects").isEqualTo(parserAccepts);
    }

    /** A limit of JSON Schema, documented in price.schema.json: 1.0 is an integer to it, not to the parser. */
    @ParameterizedTest
    @ValueSource(strings = {"1767348000000.0", "1.767348E12"})
    void shouldLeaveItToTheParserToRejectAnEpochTimestampWrittenWithAFractionOrExponent(String ts) {
        String price = "{\"series\":\"DAX\",\"ts\":" + ts + ",\"value\":1}";
        assertThat(PRICE.validate(json(price))).as("JSON Schema sees an integer").isEmpty();
        assertThatThrownBy(() -> defaultParser().parse("DAX", price.getBytes(StandardCharsets.UTF_8), T0.toEpochMilli()))
                .isInstanceOfSatisfying(BadRecordException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.WRONG_TYPE));
    }

    private static PriceParser defaultParser() {
        return new PriceParser(DEFAULTS.maxPayloadBytes(), DEFAULTS.maxSeriesIdLength(), DEFAULTS.minTimestampMs(),
                DEFAULTS.maxFutureMs(), DEFAULTS.maxAbsValue());
    }

    // ---- the topology, as the app runs it ----

    private record Output(List<byte[]> forecasts, List<byte[]> deadLetters, List<byte[]> scores) {
    }

    private static final class Inputs {
        final TopologyTestDriver driver;
        final TestInputTopic<String, byte[]> prices;

        Inputs(TopologyTestDriver driver) {
            this.driver = driver;
            this.prices = driver.createInputTopic(DEFAULTS.pricesTopic(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        }

        void send(String key, String json) {
            prices.pipeInput(key, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Output runTopology(Consumer<Inputs> scenario) {
        return runTopology(new AtomicBoolean(), scenario);
    }

    /** Runs the forecast topology with the seasonal-naive model, whose predictions fail while {@code modelDown} is set. */
    private static Output runTopology(AtomicBoolean modelDown, Consumer<Inputs> scenario) {
        StreamcastConfig config = new StreamcastConfig(Map.of(
                StreamcastConfig.WINDOW, WINDOW,
                StreamcastConfig.BATCH_MAX_SIZE, 100,
                StreamcastConfig.BATCH_MAX_WAIT_MS, MAX_WAIT.toMillis()));
        ForecastModel naive = new SeasonalNaiveModel(WINDOW, HORIZON, 1);
        ForecastModel failing = new ForecastModel() {
            @Override
            public io.streamcast.models.artifact.ModelCard card() {
                return naive.card();
            }

            @Override
            public int window() {
                return naive.window();
            }

            @Override
            public int horizon() {
                return naive.horizon();
            }

            @Override
            public io.streamcast.models.forecast.Forecast[] predict(double[][] windows) {
                throw new IllegalStateException("model failure");
            }

            @Override
            public ForecastModel copy() {
                return this;
            }
        };
        ForecastModelSource models = () -> modelDown.get() ? failing : naive;
        PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry(), "forecast");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "schema-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // not the shared /tmp/kafka-streams
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        try (TopologyTestDriver driver = new TopologyTestDriver(ForecastTopology.build(config, models, metrics), props, T0)) {
            scenario.accept(new Inputs(driver));
            TestOutputTopic<String, byte[]> forecasts = driver.createOutputTopic(config.forecastsTopic(),
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            TestOutputTopic<String, byte[]> deadLetters = driver.createOutputTopic(config.deadLettersTopic(),
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            TestOutputTopic<String, byte[]> scores = driver.createOutputTopic(config.forecastScoresTopic(),
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            return new Output(forecasts.readValuesToList(), deadLetters.readValuesToList(), scores.readValuesToList());
        }
    }

    @Test
    void shouldAcceptScoredAndWarmingUpAnomalyRecordsAndTheSchemaExamples() {
        AnomalyMessage scored = new AnomalyMessage("DAX", java.time.Instant.parse("2026-01-02T10:00:00Z"), 1628.75, 0.9996,
                true, false, new ForecastMessage.ModelRef("anomaly", 3));
        AnomalyMessage warming = new AnomalyMessage("SMI", java.time.Instant.parse("2026-01-02T10:00:00Z"), 11020.5, 0.0,
                false, true, new ForecastMessage.ModelRef("none", 0));
        assertValid(ANOMALY, json(Json.bytes(scored)));
        assertValid(ANOMALY, json(Json.bytes(warming)));
        for (JsonNode example : schemaJson("anomaly.schema.json").get("examples")) {
            assertValid(ANOMALY, example);
        }
        assertThat(ANOMALY.validate(json(("{\"series\":\"X\",\"ts\":\"2026-01-02T10:00:00Z\",\"value\":1,\"score\":1.5,"
                + "\"anomaly\":true,\"warming_up\":false,\"model\":{\"name\":\"a\",\"version\":1}}").getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .as("a score above 1 is rejected").isNotEmpty();
    }
}

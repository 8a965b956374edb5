package io.streamcast.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.broker.EmbeddedKafka;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import io.streamcast.app.model.FixedModelSource;
import io.streamcast.models.forecast.ForecasterConfig;
import io.streamcast.models.forecast.ForecasterTrainer;
import io.streamcast.models.forecast.LstmForecaster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forecast pipeline on a real Kafka broker, fed and read by plain Kafka clients. */
class ForecastPipelineIT {
    private static final int WINDOW = 8;
    private static final int HORIZON = 3;
    private static final List<String> SERIES = List.of("DAX", "EURUSD", "SENSOR-1");
    private static final double[] SCALE = {15_000, 1.1, 20};
    private static final int POINTS = 40;
    private static final Instant T0 = Instant.parse("2026-01-02T00:00:00Z");
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private static EmbeddedKafka broker;
    private static LstmForecaster model;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults());
        List<double[]> train = new ArrayList<>();
        for (double scale : SCALE) {
            train.add(series(scale, 200));
        }
        model = new ForecasterTrainer(ForecasterConfig.defaults().withShape(WINDOW, HORIZON, 1).withLstmSizes(List.of(4))
                .withTraining(1, 1_000, 7)).train("forecaster", 3, train, List.of());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static double[] series(double scale, int n) {
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = scale * (1 + 0.01 * Math.sin(2 * Math.PI * t / 12) + 0.001 * t);
        }
        return x;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + DEADLINE.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50); // polling a condition with a deadline, not synchronising by time
        }
    }

    @Test
    void shouldForecastEverySeriesAndDeadLetterMalformedRecordsWhileTheStreamGoesOn(@TempDir Path state) throws Exception {
        Map<String, Object> settings = Map.of(StreamcastConfig.WINDOW, WINDOW, StreamcastConfig.BATCH_MAX_SIZE, 16,
                StreamcastConfig.BATCH_MAX_WAIT_MS, 20L);
        StreamcastApp.Settings s = new StreamcastApp.Settings(broker.bootstrapServers(), "pipeline-it", state, "127.0.0.1", 0,
                1, 2, Map.of("commit.interval.ms", 100), settings);
        try (StreamcastApp app = StreamcastApp.start(s, new FixedModelSource(model))) {
            int bad = 0;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                for (int t = 0; t < POINTS; t++) {
                    for (int i = 0; i < SERIES.size(); i++) {
                        String json = "{\"series\":\"" + SERIES.get(i) + "\",\"ts\":\"" + T0.plus(Duration.ofHours(t))
                                + "\",\"value\":" + series(SCALE[i], POINTS)[t] + "}";
                        producer.send(new ProducerRecord<>("prices", SERIES.get(i), json));
                    }
                    if (t % 10 == 5) {
                        producer.send(new ProducerRecord<>("prices", "DAX", "{\"series\":\"DAX\",\"ts\":"));
                        producer.send(new ProducerRecord<>("prices", "DAX", "{\"series\":\"DAX\",\"ts\":\"" + T0 + "\",\"value\":1}"));
                        bad += 2;
                    }
                }
            }
            int expectedForecasts = SERIES.size() * (POINTS - WINDOW + 1);
            // a forecast is scored once all its steps are known: the last HORIZON forecasts of each series are not
            int expectedScores = SERIES.size() * (POINTS - WINDOW + 1 - HORIZON);
            List<ConsumerRecord<String, String>> forecasts = new ArrayList<>();
            List<ConsumerRecord<String, String>> letters = new ArrayList<>();
            List<ConsumerRecord<String, String>> scores = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = committedReader()) {
                assignFromStart(consumer, "forecasts", "streamcast-dead-letters", "forecast-scores");
                int expectedLetters = bad;
                await(expectedForecasts + " forecasts, " + expectedScores + " scores and " + expectedLetters + " dead letters", () -> {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        (switch (r.topic()) {
                            case "forecasts" -> forecasts;
                            case "forecast-scores" -> scores;
                            default -> letters;
                        }).add(r);
                    }
                    return forecasts.size() >= expectedForecasts && letters.size() >= expectedLetters
                            && scores.size() >= expectedScores;
                });
            }
            assertThat(forecasts).hasSize(expectedForecasts);
            Map<String, Integer> perSeries = new HashMap<>();
            for (ConsumerRecord<String, String> r : forecasts) {
                JsonNode f = Json.MAPPER.readTree(r.value());
                assertThat(f.get("series").asText()).isEqualTo(r.key());
                assertThat(f.get("model").get("name").asText()).isEqualTo("forecaster");
                assertThat(f.get("model").get("version").asLong()).isEqualTo(3);
                assertThat(f.get("horizon")).hasSize(HORIZON);
                perSeries.merge(r.key(), 1, Integer::sum);
            }
            assertThat(perSeries).containsOnlyKeys(SERIES).allSatisfy((k, n) -> assertThat(n).isEqualTo(POINTS - WINDOW + 1));
            assertThat(letters).hasSize(bad).extracting(r -> Json.MAPPER.readTree(r.value()).get("error").get("code").asText())
                    .containsOnly("MALFORMED_JSON", "OUT_OF_ORDER");
            assertThat(letters).allSatisfy(r -> assertThat(r.key()).isEqualTo("DAX"));
            assertThat(scores).hasSize(expectedScores);
            Map<String, Integer> scoresPerSeries = new HashMap<>();
            for (ConsumerRecord<String, String> r : scores) {
                JsonNode score = Json.MAPPER.readTree(r.value());
                assertThat(score.get("series").asText()).isEqualTo(r.key());
                assertThat(score.get("model").get("version").asLong()).isEqualTo(3);
                assertThat(score.get("steps")).hasSize(HORIZON);
                // the generated series rises slowly and smoothly: a trained model is within a few percent
                assertThat(score.get("smape").asDouble()).isBetween(0.0, 5.0);
                scoresPerSeries.merge(r.key(), 1, Integer::sum);
            }
            assertThat(scoresPerSeries).containsOnlyKeys(SERIES);

            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.metricsUrl())).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
            assertThat(metrics).contains("streamcast_records_in_total{pipeline=\"forecast\"}",
                    "streamcast_records_out_total{pipeline=\"forecast\"} " + (double) expectedForecasts,
                    "streamcast_records_dead_lettered_total{pipeline=\"forecast\",reason=\"MALFORMED_JSON\"}",
                    "streamcast_inference_batch_size", "streamcast_inference_latency_seconds",
                    "streamcast_model_version{pipeline=\"forecast\"} 3.0", "kafka_stream", "jvm_memory_used_bytes",
                    "streamcast_forecasts_scored_total{pipeline=\"forecast\"} " + (double) expectedScores,
                    "streamcast_forecast_smape_count{model=\"forecaster\",pipeline=\"forecast\",step=\"3\",version=\"3\"} " + expectedScores,
                    "streamcast_forecast_error_sum{", "streamcast_forecast_interval_coverage{");
        }
        assertThat(Files.exists(state)).isTrue();
    }

    private static KafkaConsumer<String, String> committedReader() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer());
    }

    private static void assignFromStart(KafkaConsumer<String, String> consumer, String... topics) throws InterruptedException {
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : topics) {
            await("topic " + t, () -> !consumer.partitionsFor(t).isEmpty());
            consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    @Test
    void shouldFlushQueuedWindowsBeforeClosing(@TempDir Path state) throws Exception {
        // batches that would wait a minute: only the shutdown flush can emit these forecasts now
        Map<String, Object> settings = Map.of(StreamcastConfig.WINDOW, WINDOW, StreamcastConfig.BATCH_MAX_SIZE, 10_000,
                StreamcastConfig.BATCH_MAX_WAIT_MS, 60_000L, StreamcastConfig.FORECASTS_TOPIC, "forecasts-drain",
                StreamcastConfig.PRICES_TOPIC, "prices-drain", StreamcastConfig.ANOMALIES_TOPIC, "anomalies-drain",
                StreamcastConfig.FORECAST_SCORES_TOPIC, "forecast-scores-drain");
        StreamcastApp.Settings s = new StreamcastApp.Settings(broker.bootstrapServers(), "drain-it", state, "127.0.0.1", 0,
                1, 1, Map.of("commit.interval.ms", 100), settings);
        int points = 20;
        int expected = points - WINDOW + 1;
        StreamcastApp app = StreamcastApp.start(s, new FixedModelSource(model));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int t = 0; t < points; t++) {
                producer.send(new ProducerRecord<>("prices-drain", "DAX", "{\"series\":\"DAX\",\"ts\":\""
                        + T0.plus(Duration.ofHours(t)) + "\",\"value\":" + (100 + t) + "}"));
            }
        }
        // both pipelines queue: every window for a forecast, every point for an anomaly score
        await((expected + points) + " queued items", () -> app.queuedWindows() == expected + points);

        app.close();

        List<ConsumerRecord<String, String>> forecasts = new ArrayList<>();
        List<ConsumerRecord<String, String>> anomalies = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = committedReader()) {
            assignFromStart(consumer, "forecasts-drain", "anomalies-drain");
            await(expected + " forecasts and " + points + " anomaly records after close", () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> (r.topic().equals("forecasts-drain") ? forecasts : anomalies).add(r));
                return forecasts.size() >= expected && anomalies.size() >= points;
            });
        }
        assertThat(forecasts).hasSize(expected);
        assertThat(anomalies).hasSize(points);
    }

    @Test
    void shouldFlagAPlantedLevelShiftWithinAFewPoints(@TempDir Path state) throws Exception {
        Map<String, Object> settings = Map.of(StreamcastConfig.PRICES_TOPIC, "prices-shift",
                StreamcastConfig.FORECASTS_TOPIC, "forecasts-shift", StreamcastConfig.ANOMALIES_TOPIC, "anomalies-shift",
                StreamcastConfig.FORECAST_SCORES_TOPIC, "forecast-scores-shift",
                StreamcastConfig.BATCH_MAX_WAIT_MS, 20L);
        StreamcastApp.Settings s = new StreamcastApp.Settings(broker.bootstrapServers(), "shift-it", state, "127.0.0.1", 0,
                1, 1, Map.of("commit.interval.ms", 100), settings);
        java.util.Random random = new java.util.Random(3);
        double[] values = new double[460];
        for (int t = 0; t < values.length; t++) {
            values[t] = 50 + 10 * Math.sin(2 * Math.PI * t / 24) + random.nextGaussian() + (t >= 440 ? 40 : 0);
        }
        List<JsonNode> scored = new ArrayList<>();
        try (StreamcastApp app = StreamcastApp.start(s, new FixedModelSource(model));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> consumer = committedReader()) {
            assignFromStart(consumer, "anomalies-shift");
            // phase 1: enough points for the first fit; phase 2: points to calibrate the series' errors; then the shift
            int[][] phases = {{0, 200}, {200, 440}, {440, values.length}};
            for (int[] phase : phases) {
                for (int t = phase[0]; t < phase[1]; t++) {
                    producer.send(new ProducerRecord<>("prices-shift", "M", "{\"series\":\"M\",\"ts\":\""
                            + T0.plus(Duration.ofMinutes(t)) + "\",\"value\":" + values[t] + "}"));
                }
                producer.flush();
                int until = phase[1];
                await(until + " anomaly records", () -> {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        try {
                            scored.add(Json.MAPPER.readTree(r.value()));
                        } catch (java.io.IOException e) {
                            throw new AssertionError(e);
                        }
                    }
                    return scored.size() >= until;
                });
                if (phase[0] == 0) {
                    await("the first anomaly model", () -> app.registry().find("streamcast.model.version")
                            .tag("pipeline", "anomaly").gauge().value() >= 1);
                }
            }
        }
        assertThat(scored).hasSize(values.length);
        assertThat(scored.get(439).get("warming_up").asBoolean()).as("calibrated before the shift").isFalse();
        int firstFlag = -1;
        for (int t = 440; t < values.length && firstFlag < 0; t++) {
            if (scored.get(t).get("anomaly").asBoolean()) {
                firstFlag = t;
            }
        }
        assertThat(firstFlag).as("first flagged point after the shift at 440").isBetween(440, 444);
    }
}

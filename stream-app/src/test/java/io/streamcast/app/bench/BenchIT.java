package io.streamcast.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.cli.StreamcastCli;
import io.streamcast.app.messages.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import io.streamcast.app.broker.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bench} end to end on the embedded broker with tiny sizes: every figure of the JSON line is there and
 * plausible. Speed itself is not asserted (it is what the command measures, on whatever machine runs it).
 */
class BenchIT {
    /** One broker for all tests, passed as --bootstrap-servers (the bench's own topics are named per run). */
    private static EmbeddedKafka broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static final String[] FIGURES = {"raw_batched_per_s", "per_record_per_s", "streamed_per_s", "passthrough_per_s",
        "p50_ms", "p99_ms", "retrain_p99_ratio", "rss_mb"};

    private static JsonNode bench(String... args) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = StreamcastCli.execute(args);
        } finally {
            System.setOut(out);
        }
        assertThat(exit).as("exit code").isZero();
        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).as("one JSON line on stdout").hasSize(1);
        return Json.MAPPER.readTree(lines[0]);
    }

    @Test
    void shouldPrintEveryFigureOfTheForecasterAsOneJsonLine() throws Exception {
        JsonNode r = bench("bench", "--model", "forecaster", "--bootstrap-servers", broker.bootstrapServers(), "--quick", "--rounds", "1", "--series", "20", "--round-seconds", "0.5",
                "--latency-seconds", "1", "--set", "streamcast.forecaster.window=16", "--set", "streamcast.forecaster.horizon=4");
        assertThat(r.get("model").asText()).isEqualTo("forecaster");
        for (String figure : FIGURES) {
            assertThat(r.get(figure)).as(figure).isNotNull();
            assertThat(r.get(figure).asDouble()).as(figure).isPositive();
        }
        assertThat(r.get("p99_ms").asDouble()).isGreaterThanOrEqualTo(r.get("p50_ms").asDouble());
        assertThat(r.get("offered_per_s").asDouble()).isCloseTo(r.get("streamed_per_s").asDouble() / 2, org.assertj.core.data.Offset.offset(1.0));
        JsonNode settings = r.get("settings");
        assertThat(settings.get("batch_max_size").asInt()).isEqualTo(256);
        assertThat(settings.get("series").asInt()).isEqualTo(20);
        assertThat(settings.get("model").get("window").asInt()).isEqualTo(16);
        assertThat(settings.get("streams").has("producer.compression.type")).isTrue();
        assertThat(settings.get("streams").get("producer.retry.backoff.ms").asInt()).as("streamcast's default").isEqualTo(5);
        assertThat(settings.get("broker").asText()).isEqualTo(broker.bootstrapServers());
        assertThat(r.get("samples").get("streamed_per_s")).hasSize(1);
        assertThat(r.get("samples").get("latency_outputs").get(0).asLong()).as("outputs timed in the idle round").isPositive();
        JsonNode idle = r.get("stream_thread_time").get("idle");
        double accounted = 0;
        for (String share : new String[] {"cpu", "poll_wait", "flush", "send_offsets", "commit"}) {
            assertThat(idle.get(share).asDouble()).as(share).isBetween(0.0, 1.0);
            accounted += idle.get(share).asDouble();
        }
        assertThat(accounted).as("the measured parts of the stream threads' time").isBetween(0.05, 1.05);
        assertThat(idle.get("cpu").asDouble()).as("stream threads' CPU").isPositive();
        assertThat(idle.get("commits_per_s_per_thread").asDouble()).as("transactions committed").isPositive();
        assertThat(idle.get("polls_per_s_per_thread").asDouble()).isPositive();
    }

    /** A classifier kind at the smallest sizes: every figure positive, its model described, every input answered. */
    private static JsonNode benchClassifier(String kind, String... more) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("bench", "--model", kind,
                "--bootstrap-servers", broker.bootstrapServers(), "--quick", "--rounds", "1", "--series", "20",
                "--round-seconds", "0.5", "--latency-seconds", "1"));
        args.addAll(java.util.List.of(more));
        JsonNode r = bench(args.toArray(String[]::new));
        assertThat(r.get("model").asText()).isEqualTo(kind);
        for (String figure : FIGURES) {
            assertThat(r.get(figure)).as(figure).isNotNull();
            assertThat(r.get(figure).asDouble()).as(kind + " " + figure).isPositive();
        }
        assertThat(r.get("p99_ms").asDouble()).isGreaterThanOrEqualTo(r.get("p50_ms").asDouble());
        JsonNode model = r.get("settings").get("model");
        assertThat(model.get("name").asText()).isEqualTo(kind + "-classifier");
        assertThat(model.get("inference").asText()).isNotBlank();
        assertThat(model.get("distinct_inputs").asInt()).isEqualTo(20);
        assertThat(r.get("samples").get("latency_outputs").get(0).asLong()).as("outputs timed in the idle round").isPositive();
        return r;
    }

    @Test
    void shouldBenchTheImageClassifierOnBase64Pngs() throws Exception {
        JsonNode r = benchClassifier("image");
        assertThat(r.get("settings").get("model").get("input").asText()).isEqualTo("28x28x1");
    }

    @Test
    void shouldBenchTheTextClassifierOnSmsLikeTexts() throws Exception {
        JsonNode r = benchClassifier("text");
        assertThat(r.get("settings").get("model").get("max_tokens").asInt()).isEqualTo(128);
    }

    @Test
    void shouldBenchTheSequenceClassifierAsAnEnsembleOfFive() throws Exception {
        // a smaller batch keeps the raw rounds of this slowest network short; raw and streamed share it
        JsonNode r = benchClassifier("sequence", "--batch-max-size", "64");
        assertThat(r.get("settings").get("model").get("members").asInt()).isEqualTo(5);
        assertThat(r.get("settings").get("model").get("length").asInt()).isEqualTo(150);
        assertThat(r.get("settings").get("batch_max_size").asInt()).isEqualTo(64);
    }

    @Test
    void shouldBenchTheAnomalyDetectorToo() throws Exception {
        JsonNode r = bench("bench", "--model", "anomaly", "--bootstrap-servers", broker.bootstrapServers(), "--quick", "--rounds", "1", "--series", "5", "--round-seconds", "0.5",
                "--latency-seconds", "1");
        assertThat(r.get("model").asText()).isEqualTo("anomaly");
        for (String figure : FIGURES) {
            assertThat(r.get(figure).asDouble()).as(figure).isPositive();
        }
    }
}

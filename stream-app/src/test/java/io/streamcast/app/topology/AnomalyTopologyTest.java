package io.streamcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import io.streamcast.app.metrics.AnomalyMetrics;
import io.streamcast.app.metrics.PipelineMetrics;
import io.streamcast.app.model.AnomalyModelSource;
import io.streamcast.app.model.FixedModelSource;
import io.streamcast.models.anomaly.AnomalyConfig;
import io.streamcast.models.anomaly.AnomalyModel;
import io.streamcast.models.anomaly.AnomalyTrainer;
import io.streamcast.models.forecast.SeasonalNaiveModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The anomaly pipeline on TopologyTestDriver, with a model fitted once for the class. */
class AnomalyTopologyTest {
    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path stateDir;

    private static final Instant T0 = Instant.parse("2026-01-02T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final AnomalyConfig CONFIG = new AnomalyConfig(16, List.of(8, 3), 1e-2, 64, 15, 3, 3, 1_000, 42L,
            60, 1_000_000, 600, 300, 50, 0.999, 0.9);
    private static AnomalyModel model;

    private static double[] seasonal(long seed, int n) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = 50 + 10 * Math.sin(2 * Math.PI * t / 24) + r.nextGaussian();
        }
        return x;
    }

    @BeforeAll
    static void fit() {
        // training data as the stream gives it: a series' recent points in its own normalised units
        List<double[]> segments = new ArrayList<>();
        for (long seed : new long[] {1, 2}) {
            io.streamcast.models.anomaly.SeriesState state = new io.streamcast.models.anomaly.SeriesState(CONFIG);
            for (double v : seasonal(seed, 600)) {
                state.add(v);
            }
            segments.addAll(state.trainingSegments());
        }
        model = new AnomalyTrainer(CONFIG).train("anomaly", 4, segments, List.of());
    }

    private record Run(List<JsonNode> anomalies, List<JsonNode> deadLetters, AnomalyMetrics metrics) {
    }

    private static Run run(List<String> series, double[] values, boolean withDuplicate) throws Exception {
        StreamcastConfig config = new StreamcastConfig(Map.of(StreamcastConfig.WINDOW, 8, StreamcastConfig.BATCH_MAX_SIZE, 32));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AnomalyMetrics metrics = new AnomalyMetrics(registry);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "anomaly-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // not the shared /tmp/kafka-streams
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        var topology = ForecastTopology.build(config, new FixedModelSource(new SeasonalNaiveModel(8, 2, 1)),
                new PipelineMetrics(registry, "forecast"), new FlushControl(),
                new ForecastTopology.AnomalyPipeline(AnomalyModelSource.fixed(model, registry), metrics));
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props, T0)) {
            TestInputTopic<String, byte[]> prices = driver.createInputTopic("prices", Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, byte[]> anomalies = driver.createOutputTopic("anomalies", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            TestOutputTopic<String, byte[]> letters = driver.createOutputTopic("streamcast-dead-letters", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            for (String s : series) {
                for (int t = 0; t < values.length; t++) {
                    prices.pipeInput(s, ("{\"series\":\"" + s + "\",\"ts\":\"" + T0.plus(STEP.multipliedBy(t)) + "\",\"value\":" + values[t] + "}")
                            .getBytes(StandardCharsets.UTF_8));
                    if (withDuplicate && t == 100) {
                        prices.pipeInput(s, ("{\"series\":\"" + s + "\",\"ts\":\"" + T0.plus(STEP.multipliedBy(t)) + "\",\"value\":1}")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            List<JsonNode> out = new ArrayList<>();
            for (byte[] v : anomalies.readValuesToList()) {
                out.add(Json.MAPPER.readTree(v));
            }
            List<JsonNode> dead = new ArrayList<>();
            for (byte[] v : letters.readValuesToList()) {
                dead.add(Json.MAPPER.readTree(v));
            }
            return new Run(out, dead, metrics);
        }
    }

    @Test
    void shouldEmitOneRecordPerAcceptedPointInOrderWarmingUpFirst() throws Exception {
        double[] values = seasonal(7, 200);
        Run r = run(List.of("A", "B"), values, true);

        assertThat(r.anomalies()).hasSize(2 * values.length).as("the duplicate of point 100 is dead-lettered, not scored");
        assertThat(r.deadLetters()).extracting(l -> l.get("error").get("code").asText()).containsExactly(
                "DUPLICATE_TIMESTAMP", "DUPLICATE_TIMESTAMP");
        List<JsonNode> a = r.anomalies().stream().filter(n -> n.get("series").asText().equals("A")).toList();
        for (int t = 0; t < values.length; t++) {
            assertThat(a.get(t).get("ts").asText()).isEqualTo(T0.plus(STEP.multipliedBy(t)).toString());
            assertThat(a.get(t).get("value").asDouble()).isEqualTo(values[t]);
        }
        assertThat(a.get(0).get("warming_up").asBoolean()).isTrue();
        assertThat(a.get(0).get("score").asDouble()).isZero();
        JsonNode last = a.get(values.length - 1);
        assertThat(last.get("warming_up").asBoolean()).as("scored once the error history is calibrated").isFalse();
        assertThat(last.get("model").get("name").asText()).isEqualTo("anomaly");
        assertThat(last.get("model").get("version").asLong()).isEqualTo(4);
        assertThat(r.metrics().pipeline().recordsOutCount()).isEqualTo(2 * values.length);
    }

    @Test
    void shouldFlagAPlantedSpikeAndNotItsNeighbours() throws Exception {
        double[] values = seasonal(9, 260);
        values[240] += 40;
        Run r = run(List.of("S"), values, false);

        JsonNode spike = r.anomalies().get(240);
        assertThat(spike.get("score").asDouble()).isGreaterThanOrEqualTo(0.999);
        assertThat(spike.get("anomaly").asBoolean()).isTrue();
        for (int t = 230; t < 240; t++) {
            assertThat(r.anomalies().get(t).get("anomaly").asBoolean()).as("point %d", t).isFalse();
        }
        assertThat(r.metrics().flagged().count()).isGreaterThanOrEqualTo(1);
    }
}

package io.streamcast.app.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import io.streamcast.app.metrics.PipelineMetrics;
import io.streamcast.app.model.RegistryModelSource;
import io.streamcast.app.topology.DeadLetterHandler;
import io.streamcast.app.topology.ForecastTopology;
import io.streamcast.models.forecast.ForecasterConfig;
import io.streamcast.models.forecast.LstmForecaster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry global store in front of the forecast topology: what is served, what is refused. */
class RegistryTopologyTest {
    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path stateDir;

    private static final Instant T0 = Instant.parse("2026-01-02T10:00:00Z");
    private static final int WINDOW = 8;
    private static final int HORIZON = 2;
    private static final byte[] KEY = "registry-test-key".getBytes(StandardCharsets.UTF_8);
    private static final ForecasterConfig SMALL = ForecasterConfig.defaults().withShape(WINDOW, HORIZON, 1).withLstmSizes(List.of(4));

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> prices;
    private TestInputTopic<String, byte[]> registryTopic;
    private TestOutputTopic<String, byte[]> forecasts;
    private SimpleMeterRegistry meters;
    private RegistryModelSource source;
    private int t;

    @BeforeEach
    void start() {
        StreamcastConfig config = new StreamcastConfig(Map.of(StreamcastConfig.WINDOW, WINDOW, StreamcastConfig.HORIZON, HORIZON,
                StreamcastConfig.BATCH_MAX_SIZE, 1, StreamcastConfig.ANOMALY_ENABLED, false,
                StreamcastConfig.SIGNING_KEY, new String(KEY, StandardCharsets.UTF_8)));
        meters = new SimpleMeterRegistry();
        source = RegistryModelSource.withNaiveFallback("forecaster", WINDOW, HORIZON);
        ModelRegistry registry = new ModelRegistry(config.signingKey(), meters).subscribe(source);
        PipelineMetrics metrics = new PipelineMetrics(meters, "forecast");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "registry-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // not the shared /tmp/kafka-streams
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        driver = new TopologyTestDriver(RegistryStore.addTo(ForecastTopology.build(config, source, metrics),
                config.modelsTopic(), registry), props, T0);
        prices = driver.createInputTopic("prices", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        registryTopic = driver.createInputTopic("streamcast-models", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        forecasts = driver.createOutputTopic("forecasts", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldServeTheNaiveFallbackUntilTheRegistryHasAModelThenStampEachPromotedVersion() throws Exception {
        assertThat(versionsOfNextForecasts(WINDOW)).last().isEqualTo(0L);

        publish(LstmForecaster.untrained("forecaster", 1, SMALL), Optional.of(KEY));
        assertThat(versionsOfNextForecasts(1)).containsExactly(1L);

        publish(LstmForecaster.untrained("forecaster", 2, SMALL), Optional.of(KEY));
        assertThat(versionsOfNextForecasts(2)).containsExactly(2L, 2L);
        assertThat(source.servingVersion()).isEqualTo(2);
        assertThat(meters.get("streamcast.registry.served").tag("model", "forecaster").counter().count()).isEqualTo(2.0);
    }

    @Test
    void shouldRefuseTamperedUnsignedWronglySignedIncompatibleAndStaleArtifactsAndKeepServing() throws Exception {
        publish(LstmForecaster.untrained("forecaster", 3, SMALL), Optional.of(KEY));
        byte[] good = LstmForecaster.untrained("forecaster", 4, SMALL).toArtifact().toBytes(Optional.of(KEY));

        registryTopic.pipeInput("forecaster", tamper(good)); // a valid zip whose network differs from its manifest
        registryTopic.pipeInput("forecaster", java.util.Arrays.copyOf(good, good.length / 3)); // truncated
        registryTopic.pipeInput("forecaster", LstmForecaster.untrained("forecaster", 5, SMALL).toArtifact().toBytes(Optional.empty()));
        registryTopic.pipeInput("forecaster", LstmForecaster.untrained("forecaster", 6, SMALL).toArtifact()
                .toBytes(Optional.of("another-key".getBytes(StandardCharsets.UTF_8))));
        registryTopic.pipeInput("forecaster", LstmForecaster.untrained("forecaster", 7,
                SMALL.withShape(WINDOW * 2, HORIZON, 1)).toArtifact().toBytes(Optional.of(KEY))); // needs a longer window
        registryTopic.pipeInput("forecaster", LstmForecaster.untrained("forecaster", 2, SMALL).toArtifact().toBytes(Optional.of(KEY)));
        registryTopic.pipeInput("forecaster", "not a zip".getBytes(StandardCharsets.UTF_8));
        registryTopic.pipeInput("forecaster", null);

        assertThat(source.servingVersion()).isEqualTo(3);
        assertThat(versionsOfNextForecasts(WINDOW)).containsOnly(3L);
        for (String reason : List.of("tampered", "unsigned", "bad_signature", "incompatible", "stale")) {
            assertThat(meters.get("streamcast.registry.rejected").tag("model", "forecaster").tag("reason", reason).counter().count())
                    .as(reason).isGreaterThanOrEqualTo(1.0);
        }
        double unreadable = meters.get("streamcast.registry.rejected").tag("reason", "unreadable").counter().count();
        assertThat(unreadable).as("the truncated and the non-zip records").isEqualTo(2.0);
        assertThat(meters.get("streamcast.registry.rejected").tag("reason", "tampered").counter().count()).isEqualTo(1.0);

        publish(LstmForecaster.untrained("forecaster", 8, SMALL), Optional.of(KEY));
        assertThat(versionsOfNextForecasts(1)).containsExactly(8L);
    }

    @Test
    void shouldRefuseAnArtifactWhoseCardNamesAnotherModel() throws Exception {
        registryTopic.pipeInput("forecaster", LstmForecaster.untrained("other", 1, SMALL).toArtifact().toBytes(Optional.of(KEY)));
        assertThat(source.servingVersion()).isZero();
        assertThat(meters.get("streamcast.registry.rejected").tag("reason", "incompatible").counter().count()).isEqualTo(1.0);
    }

    /** The artifact with one byte of its network entry changed, re-zipped with the original manifest. */
    static byte[] tamper(byte[] artifact) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(artifact));
             var zip = new java.util.zip.ZipOutputStream(out)) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals("network.dl4j")) {
                    content[content.length - 1] ^= 0x01;
                }
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private void publish(LstmForecaster model, Optional<byte[]> key) {
        registryTopic.pipeInput(model.card().name(), model.toArtifact().toBytes(key));
    }

    /** Sends {@code n} points of one series and returns the model versions stamped on the forecasts they make. */
    private List<Long> versionsOfNextForecasts(int n) throws Exception {
        for (int i = 0; i < n; i++, t++) {
            prices.pipeInput("S", ("{\"series\":\"S\",\"ts\":\"" + T0.plus(Duration.ofMinutes(t)) + "\",\"value\":" + (100 + t % 5) + "}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        List<Long> out = new ArrayList<>();
        for (byte[] v : forecasts.readValuesToList()) {
            JsonNode f = Json.MAPPER.readTree(v);
            out.add(f.get("model").get("version").asLong());
        }
        return out;
    }
}

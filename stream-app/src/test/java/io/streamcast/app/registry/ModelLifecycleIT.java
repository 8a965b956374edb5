package io.streamcast.app.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.broker.EmbeddedKafka;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import io.streamcast.app.model.RegistryModelSource;
import io.streamcast.app.runtime.StreamcastApp;
import io.streamcast.app.scoring.DriftSignal;
import io.streamcast.app.scoring.DriftStatus;
import io.streamcast.app.scoring.ModelId;
import io.streamcast.app.training.ForecastRetrainer;
import io.streamcast.models.forecast.ForecasterConfig;
import io.streamcast.models.forecast.LstmForecaster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model lifecycle on a real broker, as one story in order: two serving instances and a trainer; a promotion
 * reaches both; a worse challenger is not promoted; tampered and unsigned artifacts are refused while serving
 * goes on; an artifact above the broker's default message size is served; a restarted instance serves the last
 * promoted version at once, with no trainer running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelLifecycleIT {
    private static final int WINDOW = 16;
    private static final int HORIZON = 4;
    private static final int SERIES = 6;
    private static final int PERIOD = 8;
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final String KEY = "lifecycle-signing-key";
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    private static EmbeddedKafka broker;
    private static Map<String, Object> settings;
    private static final List<StreamcastApp> instances = new ArrayList<>();
    private static final List<RegistryModelSource> sources = new ArrayList<>();
    private static SimpleMeterRegistry trainerMeters;
    private static ForecastRetrainer trainer;
    private static KafkaProducer<String, String> producer;
    private static KafkaConsumer<String, String> forecasts;
    private static int nextT;
    private static long promoted;

    @BeforeAll
    static void startEverything() throws Exception {
        broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withDefaultPartitions(3));
        settings = new HashMap<>(Map.of(StreamcastConfig.WINDOW, WINDOW, StreamcastConfig.HORIZON, HORIZON,
                StreamcastConfig.ANOMALY_ENABLED, false, StreamcastConfig.BATCH_MAX_WAIT_MS, 20L,
                StreamcastConfig.SIGNING_KEY, KEY, StreamcastConfig.BOOTSTRAP_MIN_WINDOWS, 300,
                StreamcastConfig.BOOTSTRAP_TRAIN_SECONDS, 20, StreamcastConfig.RETRAIN_INTERVAL_MS, 0L,
                StreamcastConfig.RETRAIN_CHECK_MS, 3_600_000L));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1), new StringSerializer(), new StringSerializer());
        for (int i = 0; i < 2; i++) {
            startInstance("instance-" + i);
        }
        publishPoints(150);
        forecasts = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> parts = List.of(0, 1, 2).stream().map(p -> new TopicPartition("forecasts", p)).toList();
        forecasts.assign(parts);
        forecasts.seekToBeginning(parts);
        trainerMeters = new SimpleMeterRegistry();
        trainer = new ForecastRetrainer(broker.bootstrapServers(), Map.of(), new StreamcastConfig(settings),
                ForecasterConfig.defaults().withLstmSizes(List.of(8)).withTraining(40, 5_000, 7), trainerMeters, null);
    }

    @AfterAll
    static void stopEverything() {
        if (trainer != null) {
            trainer.close();
        }
        instances.forEach(StreamcastApp::close);
        if (forecasts != null) {
            forecasts.close();
        }
        if (producer != null) {
            producer.close();
        }
        broker.close();
    }

    @Test
    @Order(1)
    void shouldPromoteATrainedChallengerAndSwitchBothServingInstancesToIt() throws Exception {
        await("both instances running with partitions of their own", () -> instances.stream().allMatch(app ->
                app.streams().state() == KafkaStreams.State.RUNNING
                        && app.streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty())));
        assertThat(versionsOfNewForecasts(3)).as("the seasonal-naive fallback before any model").containsOnly(0L);

        ForecastRetrainer.Outcome outcome = trainer.retrainNow().get(120, TimeUnit.SECONDS);

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo("promoted");
        assertThat(outcome.challengerSmape()).isLessThan(outcome.championSmape());
        promoted = outcome.version();
        assertThat(promoted).isEqualTo(1);
        long published = System.nanoTime();
        await("both instances serving v" + promoted, () -> sources.stream().allMatch(s -> s.servingVersion() == promoted));
        assertThat(Duration.ofNanos(System.nanoTime() - published)).as("the switch after publication").isLessThan(Duration.ofSeconds(10));
        assertThat(versionsOfNewForecasts(3)).as("forecasts of every partition, from both instances").containsOnly(promoted);
        assertThat(trainerMeters.get("streamcast.retrain.outcomes").tag("outcome", "promoted").counter().count()).isEqualTo(1.0);
    }

    @Test
    @Order(2)
    void shouldNotPromoteAWorseChallenger() throws Exception {
        // one epoch at a vanishing learning rate: the untrained network, i.e. seasonal naive, against a trained champion
        ForecasterConfig weak = new ForecasterConfig(WINDOW, HORIZON, 1, List.of(8), 1e-9, 128, 1, 1, 0.2, 500, 7, 0.9);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ForecastRetrainer weakTrainer = new ForecastRetrainer(broker.bootstrapServers(), Map.of(), new StreamcastConfig(settings),
                weak, meters, null)) {
            ForecastRetrainer.Outcome outcome = weakTrainer.retrainNow().get(120, TimeUnit.SECONDS);
            assertThat(outcome.result()).as(outcome.detail()).isEqualTo("rejected");
            assertThat(outcome.championVersion()).isEqualTo(promoted);
            assertThat(outcome.challengerSmape()).isGreaterThanOrEqualTo(outcome.championSmape());
            assertThat(meters.get("streamcast.retrain.outcomes").tag("outcome", "rejected").counter().count()).isEqualTo(1.0);
        }
        assertThat(registry().latest(Optional.of(key())).get("forecaster").artifact().card().version()).isEqualTo(promoted);
        assertThat(versionsOfNewForecasts(2)).containsOnly(promoted);
    }

    @Test
    @Order(3)
    void shouldRetrainEarlyWhenTheServingVersionHasDrifted() throws Exception {
        Map<String, Object> checkOften = new HashMap<>(settings);
        checkOften.put(StreamcastConfig.RETRAIN_CHECK_MS, 200L);
        // the live error of the champion at twice its baseline, as a DriftMonitor fed by forecast-scores would say
        DriftSignal drifted = () -> new DriftStatus(new ModelId("forecaster", promoted), 600, 1.0, 2.0, 1.5, true);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ForecasterConfig weak = new ForecasterConfig(WINDOW, HORIZON, 1, List.of(8), 1e-9, 128, 1, 1, 0.2, 500, 7, 0.9);
        try (ForecastRetrainer onDrift = new ForecastRetrainer(broker.bootstrapServers(), Map.of(), new StreamcastConfig(checkOften),
                weak, meters, drifted).start()) {
            await("a training triggered by drift", () -> onDrift.lastOutcome().isPresent());
            assertThat(meters.get("streamcast.retrain.outcomes").tag("trigger", "drift").counter().count()).isEqualTo(1.0);
        }
        SimpleMeterRegistry quiet = new SimpleMeterRegistry();
        DriftSignal aboutAnOldVersion = () -> new DriftStatus(new ModelId("forecaster", promoted - 1), 600, 1.0, 2.0, 1.5, true);
        try (ForecastRetrainer stale = new ForecastRetrainer(broker.bootstrapServers(), Map.of(), new StreamcastConfig(checkOften),
                weak, quiet, aboutAnOldVersion).start()) {
            await("five checks", () -> stale.checks() >= 5);
            assertThat(stale.champion().version()).isEqualTo(promoted);
            assertThat(stale.lastOutcome()).as("no training for a drift of another version").isEmpty();
        }
    }

    @Test
    @Order(4)
    void shouldRefuseTamperedAndUnsignedArtifactsAndKeepServing() throws Exception {
        byte[] signed = LstmForecaster.untrained("forecaster", promoted + 1, small()).toArtifact().toBytes(Optional.of(key()));
        try (RegistryClient registry = registry()) {
            registry.publishRaw("forecaster", RegistryTopologyTest.tamper(signed));
            registry.publishRaw("forecaster", LstmForecaster.untrained("forecaster", promoted + 2, small()).toArtifact().toBytes(Optional.empty()));
        }
        await("both instances refusing both", () -> instances.stream().allMatch(app ->
                rejected(app, "tampered") == 1 && rejected(app, "unsigned") == 1));
        assertThat(sources).allMatch(s -> s.servingVersion() == promoted);
        assertThat(versionsOfNewForecasts(2)).containsOnly(promoted);
    }

    @Test
    @Order(5)
    void shouldServeAnArtifactLargerThanTheBrokersDefaultMessageLimit() throws Exception {
        LstmForecaster big = LstmForecaster.untrained("forecaster", promoted + 3, small().withLstmSizes(List.of(256, 256)));
        int size = big.toArtifact().toBytes(Optional.of(key())).length;
        assertThat(size).as("artifact bytes").isGreaterThan(1_048_588);
        try (RegistryClient registry = registry()) {
            registry.publish(big.toArtifact(), Optional.of(key()));
        }
        promoted = big.card().version();
        await("both instances serving the large v" + promoted, () -> sources.stream().allMatch(s -> s.servingVersion() == promoted));
        assertThat(versionsOfNewForecasts(1)).containsOnly(promoted);
    }

    @Test
    @Order(6)
    void shouldServeTheLastPromotedVersionAfterARestartWithoutRetraining() throws Exception {
        trainer.close();
        trainer = null;
        instances.remove(0).close();
        sources.remove(0);
        instances.remove(0).close();
        sources.remove(0);

        StreamcastApp restarted = startInstance("instance-restarted"); // a fresh state directory, too
        assertThat(sources.get(0).servingVersion()).as("served from the registry once start returns").isEqualTo(promoted);
        await("the restarted instance running", () -> restarted.streams().state() == KafkaStreams.State.RUNNING);
        assertThat(versionsOfNewForecasts(2)).containsOnly(promoted);
    }

    private static StreamcastApp startInstance(String name) throws Exception {
        RegistryModelSource source = RegistryModelSource.withNaiveFallback("forecaster", WINDOW, HORIZON);
        StreamcastApp app = StreamcastApp.start(new StreamcastApp.Settings(broker.bootstrapServers(), "lifecycle",
                dir.resolve(name), "127.0.0.1", 0, 1, 3, Map.of("commit.interval.ms", 100), settings), source);
        instances.add(app);
        sources.add(source);
        return app;
    }

    private static ForecasterConfig small() {
        return ForecasterConfig.defaults().withShape(WINDOW, HORIZON, 1).withLstmSizes(List.of(8));
    }

    private static byte[] key() {
        return KEY.getBytes(StandardCharsets.UTF_8);
    }

    private static RegistryClient registry() {
        return new RegistryClient(broker.bootstrapServers(), Map.of(), "streamcast-models", 64 << 20);
    }

    private static double rejected(StreamcastApp app, String reason) {
        var c = app.registry().find("streamcast.registry.rejected").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    /** Seasonal series (period 8) that the last-value forecast gets wrong and a trained network gets right. */
    private static void publishPoints(int steps) {
        for (int t = nextT; t < nextT + steps; t++) {
            for (int s = 0; s < SERIES; s++) {
                double value = 100 * (s + 1) * (1 + 0.05 * Math.sin(2 * Math.PI * t / PERIOD + s)) + 0.2 * Math.sin(t * 1.7 + s);
                producer.send(new ProducerRecord<>("prices", "S" + s, "{\"series\":\"S" + s + "\",\"ts\":\""
                        + T0.plus(Duration.ofMinutes(t)) + "\",\"value\":" + value + "}"));
            }
        }
        producer.flush();
        nextT += steps;
    }

    /**
     * Publishes {@code steps} new points of every series and returns the model versions of the forecasts made from
     * them, once every series has its newest forecast (so all three partitions, hence both instances, answered).
     */
    private static Set<Long> versionsOfNewForecasts(int steps) throws Exception {
        int from = nextT;
        publishPoints(steps);
        String last = T0.plus(Duration.ofMinutes(nextT - 1)).toString();
        Set<Long> versions = new HashSet<>();
        Set<String> done = new HashSet<>();
        await("forecasts from the " + steps + " new points of every series", () -> {
            for (ConsumerRecord<String, String> r : forecasts.poll(Duration.ofMillis(100))) {
                JsonNode f = read(r.value());
                Instant ts = Instant.parse(f.get("ts").asText());
                if (!ts.isBefore(T0.plus(Duration.ofMinutes(from)))) {
                    versions.add(f.get("model").get("version").asLong());
                    if (ts.toString().equals(last)) {
                        done.add(f.get("series").asText());
                    }
                }
            }
            return done.size() == SERIES;
        });
        return versions;
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("unreadable forecast " + json, e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + DEADLINE.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(20); // polling a condition with a deadline
        }
    }
}

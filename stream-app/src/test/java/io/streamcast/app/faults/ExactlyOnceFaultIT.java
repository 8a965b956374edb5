package io.streamcast.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.broker.EmbeddedKafka;
import io.streamcast.app.messages.Json;
import io.streamcast.app.runtime.Topics;
import java.io.IOException;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under faults, with the packaged {@code streamcast.jar run} in its own process: killed with
 * SIGKILL mid-stream and restarted, or its broker stopped and started again. A read_committed consumer must
 * see exactly one forecast per expected (series, timestamp): none missing, none twice. SIGTERM flushes what is
 * queued for inference and exits in bounded time. Run with
 * {@code mvn verify -Pfaults}.
 */
class ExactlyOnceFaultIT {
    private static final int SERIES = 50;
    private static final int POINTS = 2_000;
    private static final int WINDOW = 64;
    private static final int EXPECTED = SERIES * (POINTS - WINDOW + 1);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration DEADLINE = Duration.ofMinutes(4);

    @TempDir
    Path dir;
    private EmbeddedKafka broker;
    private final List<Process> apps = new ArrayList<>();
    private final List<Process> stoppedOnPurpose = new ArrayList<>();

    @BeforeEach
    void startBrokerAndPublish() throws Exception {
        broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withLogDir(dir.resolve("kafka")));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Topics.ensure(admin, Topics.named(List.of("prices", "forecasts", "streamcast-dead-letters"), 3));
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 20,
                // a new topic's first produce may meet NOT_LEADER_OR_FOLLOWER; with pipelined batches the idempotent
                // producer's retries then crawl through sequence resets, so publish one request at a time
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new StringSerializer())) {
            for (int t = 0; t < POINTS; t++) {
                for (int s = 0; s < SERIES; s++) {
                    String series = "S" + s;
                    double value = 100 * (s + 1) + 10 * Math.sin(t / 7.0 + s);
                    producer.send(new ProducerRecord<>("prices", series, "{\"series\":\"" + series + "\",\"ts\":"
                            + T0.plus(Duration.ofMinutes(t)).toEpochMilli() + ",\"value\":" + value + "}"), (metadata, e) -> {
                                if (e != null) {
                                    sendFailure.compareAndSet(null, e);
                                }
                            });
                }
            }
        }
        assertThat(sendFailure.get()).as("every input record published").isNull();
    }

    private final java.util.concurrent.atomic.AtomicReference<Exception> sendFailure = new java.util.concurrent.atomic.AtomicReference<>();

    @AfterEach
    void stopEverything() {
        apps.forEach(Process::destroyForcibly);
        broker.close();
    }

    @Test
    void shouldEmitEveryForecastExactlyOnceWhenTheAppIsKilledAndRestartedWithItsStateLost() throws Exception {
        try (ForecastReader reader = new ForecastReader(broker.bootstrapServers())) {
            Process first = startApp(dir.resolve("state-1"));
            await("a third of the forecasts before the kill", () -> reader.poll() >= EXPECTED / 3);
            stoppedOnPurpose.add(first);
            first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no commit, no flush

            // a new state dir: the windows and the batch queue must come back from their changelogs,
            // or the first points after the restart would be missing their forecasts
            startApp(dir.resolve("state-2"));
            await(EXPECTED + " forecasts after the restart", () -> reader.poll() >= EXPECTED);
            reader.pollUntilQuiet();
            reader.assertExactlyOncePerSeriesAndTimestamp();
        }
    }

    @Test
    void shouldEmitEveryForecastExactlyOnceWhenTheBrokerRestartsMidStream() throws Exception {
        try (ForecastReader reader = new ForecastReader(broker.bootstrapServers())) {
            startApp(dir.resolve("state"));
            await("a third of the forecasts before the broker stops", () -> reader.poll() >= EXPECTED / 3);
            broker.stop();
            broker.restart();
            await(EXPECTED + " forecasts after the broker restart", () -> reader.poll() >= EXPECTED);
            reader.pollUntilQuiet();
            reader.assertExactlyOncePerSeriesAndTimestamp();
        }
    }

    @Test
    void shouldFlushQueuedForecastsAndExitWhenSentSigterm() throws Exception {
        // the largest batches, waiting up to a minute: whatever is queued at SIGTERM must be flushed by the shutdown
        Process app = startApp(dir.resolve("state"), "streamcast.inference.batch.max-size=10000\n"
                + "streamcast.inference.batch.max-wait-ms=60000\n");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            await("the app to commit every input offset", () -> committedInput(admin) == (long) SERIES * POINTS);
        }
        stoppedOnPurpose.add(app);
        app.destroy(); // SIGTERM
        assertThat(app.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)).as("exited within 40 s of SIGTERM").isTrue();
        try (ForecastReader reader = new ForecastReader(broker.bootstrapServers())) {
            // the app has exited: what it flushed is all committed by now
            reader.pollUntilQuiet();
            assertThat(reader.total).as("forecasts flushed at shutdown; the app's log ends:%n%s", logTail(0))
                    .isEqualTo(EXPECTED);
            reader.assertExactlyOncePerSeriesAndTimestamp();
        }
    }

    private static long committedInput(Admin admin) {
        try {
            return admin.listConsumerGroupOffsets("faults").partitionsToOffsetAndMetadata().get().values().stream()
                    .filter(java.util.Objects::nonNull).mapToLong(o -> o.offset()).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    private Process startApp(Path stateDir) throws IOException {
        return startApp(stateDir, "");
    }

    private Process startApp(Path stateDir, String extraSettings) throws IOException {
        Path jar = Path.of("target", "streamcast.jar");
        assertThat(jar).as("the packaged application (mvn verify packages it before integration tests)").exists();
        Path config = dir.resolve("streamcast.properties");
        // seasonal naive only: this test is about delivery, and a model trained mid-test would only slow it
        Files.writeString(config, "streamcast.bootstrap.min-windows=1000000000\n" + extraSettings, StandardCharsets.UTF_8);
        Path clientConfig = dir.resolve("client.properties");
        Files.writeString(clientConfig, "commit.interval.ms=200\n", StandardCharsets.UTF_8);
        Path log = dir.resolve("app-" + apps.size() + ".log");
        Process p = new ProcessBuilder(javaBinary(), "-Xmx1g", "-jar", jar.toString(), "run",
                "--bootstrap-servers", broker.bootstrapServers(), "--application-id", "faults",
                "--state-dir", stateDir.toString(), "--metrics-port", "0", "--config", config.toString(),
                "--client-config", clientConfig.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        apps.add(p);
        return p;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits for the condition; fails at once, with its log, if the running app process died. */
    private void await(String what, BooleanSupplier condition) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            Process app = apps.isEmpty() ? null : apps.get(apps.size() - 1);
            if (app != null && !app.isAlive() && !stoppedOnPurpose.contains(app)) {
                throw new AssertionError("the app exited with " + app.exitValue() + " while waiting for " + what + ":\n"
                        + Files.readString(dir.resolve("app-" + (apps.size() - 1) + ".log")));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + DEADLINE.toSeconds() + " s waiting for " + what
                        + "; the last app's log ends:\n" + logTail(apps.size() - 1));
            }
            Thread.sleep(20); // polling a condition with a deadline
        }
    }

    private String logTail(int app) throws IOException {
        Path log = dir.resolve("app-" + app + ".log");
        if (app < 0 || !Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Reads the forecasts topic as a user would (read_committed) and counts (series, ts). */
    private static final class ForecastReader implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final Map<String, Integer> seen = new HashMap<>();
        private int total;

        ForecastReader(String bootstrap) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> parts = consumer.partitionsFor("forecasts").stream()
                    .map(p -> new TopicPartition("forecasts", p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
        }

        /** One poll (waits up to 200 ms); returns the forecasts read so far. */
        int poll() {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                try {
                    JsonNode f = Json.MAPPER.readTree(r.value());
                    seen.merge(f.get("series").asText() + "@" + f.get("ts").asText(), 1, Integer::sum);
                } catch (IOException e) {
                    throw new AssertionError("unreadable forecast " + r.value(), e);
                }
                total++;
            }
            return total;
        }

        /** Reads on until nothing new arrives for three seconds, so late duplicates would be seen. */
        void pollUntilQuiet() {
            long quietSince = System.nanoTime();
            int last = total;
            while (System.nanoTime() - quietSince < 3_000_000_000L) {
                if (poll() != last) {
                    last = total;
                    quietSince = System.nanoTime();
                }
            }
        }

        void assertExactlyOncePerSeriesAndTimestamp() {
            Map<String, Integer> twice = new HashMap<>();
            seen.forEach((k, n) -> {
                if (n != 1) {
                    twice.put(k, n);
                }
            });
            assertThat(twice).as("forecasts seen more than once").isEmpty();
            List<String> missing = new ArrayList<>();
            for (int s = 0; s < SERIES; s++) {
                for (int t = WINDOW - 1; t < POINTS; t++) {
                    String key = "S" + s + "@" + T0.plus(Duration.ofMinutes(t));
                    if (!seen.containsKey(key)) {
                        missing.add(key);
                    }
                }
            }
            assertThat(missing.size()).as("forecasts missing, first ones: %s", missing.subList(0, Math.min(20, missing.size())))
                    .isZero();
            assertThat(total).isEqualTo(EXPECTED);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}

package io.streamcast.app.classify;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.messages.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Waiting on conditions and reading a classes topic and the dead letters, for the pipelines' integration tests. */
final class ClassifierPipelineITSupport {
    static final Duration DEADLINE = Duration.ofSeconds(240);

    private ClassifierPipelineITSupport() {
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + DEADLINE.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50); // polling a condition with a deadline, not synchronising by time
        }
    }

    /** A read-committed consumer of the classes topic and the dead-letter topic, from their beginning. */
    static final class Outputs implements AutoCloseable {
        final List<JsonNode> classes = new ArrayList<>();
        final List<JsonNode> letters = new ArrayList<>();
        private final KafkaConsumer<String, String> consumer;
        private final String classesTopic;

        Outputs(String bootstrapServers, String classesTopic) throws InterruptedException {
            this.classesTopic = classesTopic;
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(classesTopic, "streamcast-dead-letters")) {
                await("topic " + t, () -> !consumer.partitionsFor(t).isEmpty());
                consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
        }

        /** Polls once; true, so it can sit in a condition. */
        boolean poll() {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                try {
                    (r.topic().equals(classesTopic) ? classes : letters).add(Json.MAPPER.readTree(r.value()));
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            }
            return true;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    static String scrape(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }
}

package io.streamcast.app.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.broker.EmbeddedKafka;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import io.streamcast.app.model.FixedModelSource;
import io.streamcast.app.runtime.StreamcastApp;
import io.streamcast.models.forecast.SeasonalNaiveModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

/**
 * The image pipeline in the running application on a real Kafka broker: an untrained CNN classifies labelled images,
 * learns from them off the stream threads, and classifies the next ones better; a corrupt image is dead-lettered.
 */
class ImagePipelineIT {
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final int PHASE = 150;
    private static EmbeddedKafka broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
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
    void shouldClassifyLabelledImagesLearnFromThemAndDeadLetterACorruptOne(@TempDir Path state) throws Exception {
        Map<String, Object> settings = Map.of(
                StreamcastConfig.PRICES_TOPIC, "prices-img", StreamcastConfig.FORECASTS_TOPIC, "forecasts-img",
                StreamcastConfig.ANOMALIES_TOPIC, "anomalies-img", StreamcastConfig.BATCH_MAX_WAIT_MS, 20L,
                "streamcast.image.classes", String.join(",", ImageFixtures.CLASSES),
                "streamcast.image.width", ImageFixtures.SIDE, "streamcast.image.height", ImageFixtures.SIDE,
                "streamcast.image.refit.interval", PHASE, "streamcast.image.refit.epochs", 8);
        StreamcastApp.Settings s = new StreamcastApp.Settings(broker.bootstrapServers(), "image-it", state, "127.0.0.1", 0,
                1, 2, Map.of("commit.interval.ms", 100), settings);
        Random random = new Random(11);
        List<JsonNode> classes = new ArrayList<>();
        List<JsonNode> letters = new ArrayList<>();
        try (StreamcastApp app = StreamcastApp.start(s, new FixedModelSource(new SeasonalNaiveModel(8, 2, 1)));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.bootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                     new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of("image-classes", "streamcast-dead-letters")) {
                await("topic " + t, () -> !consumer.partitionsFor(t).isEmpty());
                consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            ClassifierPipeline<?> pipeline = app.classifier("image").orElseThrow();

            // phase 1: the untrained model (version 0) classifies and collects; one corrupt image among them
            for (int i = 0; i < PHASE; i++) {
                send(producer, "a-" + i, i, random);
                if (i == 40) {
                    producer.send(new ProducerRecord<>("images", "corrupt", "{\"id\":\"corrupt\",\"image\":\"aGVsbG8gd29ybGQ=\",\"label\":\"blob\"}"));
                }
            }
            producer.flush();
            await(PHASE + " classes and 1 dead letter", () -> poll(consumer, classes, letters) && classes.size() >= PHASE && !letters.isEmpty());
            await("the first refit promoted", () -> pipeline.models().current().card().version() >= 1);
            double firstAccuracy = pipeline.metrics().recentAccuracy();

            // phase 2: the refitted model classifies new images
            for (int i = 0; i < PHASE; i++) {
                send(producer, "b-" + i, i, random);
            }
            producer.flush();
            await(2 * PHASE + " classes", () -> poll(consumer, classes, letters) && classes.size() >= 2 * PHASE);

            assertThat(classes).hasSize(2 * PHASE);
            assertThat(classes.subList(0, PHASE)).allSatisfy(m -> assertThat(m.at("/model/version").asLong()).isZero());
            List<JsonNode> later = classes.subList(PHASE, 2 * PHASE);
            assertThat(later).allSatisfy(m -> assertThat(m.at("/model/version").asLong()).isPositive());
            double laterAccuracy = later.stream().filter(m -> m.get("correct").asBoolean()).count() / (double) PHASE;
            assertThat(laterAccuracy).as("accuracy of the refitted model").isGreaterThan(0.8);
            assertThat(pipeline.metrics().recentAccuracy()).as("the prequential accuracy moved up").isGreaterThan(firstAccuracy + 0.2);

            assertThat(letters).singleElement().satisfies(l -> {
                assertThat(l.at("/error/code").asText()).isEqualTo("NOT_AN_IMAGE");
                assertThat(l.get("key").asText()).isEqualTo("corrupt");
                assertThat(l.at("/source/topic").asText()).isEqualTo("images");
            });
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.metricsUrl())).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
            assertThat(metrics).contains("streamcast_records_in_total{pipeline=\"image\"} " + (2.0 * PHASE + 1),
                    "streamcast_records_out_total{pipeline=\"image\"} " + 2.0 * PHASE,
                    "streamcast_records_dead_lettered_total{pipeline=\"image\",reason=\"NOT_AN_IMAGE\"} 1.0",
                    "streamcast_prequential_accuracy{pipeline=\"image\"}",
                    "streamcast_prequential_accuracy_version{pipeline=\"image\",version=\"1\"}",
                    "streamcast_retrain_outcomes_total{model=\"image\",outcome=\"promoted\",pipeline=\"image\",trigger=\"schedule\"}",
                    "streamcast_model_version{pipeline=\"image\"}");
        }
    }

    private static void send(KafkaProducer<String, String> producer, String id, int i, Random random) {
        producer.send(new ProducerRecord<>("images", id,
                ImageFixtures.pngRecord(id, ImageFixtures.bar(i % 3, random), ImageFixtures.CLASSES.get(i % 3))));
    }

    private static boolean poll(KafkaConsumer<String, String> consumer, List<JsonNode> classes, List<JsonNode> letters) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
            try {
                (r.topic().equals("image-classes") ? classes : letters).add(Json.MAPPER.readTree(r.value()));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        return true;
    }
}

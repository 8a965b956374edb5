package io.streamcast.app.classify;

import static io.streamcast.app.classify.ClassifierPipelineITSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.broker.EmbeddedKafka;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.model.FixedModelSource;
import io.streamcast.app.runtime.StreamcastApp;
import io.streamcast.models.classify.LabelledExamples;
import io.streamcast.models.forecast.SeasonalNaiveModel;
import io.streamcast.models.text.TextClassifierTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text pipeline in the running application on a real Kafka broker: a trained artifact classifies labelled texts
 * from {@code texts} onto {@code text-classes}, a refit off the stream threads is swapped in and stamped on the
 * next predictions, and bad texts are dead-lettered with their reasons.
 */
class TextPipelineIT {
    /** Promotions so far: one after the first phase, and the second phase may have finished another. */
    private static final String PROMOTED =
            "streamcast_retrain_outcomes_total{model=\"text\",outcome=\"promoted\",pipeline=\"text\",trigger=\"schedule\"}";

    private static final int PHASE = 90;
    private static EmbeddedKafka broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldClassifyLabelledTextsSwapInARefitAndDeadLetterBadTexts(@TempDir Path dir) throws Exception {
        Random random = new Random(21);
        List<String> x = new ArrayList<>();
        List<String> y = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            x.add(TextFixtures.text(i, random));
            y.add(TextFixtures.label(i));
            lines.add(i + 1);
        }
        Path model = dir.resolve("text.zip");
        new TextClassifierTrainer(TextFixtures.SMALL).train("sms", 1, new LabelledExamples<>(x, y, lines), List.of())
                .toArtifact().write(model, Optional.empty());
        Map<String, Object> settings = Map.of(
                StreamcastConfig.PRICES_TOPIC, "prices-txt", StreamcastConfig.FORECASTS_TOPIC, "forecasts-txt",
                StreamcastConfig.ANOMALIES_TOPIC, "anomalies-txt", StreamcastConfig.BATCH_MAX_WAIT_MS, 20L,
                "streamcast.image.enabled", false, "streamcast.sequence.enabled", false,
                "streamcast.text.model", model.toString(),
                "streamcast.text.refit.interval", PHASE, "streamcast.text.refit.epochs", 3);
        StreamcastApp.Settings s = new StreamcastApp.Settings(broker.bootstrapServers(), "text-it", dir.resolve("state"),
                "127.0.0.1", 0, 1, 2, Map.of("commit.interval.ms", 100), settings);
        try (StreamcastApp app = StreamcastApp.start(s, new FixedModelSource(new SeasonalNaiveModel(8, 2, 1)));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer());
             ClassifierPipelineITSupport.Outputs out = new ClassifierPipelineITSupport.Outputs(broker.bootstrapServers(), "text-classes")) {
            ClassifierPipeline<?> pipeline = app.classifier("text").orElseThrow();

            for (int i = 0; i < PHASE; i++) {
                send(producer, "a-" + i, i, random);
                if (i == 30) {
                    producer.send(new ProducerRecord<>("texts", "empty", "{\"id\":\"empty\",\"text\":\"  \",\"label\":\"ham\"}"));
                    producer.send(new ProducerRecord<>("texts", "long", "{\"id\":\"long\",\"text\":\"" + "z".repeat(20_001) + "\"}"));
                }
            }
            producer.flush();
            await(PHASE + " classes and 2 dead letters", () -> out.poll() && out.classes.size() >= PHASE && out.letters.size() >= 2);
            await("the refit promoted", () -> pipeline.models().current().card().version() >= 2);

            for (int i = 0; i < PHASE; i++) {
                send(producer, "b-" + i, i, random);
            }
            producer.send(new ProducerRecord<>("texts", "unlabelled", "{\"id\":\"unlabelled\",\"text\":\"claim your free prize now\"}"));
            producer.flush();
            await(2 * PHASE + 1 + " classes", () -> out.poll() && out.classes.size() >= 2 * PHASE + 1);

            assertThat(out.classes).hasSize(2 * PHASE + 1);
            assertThat(out.classes.subList(0, PHASE)).allSatisfy(m -> {
                assertThat(m.at("/model/name").asText()).isEqualTo("sms");
                assertThat(m.at("/model/version").asLong()).isEqualTo(1);
            });
            // the unlabelled text was sent last, but its partition may be read before the other's last records
            List<JsonNode> later = out.classes.subList(PHASE, 2 * PHASE + 1).stream()
                    .filter(m -> !m.get("id").asText().equals("unlabelled")).toList();
            assertThat(later).hasSize(PHASE);
            assertThat(later).allSatisfy(m -> assertThat(m.at("/model/version").asLong()).isGreaterThanOrEqualTo(2));
            assertThat(later.stream().filter(m -> m.get("correct").asBoolean()).count()).isGreaterThanOrEqualTo(PHASE * 9 / 10);
            JsonNode unlabelled = out.classes.stream().filter(m -> m.get("id").asText().equals("unlabelled")).findFirst()
                    .orElseThrow();
            assertThat(unlabelled.get("label").asText()).isEqualTo("spam");
            assertThat(unlabelled.has("correct")).isFalse();
            assertThat(out.letters).extracting(l -> l.get("key").asText() + ":" + l.at("/error/code").asText())
                    .containsExactlyInAnyOrder("empty:EMPTY_TEXT", "long:TEXT_TOO_LONG");
            assertThat(ClassifierPipelineITSupport.scrape(app.metricsUrl())).contains(
                    "streamcast_records_in_total{pipeline=\"text\"} " + (2.0 * PHASE + 3),
                    "streamcast_records_out_total{pipeline=\"text\"} " + (2.0 * PHASE + 1),
                    "streamcast_records_dead_lettered_total{pipeline=\"text\",reason=\"EMPTY_TEXT\"} 1.0",
                    "streamcast_prequential_accuracy{pipeline=\"text\"}",
                    PROMOTED + " ",
                    "streamcast_model_version{pipeline=\"text\"}").doesNotContain(PROMOTED + " 0.0");
        }
    }

    private static void send(KafkaProducer<String, String> producer, String id, int i, Random random) {
        producer.send(new ProducerRecord<>("texts", id, TextFixtures.record(id, TextFixtures.text(i, random), TextFixtures.label(i))));
    }
}

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
import io.streamcast.models.sequence.SequenceClassifierTrainer;
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
 * The sequence pipeline in the running application on a real Kafka broker: a trained artifact classifies labelled
 * sequences of different lengths from {@code sequences} onto {@code sequence-classes}, a refit off the stream
 * threads is swapped in and stamped on the next predictions, and bad sequences are dead-lettered with their reasons.
 */
class SequencePipelineIT {
    /** Promotions so far: one after the first phase, and the second phase may have finished another. */
    private static final String PROMOTED =
            "streamcast_retrain_outcomes_total{model=\"sequence\",outcome=\"promoted\",pipeline=\"sequence\",trigger=\"schedule\"}";

    private static final int PHASE = 60;
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
    void shouldClassifyLabelledSequencesSwapInARefitAndDeadLetterBadSequences(@TempDir Path dir) throws Exception {
        Random random = new Random(31);
        List<double[]> x = new ArrayList<>();
        List<String> y = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            x.add(SequenceFixtures.values(i, random));
            y.add(SequenceFixtures.label(i));
            lines.add(i + 1);
        }
        Path model = dir.resolve("sequence.zip");
        new SequenceClassifierTrainer(SequenceFixtures.SMALL).train("shapes", 1, new LabelledExamples<>(x, y, lines), List.of())
                .toArtifact().write(model, Optional.empty());
        Map<String, Object> settings = Map.of(
                StreamcastConfig.PRICES_TOPIC, "prices-seq", StreamcastConfig.FORECASTS_TOPIC, "forecasts-seq",
                StreamcastConfig.ANOMALIES_TOPIC, "anomalies-seq", StreamcastConfig.BATCH_MAX_WAIT_MS, 20L,
                "streamcast.image.enabled", false, "streamcast.text.enabled", false,
                "streamcast.sequence.model", model.toString(),
                "streamcast.sequence.refit.interval", PHASE, "streamcast.sequence.refit.epochs", 5);
        StreamcastApp.Settings s = new StreamcastApp.Settings(broker.bootstrapServers(), "sequence-it", dir.resolve("state"),
                "127.0.0.1", 0, 1, 2, Map.of("commit.interval.ms", 100), settings);
        try (StreamcastApp app = StreamcastApp.start(s, new FixedModelSource(new SeasonalNaiveModel(8, 2, 1)));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer());
             ClassifierPipelineITSupport.Outputs out = new ClassifierPipelineITSupport.Outputs(broker.bootstrapServers(), "sequence-classes")) {
            ClassifierPipeline<?> pipeline = app.classifier("sequence").orElseThrow();

            for (int i = 0; i < PHASE; i++) {
                send(producer, "a-" + i, i, random);
                if (i == 20) {
                    producer.send(new ProducerRecord<>("sequences", "empty", "{\"id\":\"empty\",\"values\":[]}"));
                    producer.send(new ProducerRecord<>("sequences", "word", "{\"id\":\"word\",\"values\":[1,\"two\",3]}"));
                }
            }
            producer.flush();
            await(PHASE + " classes and 2 dead letters", () -> out.poll() && out.classes.size() >= PHASE && out.letters.size() >= 2);
            await("the refit promoted", () -> pipeline.models().current().card().version() >= 2);

            for (int i = 0; i < PHASE; i++) {
                send(producer, "b-" + i, i, random);
            }
            producer.flush();
            await(2 * PHASE + " classes", () -> out.poll() && out.classes.size() >= 2 * PHASE);

            assertThat(out.classes).hasSize(2 * PHASE);
            assertThat(out.classes.subList(0, PHASE)).allSatisfy(m -> assertThat(m.at("/model/version").asLong()).isEqualTo(1));
            List<JsonNode> later = out.classes.subList(PHASE, 2 * PHASE);
            assertThat(later).allSatisfy(m -> assertThat(m.at("/model/version").asLong()).isGreaterThanOrEqualTo(2));
            assertThat(later.stream().filter(m -> m.get("correct").asBoolean()).count()).isGreaterThanOrEqualTo(PHASE * 9 / 10);
            assertThat(out.letters).extracting(l -> l.get("key").asText() + ":" + l.at("/error/code").asText())
                    .containsExactlyInAnyOrder("empty:EMPTY_SEQUENCE", "word:NOT_A_NUMBER");
            assertThat(ClassifierPipelineITSupport.scrape(app.metricsUrl())).contains(
                    "streamcast_records_in_total{pipeline=\"sequence\"} " + (2.0 * PHASE + 2),
                    "streamcast_records_out_total{pipeline=\"sequence\"} " + 2.0 * PHASE,
                    "streamcast_records_dead_lettered_total{pipeline=\"sequence\",reason=\"NOT_A_NUMBER\"} 1.0",
                    "streamcast_prequential_accuracy{pipeline=\"sequence\"}",
                    PROMOTED + " ").doesNotContain(PROMOTED + " 0.0");
        }
    }

    private static void send(KafkaProducer<String, String> producer, String id, int i, Random random) {
        producer.send(new ProducerRecord<>("sequences", id,
                SequenceFixtures.record(id, SequenceFixtures.values(i, random), SequenceFixtures.label(i))));
    }
}

package io.streamcast.app.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.classify.ClassifierPipeline;
import io.streamcast.app.classify.ClassifyTopology;
import io.streamcast.app.classify.SequenceFixtures;
import io.streamcast.app.classify.TextFixtures;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.topology.DeadLetterHandler;
import io.streamcast.app.topology.FlushControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The text and sequence schemas describe what those pipelines read, and what they write matches the classification
 * and dead-letter schemas: every output validates, the examples are accepted, and each schema accepts the records
 * its pipeline accepts (within what a schema can see).
 */
class TextSequenceSchemaTest {
    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path stateDir;

    /** Error codes only the text and sequence pipelines raise. */
    static final Set<ErrorCode> CODES = EnumSet.of(ErrorCode.EMPTY_TEXT, ErrorCode.TEXT_TOO_LONG,
            ErrorCode.EMPTY_SEQUENCE, ErrorCode.SEQUENCE_TOO_LONG, ErrorCode.NOT_A_NUMBER);

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Path SCHEMAS = schemasDir();
    private static final Schema TEXT = REGISTRY.getSchema(schemaJson("text.schema.json"));
    private static final Schema SEQUENCE = REGISTRY.getSchema(schemaJson("sequence.schema.json"));
    private static final Schema CLASSIFICATION = REGISTRY.getSchema(schemaJson("classification.schema.json"));
    private static final Schema DEAD_LETTER = REGISTRY.getSchema(schemaJson("dead-letter.schema.json"));

    /** Default limits, so the schemas' numbers are the ones tested; the label must name one of these classes. */
    private static final Map<String, Object> SETTINGS = Map.of(StreamcastConfig.BATCH_MAX_SIZE, 4,
            "streamcast.text.classes", "ham,spam,42", "streamcast.sequence.classes", "1,2,bump,ramp",
            "streamcast.text.refit.interval", 0, "streamcast.sequence.refit.interval", 0);
    private static final ClassifierPipeline<String> TEXTS = TextFixtures.pipeline(SETTINGS, Runnable::run, new SimpleMeterRegistry());
    private static final ClassifierPipeline<double[]> SEQUENCES = SequenceFixtures.pipeline(SETTINGS, Runnable::run,
            new SimpleMeterRegistry());

    private static Path schemasDir() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return Files.isDirectory(here.resolve("schemas")) ? here.resolve("schemas") : here.resolve("../schemas").normalize();
    }

    private static JsonNode schemaJson(String file) {
        try {
            return Json.MAPPER.readTree(SCHEMAS.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + file + " from " + SCHEMAS, e);
        }
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        return json(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertValid(Schema schema, JsonNode message) {
        assertThat(schema.validate(message)).as("%s against %s", message, schema.getId()).isEmpty();
    }

    private record Output(List<JsonNode> classes, List<JsonNode> deadLetters) {
    }

    private static Output run(ClassifierPipeline<?> pipeline, List<String[]> records) {
        StreamcastConfig config = new StreamcastConfig(SETTINGS);
        Topology topology = ClassifyTopology.addTo(new Topology(), pipeline, config.deadLettersTopic(), config.batchMaxSize(),
                config.batchMaxWait(), new FlushControl());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "text-sequence-schema-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // not the shared /tmp/kafka-streams
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(pipeline.settings().inputTopic(),
                    Serdes.String().serializer(), Serdes.ByteArray().serializer());
            for (String[] r : records) {
                in.pipeInput(r[0], r[1].getBytes(StandardCharsets.UTF_8));
            }
            driver.advanceWallClockTime(config.batchMaxWait().multipliedBy(2));
            List<JsonNode> classes = new ArrayList<>();
            driver.createOutputTopic(pipeline.settings().outputTopic(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer())
                    .readValuesToList().forEach(v -> classes.add(json(v)));
            List<JsonNode> letters = new ArrayList<>();
            driver.createOutputTopic(config.deadLettersTopic(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer())
                    .readValuesToList().forEach(v -> letters.add(json(v)));
            return new Output(classes, letters);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"text.schema.json", "sequence.schema.json"})
    void shouldBeADraft2020_12SchemaWithExamplesItAccepts(String file) {
        JsonNode schema = schemaJson(file);
        Schema meta = REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        assertThat(meta.validate(schema)).as(file).isEmpty();
        assertThat(schema.path("$id").asText()).startsWith("urn:streamcast:schema:");
        assertThat(schema.path("examples")).isNotEmpty();
        Schema s = REGISTRY.getSchema(schema);
        schema.path("examples").forEach(e -> assertValid(s, e));
        schema.path("properties").properties().forEach(p ->
                assertThat(p.getValue().path("description").isTextual()).as("%s: %s has a description", file, p.getKey()).isTrue());
    }

    @Test
    void shouldListEveryTextAndSequenceErrorCodeInTheDeadLetterSchema() {
        List<String> inSchema = new ArrayList<>();
        schemaJson("dead-letter.schema.json").at("/properties/error/properties/code/enum").forEach(n -> inSchema.add(n.asText()));
        assertThat(inSchema).containsAll(CODES.stream().map(Enum::name).toList());
    }

    @Test
    void shouldClassifyTheExamplesAndWriteClassificationsTheSchemaAccepts() {
        List<String[]> texts = new ArrayList<>();
        schemaJson("text.schema.json").path("examples").forEach(e -> texts.add(new String[] {e.get("id").asText(), e.toString()}));
        List<String[]> sequences = new ArrayList<>();
        schemaJson("sequence.schema.json").path("examples").forEach(e -> sequences.add(new String[] {e.get("id").asText(), e.toString()}));
        sequences.add(new String[] {"r", SequenceFixtures.record("r", SequenceFixtures.values(0, new Random(1)), "ramp")});

        for (Output out : List.of(run(TEXTS, texts), run(SEQUENCES, sequences))) {
            assertThat(out.deadLetters()).isEmpty();
            out.classes().forEach(m -> assertValid(CLASSIFICATION, m));
        }
        assertThat(run(TEXTS, texts).classes()).hasSize(3);
    }

    @Test
    void shouldWriteDeadLettersTheSchemaAcceptsForEachNewCode() {
        Output texts = run(TEXTS, List.of(new String[] {"a", "{\"id\":\"a\",\"text\":\" \"}"},
                new String[] {"b", "{\"id\":\"b\",\"text\":\"" + "x".repeat(20_001) + "\"}"}));
        Output sequences = run(SEQUENCES, List.of(new String[] {"c", "{\"id\":\"c\",\"values\":[]}"},
                new String[] {"d", SequenceFixtures.record("d", new double[10_001], null)},
                new String[] {"e", "{\"id\":\"e\",\"values\":[\"1\"]}"}));
        List<JsonNode> letters = new ArrayList<>(texts.deadLetters());
        letters.addAll(sequences.deadLetters());
        letters.forEach(l -> assertValid(DEAD_LETTER, l));
        assertThat(letters).extracting(l -> l.at("/error/code").asText())
                .containsExactlyInAnyOrderElementsOf(CODES.stream().map(Enum::name).toList());
    }

    static Stream<String> textsOfEveryShape() {
        return Stream.of(
                // accepted
                "{\"id\":\"a\",\"text\":\"hello\"}",
                "{\"id\":12,\"text\":\"x\",\"label\":\"spam\"}",
                "{\"id\":null,\"text\":\"  padded  \",\"extra\":[1]}",
                "{\"id\":\"a\",\"text\":\"" + "y".repeat(20_000) + "\",\"label\":42}",
                "{\"id\":\"a\",\"text\":\"ünï 東京 😀\",\"label\":null}",
                // rejected
                "{\"id\":\"a\"}",
                "{\"id\":\"a\",\"text\":null}",
                "{\"id\":\"a\",\"text\":\"\"}",
                "{\"id\":\"a\",\"text\":\" \\t\\n \"}",
                "{\"id\":\"a\",\"text\":\"" + "y".repeat(20_001) + "\"}",
                "{\"id\":\"a\",\"text\":42}",
                "{\"id\":\"a\",\"text\":[\"x\"]}",
                "{\"id\":\"\",\"text\":\"x\"}",
                "{\"id\":true,\"text\":\"x\"}",
                "{\"id\":\"a\",\"text\":\"x\",\"label\":\"  \"}",
                "{\"id\":\"a\",\"text\":\"x\",\"label\":[1]}",
                "[1]");
    }

    @ParameterizedTest
    @MethodSource("textsOfEveryShape")
    void shouldAcceptExactlyTheTextRecordsThePipelineAccepts(String record) {
        assertSchemaAgreesWithPipeline(TEXT, TEXTS, record);
    }

    static Stream<String> sequencesOfEveryShape() {
        return Stream.of(
                // accepted
                "{\"id\":\"a\",\"values\":[1]}",
                "{\"id\":3,\"values\":[1.5,-2e3,0],\"label\":1}",
                "{\"id\":\"a\",\"values\":[1e15,-1e15],\"label\":\"ramp\",\"extra\":{}}",
                "{\"id\":\"a\",\"values\":" + java.util.Arrays.toString(new int[10_000]) + "}",
                // rejected
                "{\"id\":\"a\"}",
                "{\"id\":\"a\",\"values\":null}",
                "{\"id\":\"a\",\"values\":[]}",
                "{\"id\":\"a\",\"values\":" + java.util.Arrays.toString(new int[10_001]) + "}",
                "{\"id\":\"a\",\"values\":\"1,2\"}",
                "{\"id\":\"a\",\"values\":[1,\"2\"]}",
                "{\"id\":\"a\",\"values\":[null]}",
                "{\"id\":\"a\",\"values\":[true]}",
                "{\"id\":\"a\",\"values\":[[1]]}",
                "{\"id\":\"a\",\"values\":[1.1e15]}",
                "{\"id\":\"a\",\"values\":[1],\"label\":2.5}",
                "{\"id\":\"\",\"values\":[1]}");
    }

    @ParameterizedTest
    @MethodSource("sequencesOfEveryShape")
    void shouldAcceptExactlyTheSequenceRecordsThePipelineAccepts(String record) {
        assertSchemaAgreesWithPipeline(SEQUENCE, SEQUENCES, record);
    }

    private static void assertSchemaAgreesWithPipeline(Schema schema, ClassifierPipeline<?> pipeline, String record) {
        // keyed by the id when it has one (the key must then agree), else by some key: the schema cannot see keys
        JsonNode id = json(record).path("id");
        String key = id.isTextual() || id.isIntegralNumber() ? id.asText() : "k";
        boolean accepted = !run(pipeline, List.<String[]>of(new String[] {key, record})).classes().isEmpty();
        String shown = record.length() > 120 ? record.substring(0, 117) + "..." : record;
        assertThat(schema.validate(json(record)).isEmpty()).as("schema accepts %s (the pipeline %s it)", shown,
                accepted ? "accepts" : "rejects").isEqualTo(accepted);
    }
}

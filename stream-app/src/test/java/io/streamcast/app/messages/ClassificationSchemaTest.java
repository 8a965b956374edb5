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
import io.streamcast.app.classify.ImageFixtures;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.topology.DeadLetterHandler;
import io.streamcast.app.topology.FlushControl;
import io.streamcast.models.image.ImageDecoder;
import io.streamcast.models.image.PixelImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
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
 * The image and classification schemas describe what the image pipeline reads and writes: every classification and
 * dead letter it writes validates, the examples are read or written as they are, and the image schema accepts the
 * records the pipeline accepts (within what a schema can see).
 */
class ClassificationSchemaTest {
    /** Error codes only the classification pipelines raise. */
    static final Set<ErrorCode> CLASSIFIER_CODES = EnumSet.of(ErrorCode.INVALID_ID, ErrorCode.INVALID_LABEL,
            ErrorCode.INVALID_BASE64, ErrorCode.NOT_AN_IMAGE, ErrorCode.INVALID_IMAGE_SIZE, ErrorCode.OVERSIZE_IMAGE,
            ErrorCode.INVALID_PIXEL);

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Path SCHEMAS = schemasDir();
    private static final Schema IMAGE = REGISTRY.getSchema(schemaJson("image.schema.json"));
    private static final Schema CLASSIFICATION = REGISTRY.getSchema(schemaJson("classification.schema.json"));
    private static final Schema DEAD_LETTER = REGISTRY.getSchema(schemaJson("dead-letter.schema.json"));

    private static Path schemasDir() {
        String configured = System.getProperty("streamcast.schemas.dir");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
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

    @ParameterizedTest
    @ValueSource(strings = {"image.schema.json", "classification.schema.json"})
    void shouldBeADraft2020_12SchemaWithExamplesItAccepts(String file) {
        JsonNode schema = schemaJson(file);
        Schema meta = REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        assertThat(meta.validate(schema)).as(file).isEmpty();
        assertThat(schema.path("$id").asText()).startsWith("urn:streamcast:schema:");
        assertThat(schema.path("description").asText()).isNotBlank();
        assertThat(schema.path("examples")).isNotEmpty();
        Schema s = REGISTRY.getSchema(schema);
        schema.path("examples").forEach(e -> assertValid(s, e));
        schema.path("properties").properties().forEach(p ->
                assertThat(p.getValue().path("description").isTextual()).as("%s: %s has a description", file, p.getKey()).isTrue());
    }

    @Test
    void shouldListEveryClassifierErrorCodeInTheDeadLetterSchema() {
        List<String> inSchema = new ArrayList<>();
        schemaJson("dead-letter.schema.json").at("/properties/error/properties/code/enum").forEach(n -> inSchema.add(n.asText()));
        assertThat(inSchema).containsAll(CLASSIFIER_CODES.stream().map(Enum::name).toList());
    }

    // ---- the topology, as the app runs it ----

    private record Output(List<JsonNode> classes, List<JsonNode> deadLetters) {
    }

    private static final Map<String, Object> SETTINGS = Map.of(StreamcastConfig.BATCH_MAX_SIZE, 4,
            "streamcast.image.max-pixels", 10_000L, "streamcast.image.top-k", 2);
    /** One untrained pipeline for every run: it never refits, so runs do not affect each other. */
    private static final ClassifierPipeline<PixelImage> PIPELINE = ImageFixtures.pipeline(SETTINGS, 0, Runnable::run,
            new SimpleMeterRegistry());

    private static Output run(List<String[]> records) {
        StreamcastConfig config = new StreamcastConfig(SETTINGS);
        ClassifierPipeline<PixelImage> pipeline = PIPELINE;
        Topology topology = ClassifyTopology.addTo(new Topology(), pipeline, config.deadLettersTopic(), config.batchMaxSize(),
                config.batchMaxWait(), new FlushControl());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "classification-schema-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic("images", Serdes.String().serializer(), Serdes.ByteArray().serializer());
            for (String[] r : records) {
                in.pipeInput(r[0], r[1].getBytes(StandardCharsets.UTF_8));
            }
            driver.advanceWallClockTime(config.batchMaxWait().multipliedBy(2));
            List<JsonNode> classes = new ArrayList<>();
            driver.createOutputTopic("image-classes", Serdes.String().deserializer(), Serdes.ByteArray().deserializer())
                    .readValuesToList().forEach(v -> classes.add(json(v)));
            List<JsonNode> letters = new ArrayList<>();
            driver.createOutputTopic(config.deadLettersTopic(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer())
                    .readValuesToList().forEach(v -> letters.add(json(v)));
            return new Output(classes, letters);
        }
    }

    @Test
    void shouldAcceptEveryClassificationTheTopologyWritesAndReadEveryImageExampleAsItIs() {
        Random random = new Random(2);
        List<String[]> records = new ArrayList<>();
        records.add(new String[] {"a", ImageFixtures.pngRecord("a", ImageFixtures.bar(0, random), "vertical")});
        records.add(new String[] {"b", ImageFixtures.pixelsRecord("b", ImageFixtures.bar(1, random), null)});
        for (JsonNode example : schemaJson("image.schema.json").path("examples")) {
            // the examples' labels are digits: name them as classes of this test's model
            ((com.fasterxml.jackson.databind.node.ObjectNode) example).remove("label");
            records.add(new String[] {example.get("id").asText(), example.toString()});
        }
        Output out = run(records);
        assertThat(out.deadLetters()).isEmpty();
        assertThat(out.classes()).hasSize(records.size());
        out.classes().forEach(m -> assertValid(CLASSIFICATION, m));
        assertThat(out.classes().get(0).get("correct").isBoolean()).isTrue();
        assertThat(out.classes().get(1).has("actual")).isFalse();
        assertThat(out.classes().get(0).get("top")).hasSize(2);
    }

    @Test
    void shouldRoundTripTheClassificationExamplesThroughTheMessageType() throws Exception {
        for (JsonNode example : schemaJson("classification.schema.json").path("examples")) {
            ClassificationMessage m = Json.MAPPER.treeToValue(example, ClassificationMessage.class);
            assertThat(json(Json.bytes(m))).isEqualTo(example);
        }
    }

    @Test
    void shouldAcceptEveryDeadLetterThePipelineWritesForEachOfItsCodes() {
        String png = Base64.getEncoder().encodeToString(ImageDecoder.toPng(new PixelImage(12, 12, 1, new byte[144])));
        List<String[]> bad = List.of(
                new String[] {null, "{\"id\":\"\\u0007\",\"image\":\"" + png + "\"}"},
                new String[] {"x", "{\"id\":\"x\",\"image\":\"" + png + "\",\"label\":\"cat\"}"},
                new String[] {"x", "{\"id\":\"x\",\"image\":\"%%%\"}"},
                new String[] {"x", "{\"id\":\"x\",\"image\":\"AAAA\"}"},
                new String[] {"x", "{\"id\":\"x\",\"width\":3,\"height\":3,\"pixels\":[1]}"},
                new String[] {"x", "{\"id\":\"x\",\"width\":101,\"height\":100,\"pixels\":[1]}"},
                new String[] {"x", "{\"id\":\"x\",\"width\":1,\"height\":1,\"pixels\":[-4]}"});
        Output out = run(bad);
        assertThat(out.classes()).isEmpty();
        out.deadLetters().forEach(l -> assertValid(DEAD_LETTER, l));
        assertThat(out.deadLetters()).extracting(l -> l.at("/error/code").asText())
                .containsExactlyInAnyOrderElementsOf(CLASSIFIER_CODES.stream().map(Enum::name).toList());
    }

    static Stream<String> imagesOfEveryShape() {
        String png = Base64.getEncoder().encodeToString(ImageDecoder.toPng(new PixelImage(12, 12, 1, new byte[144])));
        return Stream.of(
                // accepted
                "{\"id\":\"a\",\"image\":\"" + png + "\"}",
                "{\"id\":12,\"image\":\"" + png + "\",\"label\":\"blob\"}",
                "{\"id\":null,\"image\":\"" + png + "\",\"extra\":[1]}",
                "{\"id\":\"a\",\"width\":1,\"height\":2,\"pixels\":[0,255]}",
                "{\"id\":\"a\",\"width\":1,\"height\":1,\"channels\":3,\"pixels\":[0,1,2],\"label\":null}",
                // rejected
                "{\"id\":\"a\"}",
                "{\"id\":\"a\",\"image\":42}",
                "{\"id\":\"a\",\"image\":\"" + png + "\",\"width\":1,\"height\":1,\"pixels\":[0]}",
                "{\"id\":\"a\",\"width\":1,\"pixels\":[0]}",
                "{\"id\":\"a\",\"width\":0,\"height\":1,\"pixels\":[0]}",
                "{\"id\":\"a\",\"width\":1,\"height\":1,\"channels\":2,\"pixels\":[0,0]}",
                "{\"id\":\"a\",\"width\":1,\"height\":1,\"pixels\":[256]}",
                "{\"id\":\"a\",\"width\":1,\"height\":1,\"pixels\":[0.5]}",
                "{\"id\":\"a\",\"width\":1,\"height\":1,\"pixels\":\"0\"}",
                "{\"id\":\"a\",\"width\":\"1\",\"height\":1,\"pixels\":[0]}",
                "{\"id\":\"\",\"image\":\"" + png + "\"}",
                "{\"id\":\"a\\u0001\",\"image\":\"" + png + "\"}",
                "{\"id\":true,\"image\":\"" + png + "\"}",
                "{\"id\":\"a\",\"image\":\"" + png + "\",\"label\":\"  \"}",
                "{\"id\":\"a\",\"image\":\"" + png + "\",\"label\":[1]}",
                "[1]");
    }

    @ParameterizedTest
    @MethodSource("imagesOfEveryShape")
    void shouldAcceptExactlyTheImageRecordsThePipelineAccepts(String record) {
        // keyed by the id when it has one (the key must then agree), else by some key: the schema cannot see keys
        JsonNode id = json(record).path("id");
        String key = id.isTextual() || id.isIntegralNumber() ? id.asText() : "k";
        Output out = run(List.<String[]>of(new String[] {key, record}));
        boolean accepted = !out.classes().isEmpty();
        assertThat(IMAGE.validate(json(record)).isEmpty()).as("schema accepts %s (the pipeline %s it)", record,
                accepted ? "accepts" : "rejects").isEqualTo(accepted);
    }
}

package io.streamcast.app.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.ErrorCode;
import io.streamcast.app.messages.Json;
import io.streamcast.app.metrics.ClassifierMetrics;
import io.streamcast.app.topology.DeadLetterHandler;
import io.streamcast.app.topology.FlushControl;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.classify.Classifier;
import io.streamcast.models.image.ImageDecoder;
import io.streamcast.models.image.PixelImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The image pipeline on TopologyTestDriver, with a tiny CNN that refits on the test's thread at a known point. */
class ImageClassifyTopologyTest {
    private static final Instant T0 = Instant.parse("2026-01-02T10:00:00Z");
    private static final Duration MAX_WAIT = Duration.ofMillis(100);

    private record Output(List<JsonNode> classes, List<TestRecord<String, byte[]>> deadLetters) {
    }

    /** Feeds the images topic through a topology holding the pipeline alone. */
    private static final class Run {
        final TopologyTestDriver driver;
        final TestInputTopic<String, byte[]> images;
        final TestOutputTopic<String, byte[]> classes;
        final TestOutputTopic<String, byte[]> deadLetters;

        Run(ClassifierPipeline<PixelImage> pipeline, StreamcastConfig config) {
            Topology topology = ClassifyTopology.addTo(new Topology(), pipeline, config.deadLettersTopic(),
                    config.batchMaxSize(), config.batchMaxWait(), new FlushControl());
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "image-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
            driver = new TopologyTestDriver(topology, props, T0);
            images = driver.createInputTopic("images", Serdes.String().serializer(), Serdes.ByteArray().serializer());
            classes = driver.createOutputTopic("image-classes", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            deadLetters = driver.createOutputTopic("streamcast-dead-letters", Serdes.String().deserializer(),
                    Serdes.ByteArray().deserializer());
        }

        void send(String key, String value) {
            images.pipeInput(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }

        List<JsonNode> readClasses() {
            List<JsonNode> out = new ArrayList<>();
            classes.readValuesToList().forEach(v -> out.add(json(v)));
            return out;
        }
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> settings(int batch, Object... more) {
        Map<String, Object> s = new HashMap<>();
        s.put(StreamcastConfig.BATCH_MAX_SIZE, batch);
        s.put(StreamcastConfig.BATCH_MAX_WAIT_MS, MAX_WAIT.toMillis());
        for (int i = 0; i < more.length; i += 2) {
            s.put((String) more[i], more[i + 1]);
        }
        return s;
    }

    @Test
    void shouldPredictALabelledImageBeforeLearningFromItAndServeTheRefittedVersionAfter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, Object> s = settings(1); // a batch per image: the model version changes exactly between two images
        int refitAfter = 240;
        ClassifierPipeline<PixelImage> pipeline = ImageFixtures.pipeline(s, refitAfter, Runnable::run, registry);
        ClassifierMetrics metrics = pipeline.metrics();
        Random random = new Random(3);
        Run run = new Run(pipeline, new StreamcastConfig(s));
        try (TopologyTestDriver ignored = run.driver) {
            for (int i = 0; i < refitAfter; i++) {
                PixelImage img = ImageFixtures.bar(i % 3, random);
                String label = ImageFixtures.CLASSES.get(i % 3);
                run.send("img-" + i, i % 2 == 0 ? ImageFixtures.pngRecord("img-" + i, img, label)
                        : ImageFixtures.pixelsRecord("img-" + i, img, label));
            }
            List<JsonNode> before = run.readClasses();
            assertThat(before).hasSize(refitAfter);
            assertThat(before).allSatisfy(m -> {
                assertThat(m.at("/model/version").asLong()).as("predicted by the untrained model").isZero();
                assertThat(m.has("actual")).isTrue();
                assertThat(m.get("correct").asBoolean()).isEqualTo(m.get("label").asText().equals(m.get("actual").asText()));
                assertThat(m.get("top")).hasSize(3);
            });
            assertThat(before.get(refitAfter - 1).at("/model/version").asLong())
                    .as("the image that completed the refit batch was predicted before the model learned from it").isZero();
            assertThat(pipeline.models().current().card().version()).as("refitted and promoted").isEqualTo(1);
            assertThat(metrics.scoredCount()).isEqualTo(refitAfter);
            double untrained = metrics.versionAccuracy(0);

            for (int i = 0; i < 90; i++) {
                PixelImage img = ImageFixtures.bar(i % 3, random);
                run.send("later-" + i, ImageFixtures.pngRecord("later-" + i, img, ImageFixtures.CLASSES.get(i % 3)));
            }
            run.send("unlabelled", ImageFixtures.pngRecord("unlabelled", ImageFixtures.bar(1, random), null));
            List<JsonNode> after = run.readClasses();
            assertThat(after).hasSize(91).allSatisfy(m -> assertThat(m.at("/model/version").asLong()).isEqualTo(1));
            JsonNode unlabelled = after.get(90);
            assertThat(unlabelled.has("actual")).isFalse();
            assertThat(unlabelled.has("correct")).isFalse();
            assertThat(metrics.scoredCount()).as("only labelled images are scored").isEqualTo(refitAfter + 90);
            assertThat(metrics.versionAccuracy(1)).isGreaterThan(0.8).isGreaterThan(untrained + 0.3);
            assertThat(metrics.recentAccuracy()).isGreaterThan(untrained);
            assertThat(registry.get("streamcast.prequential.accuracy.version").tag("version", "1").gauge().value())
                    .isEqualTo(metrics.versionAccuracy(1));
            assertThat(registry.get("streamcast.model.version").tag("pipeline", "image").gauge().value()).isEqualTo(1.0);
            assertThat(metrics.promotedCount()).isEqualTo(1.0);
            assertThat(run.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldClassifyEveryGoodImageOnceAndDeadLetterEachBadOneWithItsReasonAndExactBytes() throws Exception {
        Map<String, Object> s = settings(8, "streamcast.image.max-pixels", 2_500L, "streamcast.image.max-payload-bytes", 20_000);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ClassifierPipeline<PixelImage> pipeline = ImageFixtures.pipeline(s, 0, Runnable::run, registry);
        Random random = new Random(5);
        PixelImage good = ImageFixtures.bar(0, random);
        String png = Base64.getEncoder().encodeToString(ImageDecoder.toPng(good));
        byte[] truncated = Arrays.copyOf(ImageDecoder.toPng(good), 40);
        BufferedImage colour = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(colour, "jpeg", jpeg);

        List<String[]> goodOnes = List.of(
                new String[] {"g-png", ImageFixtures.pngRecord("g-png", good, "vertical")},
                new String[] {"g-pixels", ImageFixtures.pixelsRecord("g-pixels", good, null)},
                new String[] {"g-jpeg", "{\"id\":\"g-jpeg\",\"image\":\"" + Base64.getEncoder().encodeToString(jpeg.toByteArray()) + "\"}"},
                new String[] {"g-data-uri", "{\"id\":\"g-data-uri\",\"image\":\"data:image/png;base64," + png + "\"}"},
                new String[] {"g-wrapped", "{\"image\":\"" + png.substring(0, 20) + "\\n" + png.substring(20) + "\"}"},
                new String[] {null, "{\"id\":7,\"image\":\"" + png + "\",\"label\":\"blob\"}"});
        List<Object[]> badOnes = List.of(
                new Object[] {"b1", "{not json", ErrorCode.MALFORMED_JSON},
                new Object[] {"b2", "{\"id\":\"b2\"}", ErrorCode.MISSING_FIELD},
                new Object[] {"b3", "{\"id\":\"b3\",\"image\":\"not base64!\"}", ErrorCode.INVALID_BASE64},
                new Object[] {"b4", "{\"id\":\"b4\",\"image\":\"aGVsbG8gd29ybGQ=\"}", ErrorCode.NOT_AN_IMAGE},
                new Object[] {"b5", "{\"id\":\"b5\",\"image\":\"" + Base64.getEncoder().encodeToString(truncated) + "\"}", ErrorCode.NOT_AN_IMAGE},
                new Object[] {"b6", "{\"id\":\"b6\",\"image\":42}", ErrorCode.WRONG_TYPE},
                new Object[] {"b7", "{\"id\":\"b7\",\"width\":0,\"height\":2,\"pixels\":[]}", ErrorCode.INVALID_IMAGE_SIZE},
                new Object[] {"b8", "{\"id\":\"b8\",\"width\":2,\"height\":2,\"pixels\":[1,2,3]}", ErrorCode.INVALID_IMAGE_SIZE},
                new Object[] {"b9", "{\"id\":\"b9\",\"width\":2,\"height\":1,\"pixels\":[1,300]}", ErrorCode.INVALID_PIXEL},
                new Object[] {"b10", "{\"id\":\"b10\",\"width\":2,\"height\":1,\"pixels\":\"1,2\"}", ErrorCode.WRONG_TYPE},
                new Object[] {"b11", "{\"id\":\"b11\",\"width\":2,\"pixels\":[1,2]}", ErrorCode.MISSING_FIELD},
                new Object[] {"b12", "{\"id\":\"b12\",\"width\":2,\"height\":1,\"channels\":2,\"pixels\":[1,2,3,4]}", ErrorCode.INVALID_IMAGE_SIZE},
                new Object[] {"b13", ImageFixtures.pngRecord("b13", new PixelImage(51, 50, 1, new byte[2550]), null), ErrorCode.OVERSIZE_IMAGE},
                new Object[] {"b14", "{\"id\":\"b14\",\"pad\":\"" + "x".repeat(20_000) + "\"}", ErrorCode.OVERSIZE_PAYLOAD},
                new Object[] {"b15", ImageFixtures.pngRecord("b15", good, "cat"), ErrorCode.INVALID_LABEL},
                new Object[] {"b16", "{\"id\":\"b16\",\"image\":\"" + png + "\",\"label\":true}", ErrorCode.WRONG_TYPE},
                new Object[] {"b17", ImageFixtures.pngRecord("other", good, null), ErrorCode.KEY_MISMATCH},
                new Object[] {null, "{\"id\":\"b\\u0001\",\"image\":\"" + png + "\"}", ErrorCode.INVALID_ID},
                new Object[] {"b19", "{\"id\":\"b19\",\"image\":\"" + png + "\",\"width\":1,\"height\":1,\"pixels\":[0]}", ErrorCode.WRONG_TYPE},
                new Object[] {"b20", "[1,2]", ErrorCode.NOT_AN_OBJECT},
                new Object[] {"b21", "", ErrorCode.EMPTY_VALUE});

        Run run = new Run(pipeline, new StreamcastConfig(s));
        List<String> sentBad = new ArrayList<>();
        try (TopologyTestDriver ignored = run.driver) {
            for (int i = 0; i < Math.max(goodOnes.size(), badOnes.size()); i++) {
                if (i < goodOnes.size()) {
                    run.send(goodOnes.get(i)[0], goodOnes.get(i)[1]);
                }
                if (i < badOnes.size()) {
                    run.send((String) badOnes.get(i)[0], (String) badOnes.get(i)[1]);
                    sentBad.add((String) badOnes.get(i)[1]);
                }
            }
            run.images.pipeInput("b22", new byte[] {(byte) 0xC3, (byte) 0x28});
            run.driver.advanceWallClockTime(MAX_WAIT.multipliedBy(2));

            List<JsonNode> classes = run.readClasses();
            assertThat(classes).extracting(m -> m.get("id").asText())
                    .containsExactly("g-png", "g-pixels", "g-jpeg", "g-data-uri", "g-wrapped", "7");
            assertThat(classes.get(0).get("actual").asText()).isEqualTo("vertical");
            assertThat(classes.get(5).get("actual").asText()).isEqualTo("blob");

            List<TestRecord<String, byte[]>> letters = run.deadLetters.readRecordsToList();
            List<String> codes = new ArrayList<>();
            for (Object[] b : badOnes) {
                codes.add(((ErrorCode) b[2]).name());
            }
            codes.add(ErrorCode.INVALID_UTF8.name());
            assertThat(letters).extracting(r -> json(r.value()).at("/error/code").asText()).containsExactlyElementsOf(codes);
            for (int i = 0; i < sentBad.size(); i++) {
                JsonNode letter = json(letters.get(i).value());
                assertThat(Base64.getDecoder().decode(letter.get("value_base64").asText()))
                        .isEqualTo(sentBad.get(i).getBytes(StandardCharsets.UTF_8));
                assertThat(letter.at("/source/topic").asText()).isEqualTo("images");
            }
            assertThat(pipeline.metrics().pipeline().recordsInCount()).isEqualTo(goodOnes.size() + badOnes.size() + 1);
            assertThat(pipeline.metrics().pipeline().recordsOutCount()).isEqualTo(goodOnes.size());
        }
    }

    @Test
    void shouldDeadLetterTheInputsTheModelFailsOnAndClassifyTheRestOfTheBatch() {
        Map<String, Object> s = settings(4);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ClassifierPipeline<PixelImage> real = ImageFixtures.pipeline(s, 0, Runnable::run, registry);
        Classifier<PixelImage> served = real.models().current();
        // fails on any image whose first pixel is saturated: the batch call throws, then that image alone does
        Classifier<PixelImage> flaky = new Classifier<>() {
            @Override
            public ModelCard card() {
                return served.card();
            }

            @Override
            public List<String> classes() {
                return served.classes();
            }

            @Override
            public float[][] probabilities(List<PixelImage> inputs) {
                if (inputs.stream().anyMatch(i -> (i.pixels()[0] & 0xFF) == 255)) {
                    throw new IllegalStateException("model failure");
                }
                return served.probabilities(inputs);
            }

            @Override
            public Classifier<PixelImage> copy() {
                return this;
            }
        };
        ClassifierPipeline<PixelImage> pipeline = new ClassifierPipeline<>(real.settings(), real.decoder(),
                new ClassifierModelSource<>(flaky, (start, v, in, l, e, p) -> start, ClassifierModelSource.RefitPolicy.never(),
                        "images", Runnable::run), new ClassifierMetrics(new SimpleMeterRegistry(), "image", flaky::card));
        Run run = new Run(pipeline, new StreamcastConfig(s));
        try (TopologyTestDriver ignored = run.driver) {
            Random random = new Random(1);
            for (int i = 0; i < 4; i++) {
                PixelImage img = ImageFixtures.bar(i % 3, random);
                if (i == 2) {
                    img.pixels()[0] = (byte) 255;
                }
                run.send("m" + i, ImageFixtures.pngRecord("m" + i, img, "blob"));
            }
            assertThat(run.readClasses()).extracting(m -> m.get("id").asText()).containsExactly("m0", "m1", "m3");
            List<JsonNode> letters = new ArrayList<>();
            run.deadLetters.readValuesToList().forEach(v -> letters.add(json(v)));
            assertThat(letters).singleElement().satisfies(l -> {
                assertThat(l.at("/error/code").asText()).isEqualTo("MODEL_FAILURE");
                assertThat(l.get("key").asText()).isEqualTo("m2");
                assertThat(l.at("/source/topic").asText()).isEqualTo("images");
                assertThat(l.get("value_text").asText()).isEqualTo("{\"id\":\"m2\",\"label\":\"blob\"}");
            });
        }
    }

}

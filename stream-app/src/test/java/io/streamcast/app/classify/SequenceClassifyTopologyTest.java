package io.streamcast.app.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.ErrorCode;
import io.streamcast.app.metrics.ClassifierMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The sequence pipeline on TopologyTestDriver, with a small model that refits on the test's thread at a known point. */
class SequenceClassifyTopologyTest {

    private static Map<String, Object> settings(int batch, Object... more) {
        Map<String, Object> s = new HashMap<>();
        s.put(StreamcastConfig.BATCH_MAX_SIZE, batch);
        s.put(StreamcastConfig.BATCH_MAX_WAIT_MS, 100L);
        s.put("streamcast.sequence.classes", String.join(",", SequenceFixtures.CLASSES));
        s.put("streamcast.sequence.refit.interval", 0);
        for (int i = 0; i < more.length; i += 2) {
            s.put((String) more[i], more[i + 1]);
        }
        return s;
    }

    @Test
    void shouldPredictALabelledSequenceBeforeLearningFromItAndServeTheRefittedVersionAfter() {
        int refitAfter = 100;
        Map<String, Object> s = settings(1, "streamcast.sequence.refit.interval", refitAfter, "streamcast.sequence.refit.epochs", 25);
        ClassifierPipeline<double[]> pipeline = SequenceFixtures.pipeline(s, Runnable::run, new SimpleMeterRegistry());
        ClassifierMetrics metrics = pipeline.metrics();
        Random random = new Random(4);
        try (ClassifyRun run = new ClassifyRun(pipeline, new StreamcastConfig(s))) {
            for (int i = 0; i < refitAfter; i++) {
                run.send("s-" + i, SequenceFixtures.record("s-" + i, SequenceFixtures.values(i, random), SequenceFixtures.label(i)));
            }
            List<JsonNode> before = run.readClasses();
            assertThat(before).hasSize(refitAfter).allSatisfy(m -> {
                assertThat(m.at("/model/version").asLong()).as("predicted by the untrained model").isZero();
                assertThat(m.get("correct").asBoolean()).isEqualTo(m.get("label").asText().equals(m.get("actual").asText()));
            });
            assertThat(pipeline.models().current().card().version()).as("refitted and promoted").isEqualTo(1);

            for (int i = 0; i < 40; i++) {
                run.send("u-" + i, SequenceFixtures.record("u-" + i, SequenceFixtures.values(i, random), SequenceFixtures.label(i)));
            }
            List<JsonNode> after = run.readClasses();
            assertThat(after).hasSize(40).allSatisfy(m -> assertThat(m.at("/model/version").asLong()).isEqualTo(1));
            assertThat(metrics.scoredCount()).isEqualTo(refitAfter + 40);
            assertThat(metrics.versionAccuracy(1)).isGreaterThanOrEqualTo(0.9);
            assertThat(run.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldGiveASequenceTheSameClassesWhateverTheLengthsOfTheOthersInItsBatch() {
        Map<String, Object> s = settings(3);
        ClassifierPipeline<double[]> pipeline = SequenceFixtures.pipeline(s, Runnable::run, new SimpleMeterRegistry());
        double[] probe = SequenceFixtures.values(1, new Random(9));
        double[] longer = SequenceFixtures.values(2, new Random(10));
        double[] longest = new double[120];
        for (int t = 0; t < longest.length; t++) {
            longest[t] = Math.sin(t / 5.0);
        }
        try (ClassifyRun run = new ClassifyRun(pipeline, new StreamcastConfig(s))) {
            run.send("alone", SequenceFixtures.record("alone", probe, null));
            run.driver.advanceWallClockTime(java.time.Duration.ofMillis(300)); // a batch of one
            run.send("x", SequenceFixtures.record("x", longest, null));
            run.send("again", SequenceFixtures.record("again", probe, null));
            run.send("y", SequenceFixtures.record("y", longer, null)); // a full batch of three lengths

            List<JsonNode> classes = run.readClasses();
            assertThat(classes).extracting(m -> m.get("id").asText()).containsExactly("alone", "x", "again", "y");
            assertThat(classes.get(2).get("label").asText()).isEqualTo(classes.get(0).get("label").asText());
            assertThat(classes.get(2).get("confidence").asDouble()).isCloseTo(classes.get(0).get("confidence").asDouble(), within(1e-5));
        }
    }

    @Test
    void shouldClassifyEveryGoodSequenceOnceAndDeadLetterEachBadOneWithItsReasonAndExactBytes() {
        Map<String, Object> s = settings(4, "streamcast.sequence.max-values", 100, "streamcast.sequence.max-abs-value", 1e9);
        ClassifierPipeline<double[]> pipeline = SequenceFixtures.pipeline(s, Runnable::run, new SimpleMeterRegistry());
        List<String[]> goodOnes = List.of(
                new String[] {"g1", "{\"id\":\"g1\",\"values\":[1,2,3,2,1],\"label\":\"bump\"}"},
                new String[] {"g2", "{\"id\":\"g2\",\"values\":[42]}"},
                new String[] {"g3", "{\"values\":[-1.5e3,0,2.25,1e-300,7]}"},
                new String[] {"g4", SequenceFixtures.record("g4", new double[100], "ramp")});
        List<Object[]> badOnes = List.of(
                new Object[] {"b1", "{\"id\":\"b1\"}", ErrorCode.MISSING_FIELD},
                new Object[] {"b2", "{\"id\":\"b2\",\"values\":\"1,2,3\"}", ErrorCode.WRONG_TYPE},
                new Object[] {"b3", "{\"id\":\"b3\",\"values\":[]}", ErrorCode.EMPTY_SEQUENCE},
                new Object[] {"b4", "{\"id\":\"b4\",\"values\":[1,\"2\",3]}", ErrorCode.NOT_A_NUMBER},
                new Object[] {"b5", "{\"id\":\"b5\",\"values\":[1,null]}", ErrorCode.NOT_A_NUMBER},
                new Object[] {"b6", "{\"id\":\"b6\",\"values\":[true]}", ErrorCode.NOT_A_NUMBER},
                new Object[] {"b7", "{\"id\":\"b7\",\"values\":[[1],[2]]}", ErrorCode.NOT_A_NUMBER},
                new Object[] {"b8", "{\"id\":\"b8\",\"values\":[1,1e400]}", ErrorCode.NOT_FINITE},
                new Object[] {"b9", "{\"id\":\"b9\",\"values\":[1,2e9]}", ErrorCode.ABSURD_VALUE},
                new Object[] {"b10", SequenceFixtures.record("b10", new double[101], null), ErrorCode.SEQUENCE_TOO_LONG},
                new Object[] {"b11", "{\"id\":\"b11\",\"values\":[1,NaN]}", ErrorCode.MALFORMED_JSON},
                new Object[] {"b12", "{\"id\":\"b12\",\"values\":[1,2],\"label\":\"zigzag\"}", ErrorCode.INVALID_LABEL},
                new Object[] {"b13", "{\"id\":\"b13\",\"values\":[1,2],\"label\":1.5}", ErrorCode.WRONG_TYPE});
        try (ClassifyRun run = new ClassifyRun(pipeline, new StreamcastConfig(s))) {
            List<String> sentBad = new ArrayList<>();
            for (int i = 0; i < Math.max(goodOnes.size(), badOnes.size()); i++) {
                if (i < goodOnes.size()) {
                    run.send(goodOnes.get(i)[0], goodOnes.get(i)[1]);
                }
                if (i < badOnes.size()) {
                    run.send((String) badOnes.get(i)[0], (String) badOnes.get(i)[1]);
                    sentBad.add((String) badOnes.get(i)[1]);
                }
            }
            run.driver.advanceWallClockTime(java.time.Duration.ofMillis(300));

            assertThat(run.readClasses()).extracting(m -> m.get("id").asText()).containsExactly("g1", "g2", "g3", "g4");
            List<TestRecord<String, byte[]>> letters = run.deadLetters.readRecordsToList();
            assertThat(letters).extracting(r -> ClassifyRun.json(r.value()).at("/error/code").asText())
                    .containsExactlyElementsOf(badOnes.stream().map(b -> ((ErrorCode) b[2]).name()).toList());
            for (int i = 0; i < sentBad.size(); i++) {
                JsonNode letter = ClassifyRun.json(letters.get(i).value());
                assertThat(Base64.getDecoder().decode(letter.get("value_base64").asText()))
                        .isEqualTo(sentBad.get(i).getBytes(StandardCharsets.UTF_8));
                assertThat(letter.at("/source/topic").asText()).isEqualTo("sequences");
            }
            assertThat(pipeline.metrics().pipeline().recordsOutCount()).isEqualTo(goodOnes.size());
        }
    }
}

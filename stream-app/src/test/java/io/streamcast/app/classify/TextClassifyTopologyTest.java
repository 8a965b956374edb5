package io.streamcast.app.classify;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The text pipeline on TopologyTestDriver, with a small model that refits on the test's thread at a known point. */
class TextClassifyTopologyTest {

    private static Map<String, Object> settings(int batch, Object... more) {
        Map<String, Object> s = new HashMap<>();
        s.put(StreamcastConfig.BATCH_MAX_SIZE, batch);
        s.put(StreamcastConfig.BATCH_MAX_WAIT_MS, 100L);
        s.put("streamcast.text.refit.interval", 0);
        for (int i = 0; i < more.length; i += 2) {
            s.put((String) more[i], more[i + 1]);
        }
        return s;
    }

    @Test
    void shouldPredictALabelledTextBeforeLearningFromItAndServeTheRefittedVersionAfter() {
        int refitAfter = 150;
        Map<String, Object> s = settings(1, "streamcast.text.refit.interval", refitAfter, "streamcast.text.refit.epochs", 12);
        ClassifierPipeline<String> pipeline = TextFixtures.pipeline(s, Runnable::run, new SimpleMeterRegistry());
        ClassifierMetrics metrics = pipeline.metrics();
        Random random = new Random(3);
        try (ClassifyRun run = new ClassifyRun(pipeline, new StreamcastConfig(s))) {
            for (int i = 0; i < refitAfter; i++) {
                run.send("t-" + i, TextFixtures.record("t-" + i, TextFixtures.text(i, random), TextFixtures.label(i)));
            }
            List<JsonNode> before = run.readClasses();
            assertThat(before).hasSize(refitAfter).allSatisfy(m -> {
                assertThat(m.at("/model/version").asLong()).as("predicted by the untrained model").isZero();
                assertThat(m.at("/model/name").asText()).isEqualTo("text-classifier");
                assertThat(m.get("correct").asBoolean()).isEqualTo(m.get("label").asText().equals(m.get("actual").asText()));
                assertThat(m.get("top")).hasSize(2);
            });
            assertThat(pipeline.models().current().card().version()).as("refitted and promoted").isEqualTo(1);
            assertThat(metrics.scoredCount()).isEqualTo(refitAfter);

            for (int i = 0; i < 60; i++) {
                run.send("u-" + i, TextFixtures.record("u-" + i, TextFixtures.text(i, random), TextFixtures.label(i)));
            }
            run.send("unlabelled", TextFixtures.record("unlabelled", "claim your free prize now", null));
            List<JsonNode> after = run.readClasses();
            assertThat(after).hasSize(61).allSatisfy(m -> assertThat(m.at("/model/version").asLong()).isEqualTo(1));
            JsonNode unlabelled = after.get(60);
            assertThat(unlabelled.has("actual")).isFalse();
            assertThat(unlabelled.get("label").asText()).isEqualTo("spam");
            assertThat(metrics.scoredCount()).as("only labelled texts are scored").isEqualTo(refitAfter + 60);
            assertThat(metrics.versionAccuracy(1)).isGreaterThanOrEqualTo(0.95);
            assertThat(run.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldClassifyEveryGoodTextOnceAndDeadLetterEachBadOneWithItsReasonAndExactBytes() {
        Map<String, Object> s = settings(4, "streamcast.text.max-chars", 200, "streamcast.text.max-payload-bytes", 2_000);
        ClassifierPipeline<String> pipeline = TextFixtures.pipeline(s, Runnable::run, new SimpleMeterRegistry());
        List<String[]> goodOnes = List.of(
                new String[] {"g1", TextFixtures.record("g1", "see you at lunch", "ham")},
                new String[] {"g2", TextFixtures.record("g2", "Ünïcödé, 東京 and emoji 😀 — fine", null)},
                new String[] {"g3", "{\"text\":\"key only\\tid\\nwith tabs\"}"},
                new String[] {null, "{\"id\":7,\"text\":\"integer id\",\"label\":\"spam\"}"},
                new String[] {"g5", TextFixtures.record("g5", "x".repeat(200), null)});
        List<Object[]> badOnes = List.of(
                new Object[] {"b1", "{not json", ErrorCode.MALFORMED_JSON},
                new Object[] {"b2", "{\"id\":\"b2\"}", ErrorCode.MISSING_FIELD},
                new Object[] {"b3", "{\"id\":\"b3\",\"text\":42}", ErrorCode.WRONG_TYPE},
                new Object[] {"b4", "{\"id\":\"b4\",\"text\":\"\"}", ErrorCode.EMPTY_TEXT},
                new Object[] {"b5", "{\"id\":\"b5\",\"text\":\" \\n\\t \"}", ErrorCode.EMPTY_TEXT},
                new Object[] {"b6", TextFixtures.record("b6", "y".repeat(201), null), ErrorCode.TEXT_TOO_LONG},
                new Object[] {"b7", "{\"id\":\"b7\",\"text\":\"half a pair \\ud800 here\"}", ErrorCode.INVALID_UTF8},
                new Object[] {"b8", TextFixtures.record("b8", "a fine text", "eggs"), ErrorCode.INVALID_LABEL},
                new Object[] {"b9", "{\"id\":\"b9\",\"pad\":\"" + "z".repeat(2_000) + "\"}", ErrorCode.OVERSIZE_PAYLOAD},
                new Object[] {"b10", TextFixtures.record("other", "key differs", null), ErrorCode.KEY_MISMATCH},
                new Object[] {"b11", "[\"a text\"]", ErrorCode.NOT_AN_OBJECT},
                new Object[] {"b12", "{\"id\":\"b12\",\"text\":null}", ErrorCode.MISSING_FIELD},
                new Object[] {"b13", "", ErrorCode.EMPTY_VALUE});
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
            run.input.pipeInput("b14", new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
            run.driver.advanceWallClockTime(java.time.Duration.ofMillis(300));

            List<JsonNode> classes = run.readClasses();
            assertThat(classes).extracting(m -> m.get("id").asText()).containsExactly("g1", "g2", "g3", "7", "g5");
            assertThat(classes.get(3).get("actual").asText()).isEqualTo("spam");
            List<TestRecord<String, byte[]>> letters = run.deadLetters.readRecordsToList();
            List<String> codes = new ArrayList<>();
            badOnes.forEach(b -> codes.add(((ErrorCode) b[2]).name()));
            codes.add(ErrorCode.INVALID_UTF8.name());
            assertThat(letters).extracting(r -> ClassifyRun.json(r.value()).at("/error/code").asText()).containsExactlyElementsOf(codes);
            for (int i = 0; i < sentBad.size(); i++) {
                JsonNode letter = ClassifyRun.json(letters.get(i).value());
                assertThat(Base64.getDecoder().decode(letter.get("value_base64").asText()))
                        .isEqualTo(sentBad.get(i).getBytes(StandardCharsets.UTF_8));
                assertThat(letter.at("/source/topic").asText()).isEqualTo("texts");
            }
            assertThat(pipeline.metrics().pipeline().recordsInCount()).isEqualTo(goodOnes.size() + badOnes.size() + 1);
            assertThat(pipeline.metrics().pipeline().recordsOutCount()).isEqualTo(goodOnes.size());
        }
    }
}

package io.streamcast.models.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.classify.LabelledExamples;
import io.streamcast.models.classify.TopClasses;
import io.streamcast.models.classify.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trains one small model on template texts and checks it from the outside. */
class TextClassifierTest {
    private static final TextClassifierConfig SMALL = TextClassifierConfig.defaults()
            .withHashing(4096, 3, 5, 6).withNetwork(12, 8, false, 0.0)
            .withTraining(new TrainingSettings(1, 30, 5, 16, 1e-2, 0.2, 5L));
    private static final String[] SPAM = {"win a free prize now", "claim your cash reward today", "urgent you have won £1000",
        "free entry text win to 80086", "call now to claim your prize"};
    private static final String[] HAM = {"see you at lunch", "are we still meeting tomorrow", "ok i will call you later",
        "sorry running late again", "how was your day"};
    private static TextClassifier model;

    static LabelledExamples<String> data(int n, long seed) {
        Random r = new Random(seed);
        List<String> x = new ArrayList<>();
        List<String> y = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean spam = i % 3 == 0;
            String[] pool = spam ? SPAM : HAM;
            String text = pool[r.nextInt(pool.length)] + (r.nextBoolean() ? " " + pool[r.nextInt(pool.length)] : "");
            x.add(r.nextBoolean() ? text.toUpperCase() : text);
            y.add(spam ? "spam" : "ham");
            lines.add(i + 1);
        }
        return new LabelledExamples<>(x, y, lines);
    }

    private static List<String> labels(float[][] p) {
        List<String> out = new ArrayList<>();
        for (float[] row : p) {
            out.add(model.classes().get(TopClasses.argMax(row)));
        }
        return out;
    }

    @BeforeAll
    static void train() {
        model = new TextClassifierTrainer(SMALL).train("texts", 1, data(120, 1), List.of());
    }

    @Test
    void shouldClassifyTextsAndUnseenSpellings() {
        float[][] p = model.probabilities(List.of("WIN a FREE prize", "see you at lunch tomorrow", "claim ur prizee noww!!",
                "ok running late, see you"));

        assertThat(labels(p)).containsExactly("spam", "ham", "spam", "ham");
        assertThat(model.classes()).containsExactly("ham", "spam");
    }

    @Test
    void shouldPredictForEmptyAndVeryLongTexts() {
        float[][] p = model.probabilities(List.of("", "free prize ".repeat(100_000)));

        assertThat(p).hasNumberOfRows(2);
        assertThat(labels(p).get(1)).isEqualTo("spam");
    }

    @Test
    void shouldPredictTheSameAloneAndInABatchOfLongerTexts() {
        String text = "claim your prize";

        float alone = model.probabilities(List.of(text))[0][1];
        float batched = model.probabilities(List.of("how was your day ".repeat(20), text, "a b c d e f g h"))[1][1];

        assertThat(batched).isCloseTo(alone, org.assertj.core.api.Assertions.within(1e-5f));
    }

    @Test
    void shouldRefitFromTheServingWeightsKeepingTheClasses() {
        LabelledExamples<String> more = data(30, 3);

        TextClassifier next = new TextClassifierTrainer(SMALL).refit(model, 2, more.examples(), more.indices(model.classes()), 2, List.of());

        assertThat(next.card().version()).isEqualTo(2);
        assertThat(next.card().name()).isEqualTo("texts");
        assertThat(next.classes()).isEqualTo(model.classes());
        assertThat(labels(next.probabilities(List.of("win a free prize now", "see you at lunch")))).containsExactly("spam", "ham");
    }

    @Test
    void shouldPredictTheSameAfterAnArtifactRoundTrip() throws Exception {
        TextClassifier loaded = TextClassifier.fromArtifact(
                ModelArtifact.fromBytes(model.toArtifact().toBytes(Optional.empty()), Optional.empty()));
        List<String> texts = data(12, 2).examples();

        assertThat(loaded.card().name()).isEqualTo(model.card().name());
        assertThat(loaded.card().version()).isEqualTo(model.card().version());
        assertThat(loaded.card().metrics()).isEqualTo(model.card().metrics());
        assertThat(loaded.card().hyperParameters().get("classes")).isEqualTo(List.of("ham", "spam"));
        assertThat(loaded.config()).isEqualTo(model.config());
        assertThat(loaded.probabilities(texts)).isDeepEqualTo(model.probabilities(texts));
    }
}

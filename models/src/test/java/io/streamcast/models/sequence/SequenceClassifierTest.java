package io.streamcast.models.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.models.artifact.InvalidArtifactException;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.classify.ClassPrediction;
import io.streamcast.models.classify.LabelledExamples;
import io.streamcast.models.classify.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trains one small model on synthetic sequences of different lengths and checks it from the outside. */
class SequenceClassifierTest {
    private static final SequenceClassifierConfig SMALL = SequenceClassifierConfig.defaults()
            .withNetwork(List.of(8, 8), List.of(5, 3), 8, 0.0)
            .withTraining(new TrainingSettings(2, 40, 10, 16, 1e-2, 0.2, 11L));
    private static SequenceClassifier model;

    /** "up": a rising ramp with noise; "bump": flat with one bump; lengths 20 to 80, at random offsets and scales. */
    static LabelledExamples<double[]> data(int n, long seed) {
        Random r = new Random(seed);
        List<double[]> x = new ArrayList<>();
        List<String> y = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 20 + r.nextInt(61);
            boolean up = i % 2 == 0;
            double level = r.nextGaussian() * 100;
            double scale = 0.5 + r.nextDouble() * 10;
            int centre = len / 4 + r.nextInt(len / 2);
            double[] s = new double[len];
            for (int t = 0; t < len; t++) {
                double v = up ? (double) t / len : Math.exp(-Math.pow((t - centre) / (len / 12.0), 2));
                s[t] = level + scale * (v + 0.05 * r.nextGaussian());
            }
            x.add(s);
            y.add(up ? "up" : "bump");
            lines.add(i + 1);
        }
        return new LabelledExamples<>(x, y, lines);
    }

    @BeforeAll
    static void train() {
        model = new SequenceClassifierTrainer(SMALL).train("sequences", 3, data(80, 1), List.of());
    }

    @Test
    void shouldClassifySequencesOfLengthsItHasNotSeen() {
        LabelledExamples<double[]> test = data(40, 2);

        ClassPrediction[] p = model.predict(test.examples());

        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += p[i].label().equals(test.labels().get(i)) ? 1 : 0;
            assertThat(p[i].probabilities()[0] + p[i].probabilities()[1]).isCloseTo(1.0, within(1e-5));
            assertThat(p[i].confidence()).isEqualTo(p[i].probabilities()[p[i].index()]);
        }
        assertThat(right).isGreaterThanOrEqualTo(36);
        assertThat(model.classes()).containsExactly("bump", "up");
        assertThat(model.card().hyperParameters().get("classes")).isEqualTo(List.of("bump", "up"));
        assertThat(model.card().metrics()).containsKey("validation_accuracy");
    }

    @Test
    void shouldPredictTheSameForASequenceAloneAndBesideALongerOne() {
        double[] shortOne = data(1, 3).examples().get(0);
        double[] longOne = new double[500];
        for (int t = 0; t < longOne.length; t++) {
            longOne[t] = Math.sin(t / 7.0);
        }

        double[] alone = model.predict(List.of(shortOne))[0].probabilities();
        double[] padded = model.predict(List.of(longOne, shortOne, longOne))[1].probabilities();

        assertThat(padded[0]).isCloseTo(alone[0], within(1e-5));
    }

    @Test
    void shouldAcceptASequenceLongerThanTheMaximumAndOfOnePoint() {
        ClassPrediction[] p = model.predict(List.of(new double[100_000], new double[] {42}));

        assertThat(p).hasSize(2).allSatisfy(x -> assertThat(x.confidence()).isBetween(0.0, 1.0));
    }

    @Test
    void shouldRejectAnEmptySequenceOrAValueThatIsNotFinite() {
        assertThatThrownBy(() -> model.predict(List.of(new double[0]))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.predict(List.of(new double[] {1, Double.NaN})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    @Test
    void shouldPredictTheSameAfterAnArtifactRoundTrip() throws Exception {
        LabelledExamples<double[]> test = data(10, 4);

        SequenceClassifier loaded = SequenceClassifier.fromArtifact(
                ModelArtifact.fromBytes(model.toArtifact().toBytes(Optional.empty()), Optional.empty()));

        assertThat(loaded.card()).isEqualTo(model.card());
        assertThat(loaded.classes()).isEqualTo(model.classes());
        ClassPrediction[] a = model.predict(test.examples());
        ClassPrediction[] b = loaded.predict(test.examples());
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i].probabilities()).containsExactly(a[i].probabilities());
        }
    }

    @Test
    void shouldRefuseAnArtifactOfAnotherKind() {
        ModelArtifact forecaster = model.toArtifact().withCard(model.card().withVersion(4));
        ModelArtifact wrongKind = new ModelArtifact(new io.streamcast.models.artifact.ModelCard("x", 1, "lstm-forecaster",
                forecaster.card().created(), List.of(), java.util.Map.of(), java.util.Map.of(), java.util.Map.of()), java.util.Map.of());

        assertThatThrownBy(() -> SequenceClassifier.fromArtifact(wrongKind)).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("lstm-forecaster");
    }

    @Test
    void shouldGiveEachCopyItsOwnNetworks() {
        SequenceClassifier copy = model.copy();

        assertThat(copy.ensemble().members().get(0)).isNotSameAs(model.ensemble().members().get(0));
        assertThat(copy.predict(List.of(new double[] {1, 2, 3}))[0].probabilities())
                .containsExactly(model.predict(List.of(new double[] {1, 2, 3}))[0].probabilities());
    }
}

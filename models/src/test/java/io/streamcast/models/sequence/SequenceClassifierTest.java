package io.streamcast.models.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.models.artifact.InvalidArtifactException;
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

        float[][] p = model.probabilities(test.examples());

        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += model.classes().get(TopClasses.argMax(p[i])).equals(test.labels().get(i)) ? 1 : 0;
            assertThat(p[i][0] + p[i][1]).isCloseTo(1f, within(1e-5f));
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

        float[] alone = model.probabilities(List.of(shortOne))[0];
        float[] padded = model.probabilities(List.of(longOne, shortOne, longOne))[1];

        assertThat(padded[0]).isCloseTo(alone[0], within(1e-5f));
    }

    @Test
    void shouldAcceptASequenceLongerThanTheMaximumAndOfOnePoint() {
        float[][] p = model.probabilities(List.of(new double[100_000], new double[] {42}));

        assertThat(p).hasNumberOfRows(2);
        assertThat(p[0][0] + p[0][1]).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void shouldRejectAnEmptySequenceOrAValueThatIsNotFinite() {
        assertThatThrownBy(() -> model.probabilities(List.of(new double[0]))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.probabilities(List.of(new double[] {1, Double.NaN})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    @Test
    void shouldPredictTheSameAfterAnArtifactRoundTrip() throws Exception {
        LabelledExamples<double[]> test = data(10, 4);

        SequenceClassifier loaded = SequenceClassifier.fromArtifact(
                ModelArtifact.fromBytes(model.toArtifact().toBytes(Optional.empty()), Optional.empty()));

        assertThat(loaded.card().name()).isEqualTo(model.card().name());
        assertThat(loaded.card().version()).isEqualTo(model.card().version());
        assertThat(loaded.card().metrics()).isEqualTo(model.card().metrics());
        assertThat(loaded.config()).isEqualTo(model.config());
        assertThat(loaded.classes()).isEqualTo(model.classes());
        assertThat(loaded.probabilities(test.examples())).isDeepEqualTo(model.probabilities(test.examples()));
    }

    @Test
    void shouldRefuseAnArtifactOfAnotherKind() {
        ModelArtifact wrongKind = new ModelArtifact(new io.streamcast.models.artifact.ModelCard("x", 1, "lstm-forecaster",
                model.card().created(), List.of(), java.util.Map.of(), java.util.Map.of(), java.util.Map.of()), java.util.Map.of());

        assertThatThrownBy(() -> SequenceClassifier.fromArtifact(wrongKind)).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("lstm-forecaster");
    }

    @Test
    void shouldStartUntrainedAtVersionZeroAndLearnFromARefit() {
        SequenceClassifier untrained = SequenceClassifier.untrained("sequences", SMALL, List.of("bump", "up"));
        LabelledExamples<double[]> train = data(60, 5);

        SequenceClassifier refitted = new SequenceClassifierTrainer(SMALL).refit(untrained, 1, train.examples(),
                train.indices(untrained.classes()), 30, List.of());

        assertThat(untrained.card().version()).isZero();
        assertThat(refitted.card().version()).isEqualTo(1);
        assertThat(refitted.classes()).isEqualTo(untrained.classes());
        LabelledExamples<double[]> test = data(20, 6);
        float[][] p = refitted.probabilities(test.examples());
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += refitted.classes().get(TopClasses.argMax(p[i])).equals(test.labels().get(i)) ? 1 : 0;
        }
        assertThat(right).isGreaterThanOrEqualTo(16);
    }

    @Test
    void shouldGiveEachCopyItsOwnNetworks() {
        SequenceClassifier copy = model.copy();

        assertThat(copy.ensemble().members().get(0)).isNotSameAs(model.ensemble().members().get(0));
        assertThat(copy.probabilities(List.of(new double[] {1, 2, 3})))
                .isDeepEqualTo(model.probabilities(List.of(new double[] {1, 2, 3})));
    }
}

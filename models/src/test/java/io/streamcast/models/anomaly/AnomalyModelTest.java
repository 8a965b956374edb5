package io.streamcast.models.anomaly;

import static io.streamcast.models.anomaly.AnomalyFixtures.SMALL;
import static io.streamcast.models.anomaly.AnomalyFixtures.seasonal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.models.artifact.InvalidArtifactException;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.artifact.ModelCard.DataRange;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnomalyModelTest {

    private static final List<DataRange> PROVENANCE = List.of(DataRange.ofFile("synthetic.csv", 0, 399));
    private static SeriesState state;
    private static AnomalyModel model;
    private static double[][] windows;

    @BeforeAll
    static void trainOnASeasonalSeries() {
        state = new SeriesState(SMALL);
        for (double v : seasonal(31, 400)) {
            state.add(v);
        }
        model = new AnomalyTrainer(SMALL).train("anomaly", 3, state.trainingSegments(), PROVENANCE);
        List<double[]> segments = state.trainingSegments();
        double[] last = segments.get(segments.size() - 1);
        windows = new double[][] {
                java.util.Arrays.copyOfRange(last, 100, 116),
                java.util.Arrays.copyOfRange(last, 384, 400),
        };
    }

    @Test
    void shouldReconstructExactlyTheSameAfterARoundTripThroughArtifactBytes() throws IOException {
        byte[] bytes = model.toArtifact().toBytes(Optional.empty());

        AnomalyModel loaded = AnomalyModel.fromArtifact(ModelArtifact.fromBytes(bytes, Optional.empty()));

        assertThat(loaded.reconstructionErrors(windows)).containsExactly(model.reconstructionErrors(windows));
        assertThat(loaded.config()).isEqualTo(SMALL);
        assertThat(loaded.card().kind()).isEqualTo("autoencoder-anomaly");
        assertThat(loaded.card().version()).isEqualTo(3);
        assertThat(loaded.card().trainingData()).isEqualTo(PROVENANCE);
        assertThat(loaded.card().hyperParameters()).containsEntry("window", 16).containsKey("encoder_sizes");
        assertThat(loaded.card().metrics()).containsKeys("validation_mse", "training_windows", "training_seconds");
        assertThat(model.toArtifact().toBytes(Optional.empty())).as("same model, same bytes").isEqualTo(bytes);
    }

    @Test
    void shouldRejectAnArtifactOfAnotherKind() {
        ModelCard forecaster = new ModelCard("forecaster", 1, "lstm-forecaster", Instant.EPOCH, List.of(), Map.of(),
                Map.of(), Map.of());

        assertThatThrownBy(() -> AnomalyModel.fromArtifact(model.toArtifact().withCard(forecaster)))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("not a autoencoder-anomaly");
    }

    @Test
    void shouldScoreTheSameWithACopyAsWithTheOriginal() {
        assertThat(model.copy().reconstructionErrors(windows)).containsExactly(model.reconstructionErrors(windows));
    }

    @Test
    void shouldGiveTheSameModelWhenTrainedTwiceWithTheSameSeedAndData() {
        AnomalyModel again = new AnomalyTrainer(SMALL).train("anomaly", 3, state.trainingSegments(), PROVENANCE);
        AnomalyModel otherSeed = new AnomalyTrainer(SMALL.withTraining(15, 3, 43L))
                .train("anomaly", 3, state.trainingSegments(), PROVENANCE);

        assertThat(again.reconstructionErrors(windows)).containsExactly(model.reconstructionErrors(windows));
        assertThat(otherSeed.reconstructionErrors(windows)).isNotEqualTo(model.reconstructionErrors(windows));
    }

    @Test
    void shouldReconstructNormalWindowsBetterAfterTraining() {
        double[] segment = state.trainingSegments().get(0);
        double[][] all = new double[segment.length - 15][];
        for (int i = 0; i < all.length; i++) {
            all[i] = java.util.Arrays.copyOfRange(segment, i, i + 16);
        }
        ModelCard card = new ModelCard("anomaly", 0, AnomalyModel.KIND, Instant.EPOCH, List.of(), Map.of(), Map.of(), Map.of());
        AnomalyModel untrained = new AnomalyModel(card, SMALL, AnomalyModel.newNetwork(SMALL));

        assertThat(mean(model.reconstructionErrors(all))).isLessThan(mean(untrained.reconstructionErrors(all)) / 3);
    }

    @Test
    void shouldRefitFromThePreviousModelWithoutChangingIt() {
        double[] before = model.reconstructionErrors(windows);

        AnomalyModel refitted = new AnomalyTrainer(SMALL).refit(model, 4, state.trainingSegments(), PROVENANCE);

        assertThat(model.reconstructionErrors(windows)).containsExactly(before);
        assertThat(refitted.card().name()).isEqualTo("anomaly");
        assertThat(refitted.card().version()).isEqualTo(4);
        assertThat(refitted.card().metrics().get("epochs")).isLessThanOrEqualTo(SMALL.refitEpochs());
    }

    @Test
    void shouldRejectTrainingDataWithoutAWindowWithAHelpfulMessage() {
        assertThatThrownBy(() -> new AnomalyTrainer(SMALL).train("anomaly", 1, List.of(new double[15], new double[3]), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no segment holds a window of 16 points")
                .hasMessageContaining("[15, 3]");
    }

    private static double mean(double[] xs) {
        return java.util.Arrays.stream(xs).average().orElseThrow();
    }
}

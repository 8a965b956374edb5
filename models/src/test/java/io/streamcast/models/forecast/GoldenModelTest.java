package io.streamcast.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.artifact.ModelCard.DataRange;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loads a forecaster artifact written by an earlier version (see {@link GoldenModelWriter}) and checks that
 * today's code reads its card and predicts what it predicted then. A failure here means saved models would
 * break: change the code back, or keep reading the old format and add a v2 golden file beside v1.
 */
class GoldenModelTest {

    private static final String DIR = "/golden/";
    /** Relative to the value (absolute below 1): float network outputs, scaled back to levels up to 1000. */
    private static final double TOLERANCE = 1e-5;

    /** The committed expectations, read independently of the writer's own types. */
    record Expected(String artifact, String note, List<Case> cases) {
    }

    record Case(String name, double[] window, double[] mean, double[] lower, double[] upper) {
    }

    private static Expected expected;
    private static ModelArtifact artifact;

    @BeforeAll
    static void loadCommittedFiles() throws IOException {
        expected = JsonMapper.builder().build().readValue(resource("forecaster-v1-expected.json"), Expected.class);
        artifact = ModelArtifact.fromBytes(resource(expected.artifact()), Optional.empty());
    }

    @Test
    void shouldPredictWhatTheV1ArtifactPredictedWhenItWasWritten() throws IOException {
        LstmForecaster forecaster = LstmForecaster.fromArtifact(artifact);
        double[][] windows = expected.cases().stream().map(Case::window).toArray(double[][]::new);

        Forecast[] forecasts = forecaster.predict(windows);

        assertThat(expected.cases()).hasSize(6);
        for (int i = 0; i < windows.length; i++) {
            Case c = expected.cases().get(i);
            assertClose(c.name() + ": mean", forecasts[i].mean(), c.mean());
            assertClose(c.name() + ": lower", forecasts[i].lower(), c.lower());
            assertClose(c.name() + ": upper", forecasts[i].upper(), c.upper());
        }
    }

    @Test
    void shouldReadTheV1ModelCard() {
        ModelCard card = artifact.card();

        assertThat(card.name()).isEqualTo("forecaster");
        assertThat(card.version()).isEqualTo(1);
        assertThat(card.kind()).isEqualTo(LstmForecaster.KIND);
        assertThat(card.created()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(card.trainingData()).containsExactly(DataRange.ofFile("synthetic-level-10.csv", 0, 199),
                DataRange.ofFile("synthetic-level-1000.csv", 0, 199));
        assertThat(card.hyperParameters()).containsEntry("window", 16).containsEntry("horizon", 4)
                .containsEntry("season", 4).containsEntry("lstm_sizes", List.of(4)).containsEntry("max_epochs", 2)
                .containsEntry("learning_rate", 0.01);
        assertThat(((Number) card.hyperParameters().get("seed")).longValue()).isEqualTo(1L);
        assertThat(card.metrics()).containsEntry("epochs", 2.0).containsEntry("training_windows", 284.0)
                .containsKeys("validation_mse", "validation_mse_naive", "validation_skill");
        assertThat(card.libraries()).containsEntry("deeplearning4j", "1.0.0-M2.1").containsKeys("streamcast", "java");
    }

    @Test
    void shouldRestoreTheV1ShapeAndSettings() throws IOException {
        LstmForecaster forecaster = LstmForecaster.fromArtifact(artifact);

        assertThat(forecaster.window()).isEqualTo(16);
        assertThat(forecaster.horizon()).isEqualTo(4);
        assertThat(forecaster.config()).isEqualTo(
                new ForecasterConfig(16, 4, 4, List.of(4), 1e-2, 128, 2, 4, 0.2, 20_000, 1L, 0.9));
    }

    private static void assertClose(String what, double[] actual, double[] expected) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int k = 0; k < expected.length; k++) {
            double allowed = TOLERANCE * Math.max(1, Math.abs(expected[k]));
            assertThat(Math.abs(actual[k] - expected[k])).as("%s, step %d: %s vs %s", what, k, actual[k], expected[k])
                    .isLessThanOrEqualTo(allowed);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = GoldenModelTest.class.getResourceAsStream(DIR + name)) {
            assertThat(in).as("test resource %s", DIR + name).isNotNull();
            return in.readAllBytes();
        }
    }
}

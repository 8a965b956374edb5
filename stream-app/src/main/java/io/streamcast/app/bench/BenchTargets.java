package io.streamcast.app.bench;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.models.anomaly.AnomalyConfig;
import io.streamcast.models.artifact.InvalidArtifactException;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.forecast.LstmForecaster;
import io.streamcast.models.image.ImageClassifier;
import io.streamcast.models.sequence.SequenceClassifier;
import io.streamcast.models.text.TextClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The model kinds {@code bench --model} knows, and how each is set up. */
public final class BenchTargets {
    /**
     * Distinct series by default (for a classifier, distinct inputs): the anomaly detector keeps a 16 KB history per
     * series and is warmed up to it.
     */
    public static int defaultSeries(String model) {
        return "anomaly".equals(model) ? 100 : 1_000;
    }

    /** Every kind the command accepts, in the order of its help. */
    public static final List<String> MODELS = List.of("forecaster", "anomaly", "image", "text", "sequence");

    private BenchTargets() {
    }

    /**
     * The target for {@code model}.
     *
     * @param artifact a model artifact to bench instead of the default shape, or null
     * @param settings streamcast.* settings (window, horizon, …)
     * @param series   distinct series (for a classifier, distinct inputs) the workload cycles through
     * @param points   points a series gets at most in the run
     * @throws IllegalArgumentException for an unknown kind
     * @throws IOException              when the artifact cannot be read or is not of the kind
     */
    public static BenchTarget create(String model, Path artifact, Map<String, Object> settings, int series, long points)
            throws IOException {
        StreamcastConfig config = new StreamcastConfig(settings);
        switch (model) {
            case "forecaster" -> {
                LstmForecaster forecaster = artifact == null
                        ? ForecasterTarget.defaultModel(config.window(), config.horizon())
                        : load(artifact, config, LstmForecaster::fromArtifact);
                return new ForecasterTarget(forecaster, series, points);
            }
            case "anomaly" -> {
                return new AnomalyTarget(AnomalyConfig.defaults().withThreshold(config.anomalyThreshold()), series, points);
            }
            case "image" -> {
                return new ImageTarget(artifact == null ? ImageTarget.defaultModel(config)
                        : load(artifact, config, ImageClassifier::fromArtifact), config, series);
            }
            case "text" -> {
                return new TextTarget(artifact == null ? TextTarget.defaultModel(config)
                        : load(artifact, config, TextClassifier::fromArtifact), config, series);
            }
            case "sequence" -> {
                return new SequenceTarget(artifact == null ? SequenceTarget.defaultModel(config)
                        : load(artifact, config, SequenceClassifier::fromArtifact), config, series);
            }
            default -> throw new IllegalArgumentException("--model " + model + ": unknown; one of " + String.join(", ", MODELS));
        }
    }

    /** How a kind reads its model from a verified artifact. */
    @FunctionalInterface
    private interface Loader<M> {
        M load(ModelArtifact artifact) throws InvalidArtifactException;
    }

    /** The artifact's model; an unreadable, unverified or other kind's artifact is refused naming the option. */
    private static <M> M load(Path artifact, StreamcastConfig config, Loader<M> loader) throws IOException {
        try {
            return loader.load(ModelArtifact.read(artifact, config.signingKey()));
        } catch (IOException e) {
            throw new IOException("--artifact " + artifact + ": " + e.getMessage(), e);
        }
    }
}

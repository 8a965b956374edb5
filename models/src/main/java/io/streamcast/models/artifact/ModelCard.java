package io.streamcast.models.artifact;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a model artifact says about itself: identity, provenance, hyper-parameters and evaluation.
 *
 * @param name            the model's name, e.g. {@code forecaster}; the registry key
 * @param version         monotonically increasing per name; stamped on every prediction
 * @param kind            the model family, e.g. {@code lstm-forecaster}; decides how the artifact is loaded
 * @param created         when training finished
 * @param trainingData    where the training data came from (files or topic/partition/offset ranges)
 * @param hyperParameters the settings training used
 * @param metrics         evaluation on data held back from training (e.g. {@code validation_mse})
 * @param libraries       versions of the libraries that wrote the artifact
 */
public record ModelCard(
        String name,
        long version,
        String kind,
        Instant created,
        List<DataRange> trainingData,
        Map<String, Object> hyperParameters,
        Map<String, Double> metrics,
        Map<String, String> libraries) {

    public ModelCard {
        trainingData = List.copyOf(trainingData);
        hyperParameters = Map.copyOf(hyperParameters);
        metrics = Map.copyOf(metrics);
        libraries = Map.copyOf(libraries);
    }

    /** The same card with another version number (the registry assigns versions on promotion). */
    public ModelCard withVersion(long newVersion) {
        return new ModelCard(name, newVersion, kind, created, trainingData, hyperParameters, metrics, libraries);
    }

    /**
     * One contiguous slice of training data: a file's rows, or a topic partition's offsets.
     *
     * @param source    a file name or a topic name
     * @param partition the topic partition, or -1 for a file
     * @param from      first row or offset (inclusive)
     * @param to        last row or offset (inclusive)
     */
    public record DataRange(String source, int partition, long from, long to) {
        /** A range of rows of a file. */
        public static DataRange ofFile(String file, long fromRow, long toRow) {
            return new DataRange(file, -1, fromRow, toRow);
        }
    }
}

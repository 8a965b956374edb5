package io.streamcast.models.classify;

import io.streamcast.models.artifact.ModelCard.DataRange;
import java.util.List;

/**
 * Trains a new version of a classifier on labelled examples, starting from a previous one (same classes and
 * input shape). Touches no shared state, so a stream runs it on an executor of its own and swaps the result in.
 *
 * @param <X> the decoded input the model reads
 */
public interface ClassifierTrainer<X> {
    /**
     * Trains on from {@code start}'s weights, at most {@code maxEpochs}, keeping the best epoch on a held-back part
     * of the examples. {@code start} is left as it was.
     *
     * @param start      the model to continue from
     * @param version    the new model's version
     * @param inputs     the examples, oldest first
     * @param labels     the index of each example's class in {@code start.classes()}
     * @param maxEpochs  passes over the examples at most
     * @param provenance where the examples came from, for the card
     */
    Classifier<X> refit(Classifier<X> start, long version, List<X> inputs, int[] labels, int maxEpochs,
                        List<DataRange> provenance);
}

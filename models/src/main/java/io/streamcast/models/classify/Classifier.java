package io.streamcast.models.classify;

import io.streamcast.models.artifact.ModelCard;
import java.util.List;

/**
 * A trained model that gives class probabilities for inputs of type {@code X} (an image, a text, a sequence).
 * The classes are part of the model: row {@code i} of {@link #probabilities} holds one probability per entry of
 * {@link #classes()}, in that order.
 *
 * <p>Threads: a DL4J network must not be used by two threads at once. Share one instance and predict with a
 * {@link #copy()} per thread.
 *
 * @param <X> the decoded input the model reads
 */
public interface Classifier<X> {
    /** Identity, provenance and evaluation of the model; its version is stamped on every prediction. */
    ModelCard card();

    /** The class names, in the order of the probabilities. */
    List<String> classes();

    /** One row of class probabilities (summing to 1) per input, in one batched call. */
    float[][] probabilities(List<X> inputs);

    /** An independent copy for another thread. */
    Classifier<X> copy();
}

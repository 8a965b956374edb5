package io.streamcast.models.classify;

import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.artifact.ModelCard;
import java.util.List;

/**
 * A trained classifier as the stream, {@code evaluate} and a library user see it: batched prediction with its
 * pre-processing inside, a model card, and an artifact. Not thread-safe: each thread uses its own {@link #copy()}.
 *
 * @param <X> what it classifies (a text, a sequence of values)
 */
public interface Classifier<X> {
    ModelCard card();

    /** The class names, in the order of {@link ClassPrediction#probabilities()}. */
    List<String> classes();

    /** One prediction per input, in input order (one network call per chunk of inputs). */
    ClassPrediction[] predict(List<X> inputs);

    /** An independent copy for another thread. */
    Classifier<X> copy();

    /** The same model under another card (e.g. a registry-assigned version). */
    Classifier<X> withCard(ModelCard newCard);

    /** Networks, pre-processing state and model card in one artifact. */
    ModelArtifact toArtifact();
}

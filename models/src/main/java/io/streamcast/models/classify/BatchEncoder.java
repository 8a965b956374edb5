package io.streamcast.models.classify;

import java.util.List;

/**
 * Turns examples into network input: the pre-processing a classifier shares between training, evaluation and the
 * stream, so all three see the same features.
 *
 * @param <X> the example type (a text, a sequence of values)
 */
@FunctionalInterface
public interface BatchEncoder<X> {
    /** Encodes a non-empty list of examples as one batch. */
    EncodedBatch encode(List<X> examples);
}

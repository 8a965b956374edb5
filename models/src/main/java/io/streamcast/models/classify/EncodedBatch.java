package io.streamcast.models.classify;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch of examples as network input.
 *
 * @param features the network input, e.g. [n, channels, steps]
 * @param mask     per example and step, 1 for a real step and 0 for padding ([n, steps]); null when every example
 *                 fills every step
 */
public record EncodedBatch(INDArray features, INDArray mask) {
    /** The number of examples. */
    public int size() {
        return (int) features.size(0);
    }
}

package io.streamcast.models.anomaly;

import io.streamcast.models.artifact.ModelCard;

/**
 * What scoring a stream needs of an anomaly model: its card and the reconstruction errors of a batch of windows
 * ({@link AnomalyModel#reconstructionErrors}). Not thread-safe: each thread scores with its own {@link #copy()}.
 */
public interface ReconstructionModel {
    ModelCard card();

    /** The reconstruction error of the newest point of each window (rows of normalised points, oldest first). */
    double[] reconstructionErrors(double[][] windows);

    /** An independent instance with the same parameters, for another thread. */
    ReconstructionModel copy();
}

package io.streamcast.models.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

/**
 * Runs encoded inputs through an ensemble in chunks of similar length (so a short text is not padded to the longest
 * of the whole call) and returns the class probabilities in input order.
 */
public final class BatchPrediction {
    /** Inputs per network call at most. */
    public static final int CHUNK = 256;

    private BatchPrediction() {
    }

    public static <E> float[][] probabilities(Ensemble ensemble, BatchEncoder<E> encoder, List<E> encoded,
            ToIntFunction<E> length) {
        int n = encoded.size();
        float[][] out = new float[n][];
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> length.applyAsInt(encoded.get(i))));
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            List<E> chunk = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                chunk.add(encoded.get(order[k]));
            }
            float[][] p = ensemble.probabilities(encoder.encode(chunk));
            for (int k = from; k < to; k++) {
                out[order[k]] = p[k - from];
            }
        }
        return out;
    }
}

package io.streamcast.models.sequence;

import io.streamcast.models.classify.BatchEncoder;
import io.streamcast.models.classify.EncodedBatch;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sequences of numbers as network input: each is shortened to at most {@code maxLength} points (by averaging
 * consecutive points), normalised on its own (zero mean, unit standard deviation; a constant sequence becomes
 * zeros), and padded with zeros to the longest of the batch (rounded up to a multiple of the pooling factor), with
 * a step mask when there is padding.
 */
public final class SequenceEncoder implements BatchEncoder<double[]> {
    private final int maxLength;
    private final int stepMultiple;

    /**
     * @param stepMultiple the padded length is a multiple of this (the network's pooling factor), so pooling windows
     *                     fall on the same steps whatever the batch's longest sequence is
     */
    public SequenceEncoder(int maxLength, int stepMultiple) {
        this.maxLength = maxLength;
        this.stepMultiple = stepMultiple;
    }

    @Override
    public EncodedBatch encode(List<double[]> sequences) {
        int n = sequences.size();
        float[][] rows = new float[n][];
        int longest = 0;
        boolean ragged = false;
        for (int i = 0; i < n; i++) {
            rows[i] = normalise(shorten(sequences.get(i), maxLength));
            ragged |= i > 0 && rows[i].length != rows[0].length;
            longest = Math.max(longest, rows[i].length);
        }
        if (longest % stepMultiple != 0) {
            longest += stepMultiple - longest % stepMultiple;
            ragged = true;
        }
        float[] features = new float[n * longest];
        float[] mask = ragged ? new float[n * longest] : null;
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, features, i * longest, rows[i].length);
            if (mask != null) {
                java.util.Arrays.fill(mask, i * longest, i * longest + rows[i].length, 1f);
            }
        }
        return new EncodedBatch(Nd4j.create(features, new long[] {n, 1, longest}, 'c'),
                mask == null ? null : Nd4j.create(mask, new long[] {n, longest}, 'c'));
    }

    /** The sequence itself when it has at most {@code max} points, else {@code max} means of consecutive stretches. */
    static double[] shorten(double[] x, int max) {
        if (x.length <= max) {
            return x;
        }
        double[] out = new double[max];
        for (int j = 0; j < max; j++) {
            // stretch j covers [j * len / max, (j + 1) * len / max), with fractional weights at its ends
            double from = (double) j * x.length / max;
            double to = (double) (j + 1) * x.length / max;
            double sum = 0;
            for (int i = (int) Math.floor(from); i < Math.ceil(to); i++) {
                double w = Math.min(to, i + 1) - Math.max(from, i);
                sum += w * x[i];
            }
            out[j] = sum / (to - from);
        }
        return out;
    }

    /** Zero mean and unit standard deviation; zeros for a constant sequence. */
    static float[] normalise(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / x.length);
        float[] out = new float[x.length];
        if (sd < 1e-8 * Math.max(1.0, Math.abs(mean))) {
            return out;
        }
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - mean) / sd);
        }
        return out;
    }
}

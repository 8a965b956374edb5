package io.streamcast.models.eval;

import java.util.List;

/**
 * Counts of (actual class, predicted class) pairs, and the accuracy, per-class precision, recall and F1, and
 * macro-averaged F1 they give.
 */
public final class ConfusionMatrix {
    private final List<String> classes;
    private final long[][] counts;
    private long total;

    public ConfusionMatrix(List<String> classes) {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("no classes");
        }
        this.classes = List.copyOf(classes);
        this.counts = new long[classes.size()][classes.size()];
    }

    /** Counts one prediction. */
    public void add(int actual, int predicted) {
        counts[actual][predicted]++;
        total++;
    }

    public List<String> classes() {
        return classes;
    }

    /** Predictions counted. */
    public long total() {
        return total;
    }

    /** How often class {@code actual} was predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** A copy of the counts: rows are the actual classes, columns the predicted ones. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Share of correct predictions; NaN when nothing was counted. */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /** Inputs of class {@code c} counted. */
    public long support(int c) {
        long s = 0;
        for (long n : counts[c]) {
            s += n;
        }
        return s;
    }

    private long predicted(int c) {
        long p = 0;
        for (long[] row : counts) {
            p += row[c];
        }
        return p;
    }

    /** Of the inputs predicted as {@code c}, the share that are {@code c}; 0 when none was. */
    public double precision(int c) {
        long p = predicted(c);
        return p == 0 ? 0 : (double) counts[c][c] / p;
    }

    /** Of the inputs of class {@code c}, the share predicted as {@code c}; 0 when there was none. */
    public double recall(int c) {
        long s = support(c);
        return s == 0 ? 0 : (double) counts[c][c] / s;
    }

    /** Harmonic mean of precision and recall; 0 when both are 0. */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /**
     * The unweighted mean of the per-class F1 over the classes that occur, as actual or as predicted class (a
     * class absent from both says nothing about the model); NaN when nothing was counted.
     */
    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < counts.length; c++) {
            if (support(c) > 0 || predicted(c) > 0) {
                sum += f1(c);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}

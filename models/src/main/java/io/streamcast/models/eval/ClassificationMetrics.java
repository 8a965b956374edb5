package io.streamcast.models.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores of a classifier's predictions against the true classes: accuracy, per-class precision/recall/F1, their
 * unweighted mean over classes (macro F1), and for two classes the scores of the positive class, taken to be the
 * minority class of the truth (spam, the rare defect) because that is the one a user watches.
 *
 * <p>A class with no true and no predicted member has an undefined F1 and is left out of the macro mean; a class
 * that is predicted but never right, or present but never found, counts with F1 0.
 */
public final class ClassificationMetrics {
    private final List<String> classes;
    private final long[][] confusion; // [truth][predicted]
    private final long n;

    private ClassificationMetrics(List<String> classes, long[][] confusion, long n) {
        this.classes = classes;
        this.confusion = confusion;
        this.n = n;
    }

    /**
     * @param classes   class names; indices below refer to them
     * @param truth     the true class index of each example
     * @param predicted the predicted class index of each example
     * @throws IllegalArgumentException when the lengths differ or an index is out of range
     */
    public static ClassificationMetrics of(List<String> classes, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true classes but " + predicted.length + " predictions");
        }
        int k = classes.size();
        long[][] confusion = new long[k][k];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
                throw new IllegalArgumentException("class index out of range 0.." + (k - 1) + " at example " + i
                        + ": truth " + truth[i] + ", predicted " + predicted[i]);
            }
            confusion[truth[i]][predicted[i]]++;
        }
        return new ClassificationMetrics(List.copyOf(classes), confusion, truth.length);
    }

    public long n() {
        return n;
    }

    public List<String> classes() {
        return classes;
    }

    /** Share of examples predicted right; NaN without examples. */
    public double accuracy() {
        long right = 0;
        for (int c = 0; c < confusion.length; c++) {
            right += confusion[c][c];
        }
        return n == 0 ? Double.NaN : (double) right / n;
    }

    /** Of the examples predicted {@code c}, the share that are {@code c}; 0 when none is predicted {@code c}. */
    public double precision(int c) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? 0.0 : (double) confusion[c][c] / predicted;
    }

    /** Of the examples of class {@code c}, the share predicted {@code c}; 0 when there is none. */
    public double recall(int c) {
        long actual = support(c);
        return actual == 0 ? 0.0 : (double) confusion[c][c] / actual;
    }

    /** Harmonic mean of precision and recall of class {@code c}; 0 when both are 0. */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    /** Examples whose true class is {@code c}. */
    public long support(int c) {
        long s = 0;
        for (long v : confusion[c]) {
            s += v;
        }
        return s;
    }

    /** Mean F1 over the classes that occur in the truth or the predictions; NaN without examples. */
    public double macroF1() {
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < confusion.length; c++) {
            long predicted = 0;
            for (long[] row : confusion) {
                predicted += row[c];
            }
            if (support(c) > 0 || predicted > 0) {
                sum += f1(c);
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /**
     * The positive class of a two-class problem: the one with fewer true examples (on a tie, the second).
     *
     * @throws IllegalStateException when there are not exactly two classes
     */
    public int minorityClass() {
        if (confusion.length != 2) {
            throw new IllegalStateException("a minority class is defined for two classes, there are " + confusion.length);
        }
        return support(0) < support(1) ? 0 : 1;
    }

    /** The confusion count of examples of class {@code truth} predicted as {@code predicted}. */
    public long count(int truth, int predicted) {
        return confusion[truth][predicted];
    }

    /**
     * The figures as an ordered map for a JSON line: {@code n}, {@code accuracy}, {@code macro_f1}, and with two
     * classes also {@code positive_class}, {@code precision}, {@code recall} and {@code f1} of the minority class.
     * Values are rounded to 4 decimals.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        m.put("accuracy", round(accuracy()));
        m.put("macro_f1", round(macroF1()));
        if (confusion.length == 2) {
            int positive = minorityClass();
            m.put("positive_class", classes.get(positive));
            m.put("precision", round(precision(positive)));
            m.put("recall", round(recall(positive)));
            m.put("f1", round(f1(positive)));
        }
        return m;
    }

    private static Double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10_000) / 10_000.0 : null;
    }
}

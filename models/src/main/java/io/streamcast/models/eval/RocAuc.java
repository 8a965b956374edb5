package io.streamcast.models.eval;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Area under the ROC curve of scores against binary labels: the probability that a random positive scores above
 * a random negative, ties counting one half (the Mann–Whitney statistic). Threshold-free, so it judges a score's
 * ranking before anyone picks a threshold.
 */
public final class RocAuc {
    private RocAuc() {
    }

    /**
     * @param scores higher means more likely positive; NaN is not allowed
     * @param labels true for positives, one per score
     * @throws IllegalArgumentException when the lengths differ, a score is NaN, or a class is missing
     */
    public static double of(double[] scores, boolean[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positiveRankSum = 0;
        long positives = 0;
        for (int from = 0; from < order.length; ) {
            int to = from;
            while (to < order.length && scores[order[to]] == scores[order[from]]) {
                to++;
            }
            double midRank = (from + 1 + to) / 2.0; // ranks from+1 … to share their mean
            for (int k = from; k < to; k++) {
                if (labels[order[k]]) {
                    positiveRankSum += midRank;
                    positives++;
                }
            }
            from = to;
        }
        long negatives = order.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("AUC needs both classes: " + positives + " positives, " + negatives + " negatives");
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}

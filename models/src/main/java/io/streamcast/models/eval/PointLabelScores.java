package io.streamcast.models.eval;

/**
 * Point-wise detection quality of anomaly scores against 0/1 labels: precision, recall and F1 of the points
 * scored at or above a threshold, and the threshold-free ROC AUC.
 *
 * @param points    points scored
 * @param positives points labelled anomalous
 * @param flagged   points at or above the threshold
 * @param truePositives flagged points labelled anomalous
 */
public record PointLabelScores(int points, int positives, int flagged, int truePositives, double precision, double recall,
                               double f1, double rocAuc, double threshold) {

    public static PointLabelScores of(double[] scores, boolean[] labels, double threshold) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
        int positives = 0;
        int flagged = 0;
        int tp = 0;
        boolean bothClasses;
        for (int i = 0; i < scores.length; i++) {
            boolean flag = scores[i] >= threshold;
            positives += labels[i] ? 1 : 0;
            flagged += flag ? 1 : 0;
            tp += flag && labels[i] ? 1 : 0;
        }
        bothClasses = positives > 0 && positives < scores.length;
        double precision = flagged == 0 ? Double.NaN : (double) tp / flagged;
        double recall = positives == 0 ? Double.NaN : (double) tp / positives;
        double f1 = tp == 0 ? 0 : 2 * precision * recall / (precision + recall);
        double auc = bothClasses ? RocAuc.of(scores, labels) : Double.NaN;
        return new PointLabelScores(scores.length, positives, flagged, tp, precision, recall, f1, auc, threshold);
    }
}

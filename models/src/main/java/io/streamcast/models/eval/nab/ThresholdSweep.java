package io.streamcast.models.eval.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The scored rows of all files under one profile, each with the weight it adds if it is a detection, ordered by
 * anomaly score (highest first); lowering the threshold one distinct score at a time gives the score at every
 * threshold in one pass — NAB's {@code Sweeper.calcScoreByThreshold} over a whole corpus.
 */
final class ThresholdSweep {

    private static final int OUTSIDE = -1;

    private final NabProfile profile;
    private final double[] anomalyScores;
    /** The row's reward as a window's detection, or (negative) cost as a false positive. */
    private final double[] weights;
    /** The row's window, numbered over the corpus, or {@link #OUTSIDE}. */
    private final int[] windowIds;
    private final int windows;

    ThresholdSweep(NabCorpus corpus, Map<String, double[]> scoresByFile, NabProfile profile) {
        this.profile = profile;
        List<double[]> rows = new ArrayList<>(); // {anomaly score, weight, window id}
        int windowCount = 0;
        for (NabDataFile file : corpus.files().values()) {
            double[] scores = scoresByFile.get(file.key());
            if (scores != null) {
                windowCount = addRows(file, scores, windowCount, rows);
            }
        }
        Integer[] order = new Integer[rows.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(rows.get(b)[0], rows.get(a)[0]));
        anomalyScores = new double[order.length];
        weights = new double[order.length];
        windowIds = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            double[] row = rows.get(order[k]);
            anomalyScores[k] = row[0];
            weights[k] = row[1];
            windowIds[k] = (int) row[2];
        }
        windows = windowCount;
    }

    /**
     * Appends a file's rows after its probation period (NAB's {@code Sweeper.calcSweepScore}); returns the number
     * of windows numbered so far. A window gets a number at its first scored row, so one inside the probation
     * period gets none.
     */
    private int addRows(NabDataFile file, double[] scores, int windowCount, List<double[]> rows) {
        int probation = NabScorer.probationRows(file.rows());
        List<NabWindow> fileWindows = file.windows();
        int nextWindow = 0;
        NabWindow current = null;
        NabWindow previous = null;
        int currentId = OUTSIDE;
        for (int i = 0; i < file.rows(); i++) {
            if (nextWindow < fileWindows.size() && fileWindows.get(nextWindow).firstRow() == i) {
                current = fileWindows.get(nextWindow++);
                currentId = OUTSIDE;
            }
            double weight;
            if (current != null) {
                double position = -(current.lastRow() - i + 1) / (double) current.rows();
                weight = ScaledSigmoid.of(position) * profile.tpWeight() / ScaledSigmoid.AT_WINDOW_START;
            } else if (previous == null) {
                weight = -1.0 * profile.fpWeight();
            } else {
                // a one-row window gives +infinity here, i.e. the full A_FP (NAB would divide by zero)
                double position = Math.abs(previous.lastRow() - i) / (double) (previous.rows() - 1);
                weight = ScaledSigmoid.of(position) * profile.fpWeight();
            }
            if (i >= probation) {
                if (current != null && currentId == OUTSIDE) {
                    currentId = windowCount++;
                }
                rows.add(new double[] {scores[i], weight, current == null ? OUTSIDE : currentId});
            }
            if (current != null && i == current.lastRow()) {
                previous = current;
                current = null;
            }
        }
        return windowCount;
    }

    /** The score at the threshold that scores highest; of equal scores, the highest threshold's (as in NAB). */
    NabScore best() {
        Tally tally = new Tally();
        double threshold = NabScorer.NO_DETECTION_THRESHOLD;
        double bestRaw = tally.raw();
        NabScore best = tally.score(threshold, bestRaw);
        for (int k = 0; k < anomalyScores.length; k++) {
            if (anomalyScores[k] != threshold) {
                double raw = tally.raw();
                if (raw > bestRaw) {
                    bestRaw = raw;
                    best = tally.score(threshold, raw);
                }
                threshold = anomalyScores[k];
            }
            tally.detect(k);
        }
        double raw = tally.raw();
        return raw > bestRaw ? tally.score(threshold, raw) : best;
    }

    /** The score with rows at or above {@code threshold} as detections. */
    NabScore at(double threshold) {
        Tally tally = new Tally();
        for (int k = 0; k < anomalyScores.length && anomalyScores[k] >= threshold; k++) {
            tally.detect(k);
        }
        return tally.score(threshold, tally.raw());
    }

    /** The score so far as the threshold is lowered. */
    private final class Tally {
        private final double[] windowParts = new double[windows];
        private final boolean[] detected = new boolean[windows];
        private double falsePositives;
        private int windowsDetected;
        private int tp;
        private int fp;
        private int fn;
        private int tn;

        Tally() {
            Arrays.fill(windowParts, -profile.fnWeight());
            for (int windowId : windowIds) {
                if (windowId == OUTSIDE) {
                    tn++;
                } else {
                    fn++;
                }
            }
        }

        void detect(int k) {
            int window = windowIds[k];
            if (window == OUTSIDE) {
                falsePositives += weights[k];
                fp++;
                tn--;
                return;
            }
            tp++;
            fn--;
            if (!detected[window]) {
                detected[window] = true;
                windowsDetected++;
            }
            // rows come by anomaly score, not time: the window keeps its earliest (best-weighted) detection
            windowParts[window] = Math.max(windowParts[window], weights[k]);
        }

        /** Summed afresh each time, as NAB does, so that thresholds adding nothing tie exactly. */
        double raw() {
            double sum = falsePositives;
            for (double part : windowParts) {
                sum += part;
            }
            return sum;
        }

        NabScore score(double threshold, double raw) {
            double nullScore = -profile.fnWeight() * windows;
            double perfectScore = profile.tpWeight() * windows;
            double normalised = windows == 0 ? Double.NaN : 100 * (raw - nullScore) / (perfectScore - nullScore);
            return new NabScore(profile, threshold, normalised, raw, nullScore, perfectScore, windows,
                    windowsDetected, tp, fp, fn, tn);
        }
    }
}

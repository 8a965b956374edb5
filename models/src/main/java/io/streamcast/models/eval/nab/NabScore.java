package io.streamcast.models.eval.nab;

/**
 * A detector's NAB score under one profile, at one threshold, over the scored files.
 *
 * @param threshold       rows with an anomaly score at or above it are detections ({@link
 *                        NabScorer#NO_DETECTION_THRESHOLD} when detecting nothing scores best)
 * @param normalisedScore {@code 100 × (rawScore − nullScore) / (perfectScore − nullScore)}: 0 for a detector that
 *                        never detects, 100 for one that detects each window on its first row and nothing else;
 *                        NaN if the files have no windows
 * @param rawScore        the sum of true-positive rewards, false-positive costs and missed-window costs
 * @param nullScore       {@code −A_FN × windows}
 * @param perfectScore    {@code A_TP × windows}
 * @param windows         windows with at least one row after the probation period (the others are not scored)
 * @param windowsDetected windows with at least one detection
 * @param tp              detected rows inside windows (NAB's counts are of rows after the probation period)
 * @param fp              detected rows outside windows
 * @param fn              undetected rows inside windows
 * @param tn              undetected rows outside windows
 */
public record NabScore(NabProfile profile, double threshold, double normalisedScore, double rawScore,
        double nullScore, double perfectScore, int windows, int windowsDetected, int tp, int fp, int fn, int tn) {
}

/**
 * The Numenta Anomaly Benchmark (NAB) score: reading NAB's data and results layouts, and scoring detectors the way
 * NAB's own scorer does (Lavin &amp; Ahmad 2015, "Evaluating Real-time Anomaly Detection Algorithms – the Numenta
 * Anomaly Benchmark"; numenta/NAB {@code nab/sweeper.py}, {@code nab/optimizer.py}, {@code nab/runner.py}).
 *
 * <p>The flow: {@link io.streamcast.models.eval.nab.NabCorpus} (data files and their labelled anomaly windows) →
 * anomaly scores per file, aligned to its rows (from a detector, or {@link io.streamcast.models.eval.nab.NabResults}
 * for a results directory) → {@link io.streamcast.models.eval.nab.NabScorer} → one
 * {@link io.streamcast.models.eval.nab.NabScore} per {@link io.streamcast.models.eval.nab.NabProfile}.
 *
 * <p>The method, as NAB implements it:
 * <ul>
 *   <li>A row is a detection when its anomaly score is at least the threshold. One threshold is chosen per profile
 *       for all scored files together, the one with the highest total score (ties: the highest threshold).
 *   <li>The first {@code min(floor(0.15 × rows), 750)} rows of each file are the probation period: they are neither
 *       rewarded nor penalised, and a window with no row after it is not scored at all.
 *   <li>A window is worth its earliest detection: {@code A_TP × σ(−(last − i + 1) / width) / σ(−1)}, where
 *       {@code σ(x) = 2 / (1 + e^{5x}) − 1}, so a detection on the window's first row earns exactly {@code A_TP}
 *       and later ones less. Further detections in the same window add nothing. A window without one costs
 *       {@code A_FN}.
 *   <li>A detection outside every window costs {@code A_FP} if no window precedes it in its file, and otherwise
 *       {@code A_FP × σ((i − last) / (width − 1))} relative to the preceding window — close behind it almost
 *       nothing, from three widths on the full {@code A_FP}.
 *   <li>Normalised score: {@code 100 × (raw − null) / (perfect − null)} with {@code null = −A_FN × windows} (no
 *       detections) and {@code perfect = A_TP × windows} (each window detected on its first row).
 * </ul>
 */
package io.streamcast.models.eval.nab;

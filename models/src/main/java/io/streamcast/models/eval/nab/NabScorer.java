package io.streamcast.models.eval.nab;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Scores a detector's anomaly scores on a {@link NabCorpus} the way NAB does (see the package comment).
 *
 * <p>Scores are given per file key, one per row of the file, each in [0, 1]. The files given are the ones scored:
 * pass a subset of the corpus to score that subset (its windows alone then set the null and perfect scores).
 */
public final class NabScorer {

    /** NAB's probation period: this fraction of each file's rows, at most {@code PROBATION_FRACTION × 5000}. */
    public static final double PROBATION_FRACTION = 0.15;

    /** The threshold reported when detecting nothing scores best: above every anomaly score, as in NAB. */
    public static final double NO_DETECTION_THRESHOLD = 1.1;

    private final NabCorpus corpus;

    public NabScorer(NabCorpus corpus) {
        this.corpus = Objects.requireNonNull(corpus, "corpus");
    }

    /** The number of leading rows of a file that are not scored: {@code min(floor(0.15 × rows), 750)}. */
    public static int probationRows(int rows) {
        // NAB scores row i when i >= min(floor(p * rows), p * 5000), both computed in doubles
        return (int) Math.ceil(Math.min(Math.floor(PROBATION_FRACTION * rows), PROBATION_FRACTION * 5000));
    }

    /** The score at the threshold that is best for this profile over all the given files together. */
    public NabScore score(Map<String, double[]> scores, NabProfile profile) {
        return new ThresholdSweep(corpus, validated(scores), profile).best();
    }

    /** The score at a given threshold, e.g. one chosen on other files. */
    public NabScore score(Map<String, double[]> scores, NabProfile profile, double threshold) {
        return new ThresholdSweep(corpus, validated(scores), profile).at(threshold);
    }

    /** The score under each {@linkplain NabProfile#PUBLISHED published profile}, each at its own best threshold. */
    public Map<NabProfile, NabScore> scoreAll(Map<String, double[]> scores) {
        Map<NabProfile, NabScore> byProfile = new LinkedHashMap<>();
        for (NabProfile profile : NabProfile.PUBLISHED) {
            byProfile.put(profile, score(scores, profile));
        }
        return byProfile;
    }

    /**
     * Reads a results directory for every file of the corpus ({@link NabResults#read}) and scores it under each
     * published profile.
     */
    public Map<NabProfile, NabScore> scoreResults(Path resultsDir, String filePrefix) throws IOException {
        return scoreAll(NabResults.read(resultsDir, filePrefix, corpus));
    }

    private Map<String, double[]> validated(Map<String, double[]> scores) {
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("no files to score");
        }
        scores.forEach((key, fileScores) -> {
            NabDataFile file = corpus.file(key);
            if (fileScores.length != file.rows()) {
                throw new IllegalArgumentException(key + ": " + fileScores.length + " anomaly scores for "
                        + file.rows() + " rows");
            }
            for (int i = 0; i < fileScores.length; i++) {
                if (!(fileScores[i] >= 0 && fileScores[i] <= 1)) {
                    throw new IllegalArgumentException(key + " row " + i + ": anomaly score " + fileScores[i]
                            + " is not in [0, 1]");
                }
            }
        });
        return scores;
    }
}

package io.streamcast.models.eval.nab;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A detector's anomaly scores in NAB's results layout: {@code DIR/<category>/<prefix><file>.csv} with columns
 * {@code timestamp,value,anomaly_score}, one row per row of the data file.
 *
 * <p>NAB itself names them {@code results/<detector>/<category>/<detector>_<file>.csv}; pass
 * {@code results/<detector>} and the prefix {@code <detector>_} to read those, or an empty prefix for files named
 * like the data files.
 */
public final class NabResults {

    /** The results column NAB scores. */
    public static final String SCORE_COLUMN = "anomaly_score";

    private NabResults() {
    }

    /** Where the results of the file with this key ({@code category/file.csv}) are in {@code dir}. */
    public static Path path(Path dir, String filePrefix, String key) {
        int slash = key.indexOf('/');
        return dir.resolve(key.substring(0, slash)).resolve(filePrefix + key.substring(slash + 1));
    }

    /**
     * Reads the scores of every file of {@code corpus}, keyed like it. A missing results file, or one whose
     * timestamps are not the data file's row for row, is an {@link IllegalArgumentException}: to score part of
     * a corpus, {@link NabCorpus#select select} that part first.
     */
    public static Map<String, double[]> read(Path dir, String filePrefix, NabCorpus corpus) throws IOException {
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (NabDataFile file : corpus.files().values()) {
            Path results = path(dir, filePrefix, file.key());
            if (!Files.isRegularFile(results)) {
                throw new IllegalArgumentException("no results for " + file.key() + ": " + results
                        + " does not exist");
            }
            NabCsv csv = NabCsv.read(results, SCORE_COLUMN);
            if (!csv.timestamps.equals(file.timestamps())) {
                throw new IllegalArgumentException(results + ": timestamps are not those of the data file "
                        + file.key() + " row for row (" + csv.timestamps.size() + " rows, the data has "
                        + file.rows() + ")");
            }
            scores.put(file.key(), csv.columns[0]);
        }
        return scores;
    }

    /** Writes one file's scores (aligned to its rows) with its timestamps and values; returns the path written. */
    public static Path write(Path dir, String filePrefix, NabDataFile file, double[] scores) throws IOException {
        if (scores.length != file.rows()) {
            throw new IllegalArgumentException(file.key() + ": " + scores.length + " scores for " + file.rows()
                    + " rows");
        }
        Path results = path(dir, filePrefix, file.key());
        Files.createDirectories(results.getParent());
        List<LocalDateTime> timestamps = file.timestamps();
        double[] values = file.values();
        try (BufferedWriter out = Files.newBufferedWriter(results, StandardCharsets.UTF_8)) {
            out.write(NabCsv.TIMESTAMP + ",value," + SCORE_COLUMN + "\n");
            for (int i = 0; i < scores.length; i++) {
                out.write(NabTimestamps.format(timestamps.get(i)) + "," + values[i] + "," + scores[i] + "\n");
            }
        }
        return results;
    }
}

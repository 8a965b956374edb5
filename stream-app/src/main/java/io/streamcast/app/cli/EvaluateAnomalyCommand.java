package io.streamcast.app.cli;

import io.streamcast.app.messages.Json;
import io.streamcast.models.anomaly.AnomalyConfig;
import io.streamcast.models.anomaly.StreamingDetector;
import io.streamcast.models.data.LabelledCsv;
import io.streamcast.models.eval.PointLabelScores;
import io.streamcast.models.eval.nab.NabCorpus;
import io.streamcast.models.eval.nab.NabDataFile;
import io.streamcast.models.eval.nab.NabProfile;
import io.streamcast.models.eval.nab.NabResults;
import io.streamcast.models.eval.nab.NabScore;
import io.streamcast.models.eval.nab.NabScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evaluate anomaly}: streams every file of a NAB corpus through the detector the topology uses (each file a
 * series with a fresh state), writes NAB-layout results and prints the NAB scores as one JSON line.
 */
@Command(name = "anomaly", mixinStandardHelpOptions = true,
        description = "Scores the anomaly detector on a NAB corpus (--nab) or a point-labelled CSV (--data) and prints one JSON line.")
final class EvaluateAnomalyCommand implements Callable<Integer> {
    @Option(names = "--nab", paramLabel = "DIR",
            description = "NAB layout: DIR/data/<category>/<file>.csv and DIR/combined_windows.json.")
    Path nab;

    @Option(names = "--data", paramLabel = "FILE.csv",
            description = "A point-labelled CSV instead: rows in time order, a 0/1 label column; prints precision, recall, "
                    + "F1 at the threshold and ROC AUC.")
    Path data;

    @Option(names = "--labels-column", defaultValue = "label", description = "With --data: the 0/1 label column (default: ${DEFAULT-VALUE}).")
    String labelsColumn;

    @Option(names = "--series-column", description = "With --data: the column naming each row's series (default: one series).")
    String seriesColumn;

    @Option(names = "--value-columns", split = ",", paramLabel = "COLUMN",
            description = "With --data: the value columns, each scored by its own detector; a row's score is the highest "
                    + "(default: every column but the first, the label and the series column).")
    List<String> valueColumns;

    @Option(names = "--files", split = ",", paramLabel = "ENTRY",
            description = "Only these categories or category/file.csv entries (default: all).")
    List<String> files;

    @Option(names = "--out", paramLabel = "RESULTS_DIR",
            description = "With --nab (required): where to write RESULTS_DIR/<category>/<file>.csv (timestamp,value,anomaly_score).")
    Path out;

    @Option(names = "--threshold", description = "Score at which a point is flagged (and kept out of refits); default: the detector's.")
    Double threshold;

    @Override
    public Integer call() throws Exception {
        if ((nab == null) == (data == null)) {
            throw new IllegalArgumentException("give either --nab DIR or --data FILE.csv");
        }
        if (data != null) {
            return labelled();
        }
        if (out == null) {
            throw new IllegalArgumentException("--nab needs --out RESULTS_DIR");
        }
        if (!Files.isDirectory(nab)) {
            throw new IllegalArgumentException("--nab: " + nab + " is not a directory");
        }
        NabCorpus corpus = NabCorpus.read(nab);
        if (files != null && !files.isEmpty()) {
            corpus = corpus.select(files);
        }
        AnomalyConfig config = AnomalyConfig.defaults();
        if (threshold != null) {
            config = config.withThreshold(threshold);
        }
        long started = System.nanoTime();
        long rows = 0;
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (NabDataFile file : corpus.files().values()) {
            StreamingDetector detector = new StreamingDetector(config);
            double[] s = new double[file.rows()];
            for (int i = 0; i < s.length; i++) {
                s[i] = detector.next(file.values()[i]).score();
            }
            scores.put(file.key(), s);
            NabResults.write(out, "", file, s);
            rows += s.length;
            System.err.printf("%-60s %6d rows, %d fits%n", file.key(), s.length, detector.fits());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<NabProfile, NabScore> result = new NabScorer(corpus).scoreAll(scores);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("files", scores.size());
        line.put("rows", rows);
        line.put("seconds", Math.round(seconds * 10) / 10.0);
        line.put("rows_per_s", Math.round(rows / seconds));
        for (Map.Entry<NabProfile, NabScore> e : result.entrySet()) {
            NabScore sc = e.getValue();
            line.put(e.getKey().name(), Math.round(sc.normalisedScore() * 100) / 100.0);
            line.put(e.getKey().name() + "_threshold", sc.threshold());
            line.put(e.getKey().name() + "_windows_detected", sc.windowsDetected() + "/" + sc.windows());
        }
        line.put("results", out.toString());
        System.out.println(Json.MAPPER.writeValueAsString(line));
        return 0;
    }

    /** {@code --data}: each (series, value column) streamed through its own detector, rows in file order. */
    private int labelled() throws Exception {
        if (!Files.isReadable(data)) {
            throw new IllegalArgumentException("--data: cannot read " + data);
        }
        LabelledCsv csv = LabelledCsv.read(data, labelsColumn, seriesColumn, valueColumns == null ? List.of() : valueColumns);
        AnomalyConfig config = threshold != null ? AnomalyConfig.defaults().withThreshold(threshold) : AnomalyConfig.defaults();
        long started = System.nanoTime();
        Map<String, StreamingDetector> detectors = new LinkedHashMap<>();
        double[] scores = new double[csv.rows()];
        for (int i = 0; i < scores.length; i++) {
            double score = 0;
            for (Map.Entry<String, double[]> column : csv.values().entrySet()) {
                StreamingDetector d = detectors.computeIfAbsent(csv.series().get(i) + "\u0000" + column.getKey(),
                        k -> new StreamingDetector(config));
                score = Math.max(score, d.next(column.getValue()[i]).score());
            }
            scores[i] = score;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        PointLabelScores r = PointLabelScores.of(scores, csv.labels(), config.threshold());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("data", data.getFileName().toString());
        line.put("rows", r.points());
        line.put("series", csv.series().stream().distinct().count());
        line.put("value_columns", List.copyOf(csv.values().keySet()));
        line.put("labelled_anomalous", r.positives());
        line.put("threshold", r.threshold());
        line.put("flagged", r.flagged());
        line.put("true_positives", r.truePositives());
        line.put("precision", round(r.precision()));
        line.put("recall", round(r.recall()));
        line.put("f1", round(r.f1()));
        line.put("roc_auc", round(r.rocAuc()));
        line.put("seconds", Math.round(seconds * 10) / 10.0);
        System.out.println(Json.MAPPER.writeValueAsString(line));
        return 0;
    }

    private static Object round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10_000) / 10_000.0 : null;
    }
}

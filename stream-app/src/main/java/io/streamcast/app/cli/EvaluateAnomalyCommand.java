package io.streamcast.app.cli;

import io.streamcast.app.messages.Json;
import io.streamcast.models.anomaly.AnomalyConfig;
import io.streamcast.models.anomaly.StreamingDetector;
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
        description = "Scores the anomaly detector on a NAB corpus (--nab) and prints one JSON line.")
final class EvaluateAnomalyCommand implements Callable<Integer> {
    @Option(names = "--nab", required = true, paramLabel = "DIR",
            description = "NAB layout: DIR/data/<category>/<file>.csv and DIR/combined_windows.json.")
    Path nab;

    @Option(names = "--files", split = ",", paramLabel = "ENTRY",
            description = "Only these categories or category/file.csv entries (default: all).")
    List<String> files;

    @Option(names = "--out", required = true, paramLabel = "RESULTS_DIR",
            description = "Where to write RESULTS_DIR/<category>/<file>.csv (timestamp,value,anomaly_score).")
    Path out;

    @Option(names = "--threshold", description = "Score at which a point is flagged (and kept out of refits); default: the detector's.")
    Double threshold;

    @Override
    public Integer call() throws Exception {
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
}

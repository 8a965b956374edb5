package io.streamcast.models.forecast;

import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.artifact.ModelCard.DataRange;
import io.streamcast.models.artifact.LibraryVersions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an {@link LstmForecaster} on the windows of many series at once (one global model), seeded, with the
 * most recent windows of every series held back for early stopping and for the prediction intervals.
 */
public final class ForecasterTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(ForecasterTrainer.class);

    /** Called after every epoch, e.g. to draw a progress bar. Losses are in per-window scaled units. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (epoch, maxEpochs, trainMse, validationMse) -> { };

        void onEpoch(int epoch, int maxEpochs, double trainMse, double validationMse);
    }

    private final ForecasterConfig config;
    private Progress progress = Progress.NONE;
    private Duration timeBudget = Duration.ofDays(365);

    public ForecasterTrainer(ForecasterConfig config) {
        this.config = config;
    }

    public ForecasterTrainer progress(Progress listener) {
        this.progress = listener;
        return this;
    }

    /** Stops training (keeping the best epoch so far) once this much time has passed; for bounded retrains. */
    public ForecasterTrainer timeBudget(Duration budget) {
        this.timeBudget = budget;
        return this;
    }

    /**
     * Trains on the given series (values oldest first).
     *
     * @param name       the model name for the card
     * @param version    the version for the card
     * @param series     the training series; ones shorter than window + horizon are skipped
     * @param provenance where the series came from, recorded on the card
     * @throws IllegalArgumentException when no series is long enough for one training window
     */
    public LstmForecaster train(String name, long version, List<double[]> series, List<DataRange> provenance) {
        long started = System.nanoTime();
        Examples all = Examples.of(config, series);
        if (all.train.isEmpty()) {
            throw new IllegalArgumentException("no series has the " + (config.window() + config.horizon())
                    + " points one training window needs (window " + config.window() + " + horizon " + config.horizon() + ")");
        }
        Random random = new Random(config.seed());
        List<int[]> train = all.train;
        if (train.size() > config.maxTrainingWindows()) {
            java.util.Collections.shuffle(train, random);
            train = new ArrayList<>(train.subList(0, config.maxTrainingWindows()));
        }
        List<int[]> validation = all.validation.isEmpty() ? train : all.validation;
        Batch val = Batch.of(config, series, validation);
        double naiveMse = val.meanSquaredLabel();

        ComputationGraph net = LstmForecaster.newNetwork(config);
        INDArray best = net.params().dup();
        double bestMse = mse(net, val);
        int bestEpoch = 0;
        int epoch = 0;
        double trainMse = Double.NaN;
        long deadline = started + timeBudget.toNanos();
        while (epoch < config.maxEpochs() && epoch - bestEpoch < config.patience() && System.nanoTime() < deadline) {
            epoch++;
            java.util.Collections.shuffle(train, random);
            double sum = 0;
            int batches = 0;
            for (int from = 0; from < train.size() && System.nanoTime() < deadline; from += config.batchSize()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.util.concurrent.CancellationException("training interrupted");
                }
                Batch b = Batch.of(config, series, train.subList(from, Math.min(train.size(), from + config.batchSize())));
                net.fit(b.inputs(), new INDArray[] {b.labels});
                sum += net.score();
                batches++;
            }
            trainMse = batches == 0 ? Double.NaN : sum / batches;
            double valMse = mse(net, val);
            if (valMse < bestMse) {
                bestMse = valMse;
                bestEpoch = epoch;
                best = net.params().dup();
            }
            progress.onEpoch(epoch, config.maxEpochs(), trainMse, valMse);
            LOG.debug("epoch {}: train mse {}, validation mse {}", epoch, trainMse, valMse);
        }
        net.setParams(best);
        double[] halfWidths = intervalHalfWidths(net, val, config.intervalCoverage());

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validation_mse", bestMse);
        metrics.put("validation_mse_naive", naiveMse);
        metrics.put("validation_skill", naiveMse > 0 ? 1 - bestMse / naiveMse : 0.0);
        metrics.put("epochs", (double) epoch);
        metrics.put("best_epoch", (double) bestEpoch);
        metrics.put("training_windows", (double) train.size());
        metrics.put("validation_windows", (double) validation.size());
        metrics.put("training_seconds", (System.nanoTime() - started) / 1e9);
        ModelCard card = new ModelCard(name, version, LstmForecaster.KIND, Instant.now(), provenance,
                hyperParameters(), metrics, LibraryVersions.current());
        LOG.info("trained {} v{} on {} windows in {} epochs (best {}): validation skill over seasonal naive {}",
                name, version, train.size(), epoch, bestEpoch, String.format("%.3f", metrics.get("validation_skill")));
        return new LstmForecaster(card, config, net, halfWidths);
    }

    private Map<String, Object> hyperParameters() {
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("window", config.window());
        hp.put("horizon", config.horizon());
        hp.put("season", config.season());
        hp.put("lstm_sizes", config.lstmSizes());
        hp.put("learning_rate", config.learningRate());
        hp.put("batch_size", config.batchSize());
        hp.put("max_epochs", config.maxEpochs());
        hp.put("patience", config.patience());
        hp.put("validation_fraction", config.validationFraction());
        hp.put("seed", config.seed());
        return hp;
    }

    private static double mse(ComputationGraph net, Batch val) {
        INDArray out = predictInChunks(net, val.features);
        return out.squaredDistance(val.labels) / val.labels.length();
    }

    private static INDArray predictInChunks(ComputationGraph net, INDArray features) {
        long n = features.size(0);
        int chunk = 1024;
        List<INDArray> parts = new ArrayList<>();
        for (long from = 0; from < n; from += chunk) {
            INDArray rows = features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, Math.min(n, from + chunk)),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            parts.add(net.output(false, rows.reshape('c', rows.size(0), 1, rows.size(1)), rows)[0]);
        }
        return Nd4j.vstack(parts);
    }

    /** Per step, the {@code coverage} quantile of the absolute held-back residual (split conformal). */
    private static double[] intervalHalfWidths(ComputationGraph net, Batch val, double coverage) {
        float[] out = predictInChunks(net, val.features).castTo(DataType.FLOAT).data().asFloat();
        float[] labels = val.labels.data().asFloat();
        int h = (int) val.labels.size(1);
        int n = (int) val.labels.size(0);
        double[] widths = new double[h];
        double[] residuals = new double[n];
        for (int k = 0; k < h; k++) {
            for (int i = 0; i < n; i++) {
                residuals[i] = Math.abs(labels[i * h + k] - out[i * h + k]);
            }
            Arrays.sort(residuals);
            int idx = Math.min(n - 1, (int) Math.ceil(coverage * (n + 1)) - 1);
            widths[k] = residuals[Math.max(0, idx)];
        }
        return widths;
    }

    /** Training and validation windows as (series index, target start) pairs. */
    private record Examples(List<int[]> train, List<int[]> validation) {
        static Examples of(ForecasterConfig config, List<double[]> series) {
            int w = config.window();
            int h = config.horizon();
            List<int[]> train = new ArrayList<>();
            List<int[]> validation = new ArrayList<>();
            for (int s = 0; s < series.size(); s++) {
                int count = series.get(s).length - w - h + 1;
                if (count <= 0) {
                    continue;
                }
                int nVal = (int) Math.round(count * config.validationFraction());
                // keep a gap of h - 1 so no training target overlaps a validation target
                int trainEnd = count - nVal - (nVal > 0 ? h - 1 : 0);
                for (int i = 0; i < count; i++) {
                    if (i >= count - nVal) {
                        validation.add(new int[] {s, w + i});
                    } else if (i < trainEnd) {
                        train.add(new int[] {s, w + i});
                    }
                }
            }
            return new Examples(train, validation);
        }
    }

    /** Scaled features [n, W] and labels [n, H] for a list of windows. */
    private record Batch(INDArray features, INDArray labels) {
        static Batch of(ForecasterConfig config, List<double[]> series, List<int[]> windows) {
            int w = config.window();
            int h = config.horizon();
            int n = windows.size();
            float[] f = new float[n * w];
            float[] l = new float[n * h];
            for (int i = 0; i < n; i++) {
                double[] x = series.get(windows.get(i)[0]);
                int t = windows.get(i)[1];
                int from = t - w;
                double mean = WindowScaling.mean(x, from, w);
                double scale = WindowScaling.scale(x, from, w, mean);
                for (int j = 0; j < w; j++) {
                    f[i * w + j] = WindowScaling.clip((x[from + j] - mean) / scale);
                }
                for (int k = 0; k < h; k++) {
                    l[i * h + k] = WindowScaling.clip((x[t + k] - WindowScaling.base(x, from, w, config.season(), k)) / scale);
                }
            }
            return new Batch(Nd4j.create(f, new long[] {n, w}, 'c'), Nd4j.create(l, new long[] {n, h}, 'c'));
        }

        INDArray[] inputs() {
            return new INDArray[] {features.reshape('c', features.size(0), 1, features.size(1)), features};
        }

        double meanSquaredLabel() {
            return labels.norm2Number().doubleValue() * labels.norm2Number().doubleValue() / labels.length();
        }
    }
}

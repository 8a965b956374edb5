package io.streamcast.app.bench;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.model.AnomalyModelSource;
import io.streamcast.app.model.FixedModelSource;
import io.streamcast.app.runtime.StreamcastApp;
import io.streamcast.models.anomaly.AnomalyConfig;
import io.streamcast.models.anomaly.AnomalyModel;
import io.streamcast.models.anomaly.AnomalyTrainer;
import io.streamcast.models.anomaly.ReconstructionModel;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.forecast.SeasonalNaiveModel;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The anomaly detector: {@code prices} → per-series state → micro-batched reconstruction errors → calibrated scores,
 * one {@code anomalies} record per point. The model is fitted once on synthetic segments and served fixed (the
 * application's own refits would otherwise run on their schedule); the retrain phase runs the same refit the
 * application runs. Series are warmed up to a full history ({@code training points}), where a point costs most.
 */
final class AnomalyTarget implements BenchTarget {
    private static final long SEED = 42;

    private final AnomalyConfig config;
    private final AnomalyModel model;
    private final ReconstructionModel rawModel;
    private final int series;
    private final PriceWorkload workload;
    private final double[][] windows;
    private final List<double[]> segments;

    AnomalyTarget(AnomalyConfig config, int series, long pointsPerSeries) {
        this.config = config;
        this.segments = segments(config, 40, 600, new SplittableRandom(SEED));
        this.model = new AnomalyTrainer(config).train("anomaly", 1, segments, List.of());
        this.rawModel = model.copy();
        this.series = series;
        this.workload = new PriceWorkload(series, pointsPerSeries, k -> 1, SEED);
        this.windows = new double[4_096][];
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int i = 0; i < windows.length; i++) {
            double[] s = segments.get(random.nextInt(segments.size()));
            int from = random.nextInt(s.length - config.window());
            windows[i] = Arrays.copyOfRange(s, from, from + config.window());
        }
    }

    /** Normal stretches in normalised units: a daily cycle and noise. */
    private static List<double[]> segments(AnomalyConfig config, int count, int length, SplittableRandom random) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[] x = new double[Math.max(length, config.window() * 2)];
            double phase = random.nextDouble(0, 2 * Math.PI);
            for (int t = 0; t < x.length; t++) {
                x[t] = Math.sqrt(2) * Math.sin(2 * Math.PI * t / 24 + phase) * 0.9 + 0.3 * random.nextGaussian();
            }
            out.add(x);
        }
        return out;
    }

    @Override
    public String model() {
        return "anomaly";
    }

    @Override
    public Map<String, Object> pipelineSettings(String inputTopic, String outputTopic, String deadLetterTopic) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put(StreamcastConfig.PRICES_TOPIC, inputTopic);
        s.put(StreamcastConfig.ANOMALIES_TOPIC, outputTopic);
        s.put(StreamcastConfig.DEAD_LETTERS_TOPIC, deadLetterTopic);
        s.put(StreamcastConfig.FORECASTER_ENABLED, false);
        s.put(StreamcastConfig.ANOMALY_ENABLED, true);
        ClassifierTarget.enableOnly(s, null); // the image, text and sequence pipelines would sit idle beside it
        s.put(StreamcastConfig.ANOMALY_THRESHOLD, config.threshold());
        return s;
    }

    @Override
    public StreamcastApp start(StreamcastApp.Settings settings, boolean noOp) throws IOException {
        ReconstructionModel served = noOp ? new NoOpReconstruction() : model;
        return StreamcastApp.start(settings, new FixedModelSource(new SeasonalNaiveModel(2, 1, 1)),
                (c, registry) -> AnomalyModelSource.fixed(served, config, registry));
    }

    @Override
    public Workload workload() {
        return workload;
    }

    @Override
    public int warmUpRecordsPerSeries() {
        return config.trainingPoints();
    }

    @Override
    public long predict(int batch, int calls) {
        long n = 0;
        int offset = 0;
        for (int c = 0; c < calls; c++) {
            if (offset + batch > windows.length) {
                offset = 0;
            }
            rawModel.reconstructionErrors(Arrays.copyOfRange(windows, offset, offset + batch));
            offset += batch;
            n += batch;
        }
        return n;
    }

    @Override
    public void retrain(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        AnomalyTrainer trainer = new AnomalyTrainer(config);
        AnomalyModel previous = model;
        do {
            previous = trainer.refit(previous, previous.card().version() + 1, segments, List.of());
        } while (System.nanoTime() < deadline);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", model.card().name());
        d.put("window", config.window());
        d.put("encoder", config.encoderSizes());
        d.put("inference", "dense layers as plain loops (DenseForward)");
        d.put("series", series);
        d.put("history_points", config.trainingPoints());
        return d;
    }

    /** The plumbing's limit: reconstruction errors that cost nothing (a fixed small error per window). */
    static final class NoOpReconstruction implements ReconstructionModel {
        private final ModelCard card = new ModelCard("no-op", 0, "no-op", Instant.EPOCH, List.of(), Map.of(), Map.of(), Map.of());

        @Override
        public ModelCard card() {
            return card;
        }

        @Override
        public double[] reconstructionErrors(double[][] rows) {
            double[] errors = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                double last = rows[i][rows[i].length - 1];
                errors[i] = 1e-2 * last * last + 1e-3;
            }
            return errors;
        }

        @Override
        public ReconstructionModel copy() {
            return this;
        }
    }
}

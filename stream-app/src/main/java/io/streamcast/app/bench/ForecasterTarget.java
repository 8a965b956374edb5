package io.streamcast.app.bench;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.model.FixedModelSource;
import io.streamcast.app.runtime.StreamcastApp;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.forecast.Forecast;
import io.streamcast.models.forecast.ForecastModel;
import io.streamcast.models.forecast.ForecasterConfig;
import io.streamcast.models.forecast.ForecasterTrainer;
import io.streamcast.models.forecast.FusedLstmForecaster;
import io.streamcast.models.forecast.LstmForecaster;
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
 * The LSTM forecaster: {@code prices} → per-series window → micro-batched forecasts. Every point from a series'
 * {@code window}-th on yields one forecast. Without an artifact the default shape (W 64, H 12, LSTM 32) is trained
 * for one short epoch on synthetic series: its speed is the shape's, whatever the weights.
 */
final class ForecasterTarget implements BenchTarget {
    private static final long SEED = 42;

    private final LstmForecaster model;
    private final ForecastModel rawModel;
    private final int series;
    private final double[][] windows;
    private final List<double[]> retrainData;
    private final PriceWorkload workload;

    ForecasterTarget(LstmForecaster model, int series, long pointsPerSeries) {
        this.model = model;
        this.rawModel = model.copy();
        this.series = series;
        this.workload = new PriceWorkload(series, pointsPerSeries, k -> k >= model.window() - 1 ? 1 : 0, SEED);
        this.windows = windows(model.window(), 4_096, new SplittableRandom(SEED));
        this.retrainData = seriesFor(model.window() + model.horizon(), 40, 600, new SplittableRandom(SEED + 1));
    }

    /** The default shape, quickly trained on synthetic series. */
    static LstmForecaster defaultModel(int window, int horizon) {
        ForecasterConfig config = ForecasterConfig.defaults().withShape(window, horizon, 1).withTraining(1, 512, SEED);
        return new ForecasterTrainer(config).train("forecaster", 1,
                seriesFor(window + horizon, 8, window + horizon + 200, new SplittableRandom(SEED)), List.of());
    }

    private static double[][] windows(int w, int n, SplittableRandom random) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = walk(w, random);
        }
        return out;
    }

    private static List<double[]> seriesFor(int minLength, int count, int length, SplittableRandom random) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(walk(Math.max(minLength, length), random));
        }
        return out;
    }

    /** A seasonal random walk at a random level. */
    private static double[] walk(int n, SplittableRandom random) {
        double level = Math.pow(10, random.nextDouble(0, 4));
        double phase = random.nextDouble(0, 2 * Math.PI);
        double[] x = new double[n];
        double drift = 0;
        for (int t = 0; t < n; t++) {
            drift += 0.002 * random.nextGaussian();
            x[t] = level * (1 + drift + 0.02 * Math.sin(2 * Math.PI * t / 24 + phase));
        }
        return x;
    }

    @Override
    public String model() {
        return "forecaster";
    }

    @Override
    public Map<String, Object> pipelineSettings(String inputTopic, String outputTopic, String deadLetterTopic) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put(StreamcastConfig.PRICES_TOPIC, inputTopic);
        s.put(StreamcastConfig.FORECASTS_TOPIC, outputTopic);
        s.put(StreamcastConfig.DEAD_LETTERS_TOPIC, deadLetterTopic);
        s.put(StreamcastConfig.ANOMALY_ENABLED, false);
        ClassifierTarget.enableOnly(s, null); // the image, text and sequence pipelines would sit idle beside it
        s.put(StreamcastConfig.WINDOW, model.window());
        s.put(StreamcastConfig.HORIZON, model.horizon());
        return s;
    }

    @Override
    public StreamcastApp start(StreamcastApp.Settings settings, boolean noOp) throws IOException {
        ForecastModel served = noOp ? new NoOpForecaster(model.window(), model.horizon()) : model;
        return StreamcastApp.start(settings, new FixedModelSource(served));
    }

    @Override
    public Workload workload() {
        return workload;
    }

    @Override
    public int warmUpRecordsPerSeries() {
        return model.window();
    }

    @Override
    public long predict(int batch, int calls) {
        long n = 0;
        int offset = 0;
        for (int c = 0; c < calls; c++) {
            if (offset + batch > windows.length) {
                offset = 0;
            }
            rawModel.predict(Arrays.copyOfRange(windows, offset, offset + batch));
            offset += batch;
            n += batch;
        }
        return n;
    }

    @Override
    public void retrain(Duration budget) {
        ForecasterConfig config = model.config().withTraining(30, 20_000, SEED);
        new ForecasterTrainer(config).timeBudget(budget).train("forecaster", 2, retrainData, List.of());
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", model.card().name());
        d.put("window", model.window());
        d.put("horizon", model.horizon());
        d.put("lstm", model.config().lstmSizes());
        d.put("inference", FusedLstmForecaster.isAvailable() ? "fused lstmLayer (oneDNN)" : "DL4J graph");
        d.put("series", series);
        return d;
    }

    /** The plumbing's limit: a forecast that costs next to nothing (about the last value, a fixed interval). */
    static final class NoOpForecaster implements ForecastModel {
        private final ModelCard card;
        private final int window;
        private final int horizon;

        NoOpForecaster(int window, int horizon) {
            this.window = window;
            this.horizon = horizon;
            this.card = new ModelCard("no-op", 0, "no-op", Instant.EPOCH, List.of(), Map.of(), Map.of(), Map.of());
        }

        @Override
        public ModelCard card() {
            return card;
        }

        @Override
        public int window() {
            return window;
        }

        @Override
        public int horizon() {
            return horizon;
        }

        @Override
        public Forecast[] predict(double[][] rows) {
            Forecast[] out = new Forecast[rows.length];
            for (int i = 0; i < rows.length; i++) {
                // about the last value, with distinct bounds, so the numbers are as long as a real forecast's and the
                // messages as large and as compressible
                double last = rows[i][rows[i].length - 1];
                double[] mean = new double[horizon];
                double[] lower = new double[horizon];
                double[] upper = new double[horizon];
                for (int h = 0; h < horizon; h++) {
                    mean[h] = last * (1 + 1e-9 * Math.PI * (h + 1));
                    lower[h] = mean[h] - Math.abs(last) * Math.E * 1e-3 * (h + 1);
                    upper[h] = mean[h] + Math.abs(last) * Math.sqrt(2) * 1e-3 * (h + 1);
                }
                out[i] = new Forecast(mean, lower, upper);
            }
            return out;
        }

        @Override
        public ForecastModel copy() {
            return this;
        }
    }
}

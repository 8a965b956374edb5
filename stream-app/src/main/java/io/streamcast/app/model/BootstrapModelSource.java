package io.streamcast.app.model;

import io.streamcast.models.artifact.ModelCard.DataRange;
import io.streamcast.models.forecast.ForecastModel;
import io.streamcast.models.forecast.ForecasterConfig;
import io.streamcast.models.forecast.ForecasterTrainer;
import io.streamcast.models.forecast.SeasonalNaiveModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a start with no model: serves the seasonal-naive forecast at once, collects the first points of the
 * stream (bounded), and once they hold enough training windows trains the LSTM forecaster on its own thread
 * and swaps it in. Training never runs on a stream thread.
 */
public final class BootstrapModelSource implements ForecastModelSource {
    private static final Logger LOG = LoggerFactory.getLogger(BootstrapModelSource.class);
    /** Bounds on what is collected: series and points per series. */
    private static final int MAX_SERIES = 2_000;
    private static final int MAX_POINTS_PER_SERIES = 4_000;

    private final ForecasterConfig config;
    private final int minWindows;
    private final Duration trainTime;
    private final String modelName;
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(TrainerThreads.factory("streamcast-bootstrap-trainer"));
    private final Map<String, History> histories = new LinkedHashMap<>();
    private final AtomicBoolean collecting = new AtomicBoolean(true);
    private volatile ForecastModel current;
    private int windows;

    public BootstrapModelSource(String modelName, ForecasterConfig config, int minWindows, Duration trainTime) {
        this.modelName = modelName;
        this.config = config;
        this.minWindows = minWindows;
        this.trainTime = trainTime;
        this.current = new SeasonalNaiveModel(config.window(), config.horizon(), Math.min(config.season(), config.window() - 1));
    }

    @Override
    public ForecastModel current() {
        return current;
    }

    @Override
    public void observe(String series, long timestampMs, double value) {
        if (!collecting.get()) {
            return;
        }
        synchronized (histories) {
            History h = histories.get(series);
            if (h == null) {
                if (histories.size() >= MAX_SERIES) {
                    return;
                }
                h = new History();
                histories.put(series, h);
            }
            if (h.size < MAX_POINTS_PER_SERIES) {
                h.add(value);
                if (h.size >= config.window() + config.horizon()) {
                    windows++;
                }
            }
            if (windows >= minWindows && collecting.compareAndSet(true, false)) {
                List<double[]> data = new ArrayList<>();
                histories.values().forEach(x -> data.add(java.util.Arrays.copyOf(x.values, x.size)));
                histories.clear();
                trainer.submit(() -> train(data));
            }
        }
    }

    private void train(List<double[]> data) {
        try {
            LOG.info("training the first forecaster on {} series from the stream (budget {} s)", data.size(), trainTime.toSeconds());
            long points = data.stream().mapToLong(d -> d.length).sum();
            // the first points the stream delivered (offsets are not known here; the registry records them)
            current = new ForecasterTrainer(config).timeBudget(trainTime)
                    .train(modelName, 1, data, List.of(new DataRange("stream:first-points", -1, 0, points - 1)));
        } catch (RuntimeException e) {
            LOG.error("first training failed; serving the seasonal-naive forecast", e);
        }
    }

    @Override
    public void close() {
        trainer.shutdownNow();
        try {
            trainer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class History {
        double[] values = new double[256];
        int size;

        void add(double v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }
}

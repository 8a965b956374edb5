package io.streamcast.app.topology;

import io.streamcast.app.messages.ErrorCode;
import io.streamcast.app.messages.ForecastMessage;
import io.streamcast.app.messages.Json;
import io.streamcast.app.messages.MessageJson;
import io.streamcast.app.messages.PricePoint;
import io.streamcast.app.metrics.PipelineMetrics;
import io.streamcast.app.model.ForecastModelSource;
import io.streamcast.app.scoring.ModelId;
import io.streamcast.models.forecast.Forecast;
import io.streamcast.models.forecast.ForecastModel;
import io.streamcast.models.forecast.WindowScaling;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each series' window and queues a forecast for every accepted point; the queue runs through the model
 * in micro-batches ({@link MicroBatchProcessor}), one model reference per batch so a batch never mixes versions.
 *
 * <p>Points arrive in increasing time per series ({@link OrderPricesProcessor} dead-letters the others before
 * they get here). A window the model fails on, or forecasts as non-finite, is dead-lettered
 * ({@link ErrorCode#MODEL_FAILURE}) and the rest of the batch goes on.
 *
 * <p>With scoring on, every batch also goes through the {@link ForecastScorer}: each item first scores the forecasts
 * it completes, then its own forecast is served with the live-calibrated interval and becomes outstanding. Off
 * ({@code scoring} null), forecasts carry the model's own intervals.
 *
 * <p>The windows of all tasks of a stream thread share batches (keyed by the model source): one network call
 * for what the thread has waiting, then each task scores and forwards its own.
 */
final class ForecastProcessor extends MicroBatchProcessor<PricePoint, PendingForecast, ForecastProcessor.Predictions> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ForecastProcessor.class);
    private final String windowStoreName;
    /** Points the model needs (W). */
    private final int window;
    /** Points kept per series: W, or the horizon scored if that is longer (a completed forecast's actual values). */
    private final int capacity;
    /** Timestamps each queued window carries: as many as a completed forecast's steps, with scoring on. */
    private final int recentTimestamps;
    private final ForecastModelSource models;
    private final PipelineMetrics metrics;
    private final String forecastsSink;
    private final ForecastScorer.Settings scoring;

    private KeyValueStore<String, SeriesWindow> windows;
    private ForecastScorer scorer;
    /** This task's own copy of the shared model (networks are not thread-safe), and what it was copied from. */
    private ForecastModel local;
    private ForecastModel localOrigin;

    ForecastProcessor(String windowStoreName, String pendingStoreName, int window, int maxBatch, Duration maxWait,
                      ForecastModelSource models, PipelineMetrics metrics, String forecastsSink, String deadLettersSink,
                      FlushControl flushControl, ForecastScorer.Settings scoring) {
        super(pendingStoreName, maxBatch, maxWait, flushControl, deadLettersSink);
        this.scoring = scoring;
        this.windowStoreName = windowStoreName;
        this.window = window;
        this.capacity = scoring == null ? window : Math.max(window, scoring.horizon());
        this.recentTimestamps = scoring == null ? 1 : scoring.horizon();
        this.models = models;
        this.metrics = metrics;
        this.forecastsSink = forecastsSink;
    }

    @Override
    protected void initState(ProcessorContext<String, byte[]> context) {
        this.windows = context.getStateStore(windowStoreName);
        this.scorer = scoring == null ? null : new ForecastScorer(scoring, context);
    }

    @Override
    public void process(Record<String, PricePoint> record) {
        PricePoint p = record.value();
        SeriesWindow w = windows.get(p.series());
        if (w == null) {
            w = new SeriesWindow(capacity);
        } else if (w.capacity() != capacity) {
            w = w.resized(capacity);
            if (scorer != null && w.size() < window) {
                // until the window is full again its points are not queued: what they would complete is dropped
                scorer.forget(p.series(), w.count());
            }
        }
        w.append(p.timestampMs(), p.value());
        windows.put(p.series(), w);
        models.observe(p.series(), p.timestampMs(), p.value());
        if (w.size() >= window) {
            enqueue(new PendingForecast(p.series(), w.count(), w.lastTimestamps(recentTimestamps), w.medianSpacingMs(),
                    record.timestamp(), w.values(), currentSource()), record.timestamp());
        }
    }

    /** What a batch of windows gave: the model that ran (for its name, version and shape) and a forecast per window. */
    record Predictions(ForecastModel model, Forecast[] forecasts) {
    }

    @Override
    protected Object sharedBatchKey() {
        return models;
    }

    @Override
    protected Predictions infer(List<PendingForecast> batch) {
        ForecastModel model = model();
        double[][] inputs = new double[batch.size()][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = batch.get(i).window();
        }
        long started = System.nanoTime();
        Forecast[] forecasts = predict(model, inputs);
        metrics.batch(inputs.length, System.nanoTime() - started);
        for (int i = 0; i < forecasts.length; i++) {
            if (forecasts[i] == null) {
                forecasts[i] = predictOne(model, inputs[i]);
            }
        }
        return new Predictions(model, forecasts);
    }

    @Override
    protected void emit(List<PendingForecast> batch, Predictions predictions, int from) {
        ForecastModel model = predictions.model();
        ForecastMessage.ModelRef ref = new ForecastMessage.ModelRef(model.card().name(), model.card().version());
        ModelId id = new ModelId(ref.name(), ref.version());
        if (scorer != null) {
            scorer.startBatch(id, model.horizon());
        }
        long now = context.currentSystemTimeMs();
        int out = 0;
        for (int i = 0; i < batch.size(); i++) {
            PendingForecast p = batch.get(i);
            if (scorer != null) {
                scorer.observe(p); // the point first completes earlier forecasts, whatever becomes of its own
            }
            Forecast f = predictions.forecasts()[from + i];
            if (f != null && isFinite(f)) {
                if (scorer != null) {
                    double scale = WindowScaling.scaleOf(p.window(), model.window());
                    f = scorer.calibrated(f, scale);
                    scorer.register(p, id, scale, f);
                }
                context.forward(new Record<>(p.series(), MessageJson.forecast(message(p, f, ref)), p.recordTimestamp()), forecastsSink);
                metrics.endToEnd(now - p.recordTimestamp());
                out++;
            } else {
                String point = "{\"series\":" + new String(Json.bytes(p.series()), StandardCharsets.UTF_8) + ",\"ts\":\""
                        + Instant.ofEpochMilli(p.lastTimestampMs()) + "\",\"value\":" + p.window()[p.window().length - 1] + "}";
                deadLetter(p.series(), p.source(), p.recordTimestamp(), ErrorCode.MODEL_FAILURE, "model " + ref.name()
                        + " v" + ref.version() + " failed on this window or forecast a non-finite value", point);
                metrics.deadLettered(ErrorCode.MODEL_FAILURE);
            }
        }
        if (scorer != null) {
            scorer.endBatch();
        }
        metrics.recordsOut(out);
    }

    /** The whole batch at once; when that throws, null entries so each window is tried alone. */
    private static Forecast[] predict(ForecastModel model, double[][] inputs) {
        try {
            return model.predict(inputs);
        } catch (RuntimeException e) {
            LOG.warn("batch of {} failed in {}; trying its windows one by one", inputs.length, model.card().name(), e);
            return new Forecast[inputs.length];
        }
    }

    private static Forecast predictOne(ForecastModel model, double[] window) {
        try {
            return model.predict(new double[][] {window})[0];
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean isFinite(Forecast f) {
        for (int h = 0; h < f.horizon(); h++) {
            if (!Double.isFinite(f.mean()[h]) || !Double.isFinite(f.lower()[h]) || !Double.isFinite(f.upper()[h])) {
                return false;
            }
        }
        return true;
    }

    private ForecastModel model() {
        ForecastModel shared = models.current();
        if (shared != localOrigin) {
            local = shared.copy();
            localOrigin = shared;
        }
        return local;
    }

    private static ForecastMessage message(PendingForecast p, Forecast f, ForecastMessage.ModelRef model) {
        List<ForecastMessage.Step> steps = new ArrayList<>(f.horizon());
        for (int h = 0; h < f.horizon(); h++) {
            steps.add(new ForecastMessage.Step(h + 1, Instant.ofEpochMilli(p.lastTimestampMs() + (h + 1) * p.spacingMs()),
                    f.mean()[h], f.lower()[h], f.upper()[h]));
        }
        return new ForecastMessage(p.series(), Instant.ofEpochMilli(p.lastTimestampMs()), steps, model);
    }
}

package io.streamcast.app.topology;

import io.streamcast.app.messages.BadRecordException;
import io.streamcast.app.messages.DeadLetterMessage;
import io.streamcast.app.messages.ErrorCode;
import io.streamcast.app.messages.ForecastMessage;
import io.streamcast.app.messages.Json;
import io.streamcast.app.messages.PricePoint;
import io.streamcast.app.metrics.PipelineMetrics;
import io.streamcast.app.model.ForecastModelSource;
import io.streamcast.models.forecast.Forecast;
import io.streamcast.models.forecast.ForecastModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each series' window, queues a forecast for every accepted point, and runs the queue through the model
 * in one batch when it is full or its oldest entry has waited {@code maxWait}.
 *
 * <p>Points must arrive in increasing time per series: a point at the series' latest time is a
 * {@link ErrorCode#DUPLICATE_TIMESTAMP}, one before it {@link ErrorCode#OUT_OF_ORDER}; both are dead-lettered
 * and leave the window untouched. The queue lives in a changelogged store, so it is part of the same
 * transaction as the input offsets and outputs. A window the model fails on, or forecasts as non-finite, is
 * dead-lettered ({@link ErrorCode#MODEL_FAILURE}) and the rest of the batch goes on.
 */
final class ForecastProcessor implements Processor<String, PricePoint, String, byte[]> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ForecastProcessor.class);
    private static final Duration MAX_TICK = Duration.ofMillis(100);
    private final String windowStoreName;
    private final String pendingStoreName;
    private final int capacity;
    private final int maxBatch;
    private final Duration maxWait;
    private final ForecastModelSource models;
    private final PipelineMetrics metrics;
    private final String forecastsSink;
    private final String deadLettersSink;
    private final FlushControl flushControl;

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, SeriesWindow> windows;
    private KeyValueStore<Long, PendingForecast> pending;
    private long nextSeq;
    private int pendingCount;
    /** Wall-clock time the oldest queued window was queued (or this task started, for restored ones). */
    private long oldestQueuedMs;
    /** This task's own copy of the shared model (networks are not thread-safe), and what it was copied from. */
    private ForecastModel local;
    private ForecastModel localOrigin;

    ForecastProcessor(String windowStoreName, String pendingStoreName, int capacity, int maxBatch, Duration maxWait,
                      ForecastModelSource models, PipelineMetrics metrics, String forecastsSink, String deadLettersSink,
                      FlushControl flushControl) {
        this.windowStoreName = windowStoreName;
        this.pendingStoreName = pendingStoreName;
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.maxWait = maxWait;
        this.models = models;
        this.metrics = metrics;
        this.forecastsSink = forecastsSink;
        this.deadLettersSink = deadLettersSink;
        this.flushControl = flushControl;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.windows = context.getStateStore(windowStoreName);
        this.pending = context.getStateStore(pendingStoreName);
        try (KeyValueIterator<Long, PendingForecast> it = pending.all()) {
            while (it.hasNext()) {
                nextSeq = Math.max(nextSeq, it.next().key + 1);
                pendingCount++;
            }
        }
        flushControl.queued(pendingCount);
        oldestQueuedMs = context.currentSystemTimeMs();
        // check often, so a batch runs close to max-wait after its first window and a shutdown drain is quick
        Duration tick = maxWait.compareTo(MAX_TICK) < 0 ? maxWait : MAX_TICK;
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (pendingCount > 0 && (flushControl.draining() || now - oldestQueuedMs >= maxWait.toMillis())) {
                flush();
            }
        });
    }

    @Override
    public void process(Record<String, PricePoint> record) {
        PricePoint p = record.value();
        SeriesWindow w = windows.get(p.series());
        if (w == null) {
            w = new SeriesWindow(capacity);
        } else if (w.capacity() != capacity) {
            w = w.resized(capacity);
        }
        if (p.timestampMs() <= w.lastTimestamp()) {
            ErrorCode code = p.timestampMs() == w.lastTimestamp() ? ErrorCode.DUPLICATE_TIMESTAMP : ErrorCode.OUT_OF_ORDER;
            throw new BadRecordException(code, "series '" + p.series() + "' is already at "
                    + Instant.ofEpochMilli(w.lastTimestamp()) + "; point at " + Instant.ofEpochMilli(p.timestampMs())
                    + " is " + (code == ErrorCode.OUT_OF_ORDER ? "older" : "a duplicate"));
        }
        w.append(p.timestampMs(), p.value());
        windows.put(p.series(), w);
        models.observe(p.series(), p.timestampMs(), p.value());
        if (w.size() == capacity) {
            DeadLetterMessage.Source source = context.recordMetadata()
                    .map(m -> new DeadLetterMessage.Source(m.topic(), m.partition(), m.offset()))
                    .orElse(new DeadLetterMessage.Source(null, -1, -1));
            pending.put(nextSeq++, new PendingForecast(p.series(), p.timestampMs(), w.medianSpacingMs(),
                    record.timestamp(), w.values(), source));
            flushControl.queued(1);
            if (pendingCount == 0) {
                oldestQueuedMs = context.currentSystemTimeMs();
            }
            if (++pendingCount >= maxBatch || flushControl.draining()) {
                flush();
            }
        }
    }

    /** Runs every queued window through one model reference in one call and emits the forecasts. */
    private void flush() {
        if (pendingCount == 0) {
            return;
        }
        List<KeyValue<Long, PendingForecast>> batch = new ArrayList<>(pendingCount);
        try (KeyValueIterator<Long, PendingForecast> it = pending.all()) {
            it.forEachRemaining(batch::add);
        }
        ForecastModel model = model();
        double[][] inputs = new double[batch.size()][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = batch.get(i).value.window();
        }
        long started = System.nanoTime();
        Forecast[] forecasts = predict(model, inputs);
        metrics.batch(inputs.length, System.nanoTime() - started);
        ForecastMessage.ModelRef ref = new ForecastMessage.ModelRef(model.card().name(), model.card().version());
        long now = context.currentSystemTimeMs();
        int out = 0;
        for (int i = 0; i < inputs.length; i++) {
            PendingForecast p = batch.get(i).value;
            Forecast f = forecasts[i] != null ? forecasts[i] : predictOne(model, inputs[i]);
            if (f != null && isFinite(f)) {
                context.forward(new Record<>(p.series(), Json.bytes(message(p, f, ref)), p.recordTimestamp()), forecastsSink);
                metrics.endToEnd(now - p.recordTimestamp());
                out++;
            } else {
                context.forward(new Record<>(p.series(), Json.bytes(modelFailure(p, ref, now)), p.recordTimestamp()),
                        deadLettersSink);
                metrics.deadLettered(ErrorCode.MODEL_FAILURE);
            }
            pending.delete(batch.get(i).key);
        }
        metrics.recordsOut(out);
        flushControl.queued(-pendingCount);
        pendingCount = 0;
    }

    @Override
    public void close() {
        flushControl.queued(-pendingCount); // what is still queued stays in the changelogged store, not in this count
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

    private static DeadLetterMessage modelFailure(PendingForecast p, ForecastMessage.ModelRef model, long now) {
        String point = "{\"series\":" + new String(Json.bytes(p.series()), java.nio.charset.StandardCharsets.UTF_8)
                + ",\"ts\":\"" + Instant.ofEpochMilli(p.lastTimestampMs()) + "\",\"value\":" + p.window()[p.window().length - 1] + "}";
        return new DeadLetterMessage(new DeadLetterMessage.Error(ErrorCode.MODEL_FAILURE.name(),
                "model " + model.name() + " v" + model.version() + " failed on this window or forecast a non-finite value"),
                p.source(), Instant.ofEpochMilli(now), p.series(), point,
                java.util.Base64.getEncoder().encodeToString(point.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
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

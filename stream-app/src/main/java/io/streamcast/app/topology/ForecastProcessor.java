package io.streamcast.app.topology;

import io.streamcast.app.messages.BadRecordException;
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
 * transaction as the input offsets and outputs.
 */
final class ForecastProcessor implements Processor<String, PricePoint, String, byte[]> {
    private final String windowStoreName;
    private final String pendingStoreName;
    private final int capacity;
    private final int maxBatch;
    private final Duration maxWait;
    private final ForecastModelSource models;
    private final PipelineMetrics metrics;

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, SeriesWindow> windows;
    private KeyValueStore<Long, PendingForecast> pending;
    private long nextSeq;
    private int pendingCount;
    /** This task's own copy of the shared model (networks are not thread-safe), and what it was copied from. */
    private ForecastModel local;
    private ForecastModel localOrigin;

    ForecastProcessor(String windowStoreName, String pendingStoreName, int capacity, int maxBatch, Duration maxWait,
                      ForecastModelSource models, PipelineMetrics metrics) {
        this.windowStoreName = windowStoreName;
        this.pendingStoreName = pendingStoreName;
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.maxWait = maxWait;
        this.models = models;
        this.metrics = metrics;
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
        context.schedule(maxWait, PunctuationType.WALL_CLOCK_TIME, now -> flush());
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
            pending.put(nextSeq++, new PendingForecast(p.series(), p.timestampMs(), w.medianSpacingMs(),
                    record.timestamp(), w.values()));
            if (++pendingCount >= maxBatch) {
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
        Forecast[] forecasts = model.predict(inputs);
        metrics.batch(inputs.length, System.nanoTime() - started);
        ForecastMessage.ModelRef ref = new ForecastMessage.ModelRef(model.card().name(), model.card().version());
        long now = context.currentSystemTimeMs();
        for (int i = 0; i < inputs.length; i++) {
            PendingForecast p = batch.get(i).value;
            context.forward(new Record<>(p.series(), Json.bytes(message(p, forecasts[i], ref)),
                    p.recordTimestamp()));
            metrics.endToEnd(now - p.recordTimestamp());
            pending.delete(batch.get(i).key);
        }
        metrics.recordsOut(inputs.length);
        pendingCount = 0;
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

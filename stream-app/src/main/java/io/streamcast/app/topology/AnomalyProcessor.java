package io.streamcast.app.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.streamcast.app.messages.AnomalyMessage;
import io.streamcast.app.messages.ErrorCode;
import io.streamcast.app.messages.ForecastMessage;
import io.streamcast.app.messages.Json;
import io.streamcast.app.messages.MessageJson;
import io.streamcast.app.messages.PricePoint;
import io.streamcast.app.metrics.AnomalyMetrics;
import io.streamcast.app.metrics.PipelineMetrics;
import io.streamcast.app.model.AnomalyModelSource;
import io.streamcast.models.anomaly.AnomalyScore;
import io.streamcast.models.anomaly.ReconstructionModel;
import io.streamcast.models.anomaly.SeriesState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Scores every accepted point of every series: one {@code anomalies} record per point, in order. A point's
 * score uses only that point and the ones before it. Per-series state (recent values, recent errors, which
 * points were flagged) lives in a changelogged store; points wait in the micro-batch queue so the network runs
 * once per batch.
 *
 * <p>A series' state must see "add point, score point" in exact order (scoring may refit its normaliser), so a
 * batch runs as sub-batches holding at most one point per series, each with one network call across series.
 */
final class AnomalyProcessor extends MicroBatchProcessor<PricePoint, PendingPoint, Void> {
    private static final ForecastMessage.ModelRef NO_MODEL = new ForecastMessage.ModelRef("none", 0);
    private final String stateStoreName;
    private final AnomalyModelSource models;
    private final PipelineMetrics metrics;
    private final Counter flagged;
    private final DistributionSummary scores;
    private final String anomaliesSink;

    private KeyValueStore<String, byte[]> states;
    private ReconstructionModel local;
    private ReconstructionModel localOrigin;

    AnomalyProcessor(String stateStoreName, String queueStoreName, int maxBatch, Duration maxWait, AnomalyModelSource models,
                     AnomalyMetrics anomalyMetrics, String anomaliesSink, String deadLettersSink, FlushControl flushControl) {
        super(queueStoreName, maxBatch, maxWait, flushControl, deadLettersSink);
        this.stateStoreName = stateStoreName;
        this.models = models;
        this.metrics = anomalyMetrics.pipeline();
        this.flagged = anomalyMetrics.flagged();
        this.scores = anomalyMetrics.scores();
        this.anomaliesSink = anomaliesSink;
    }

    @Override
    protected void initState(ProcessorContext<String, byte[]> context) {
        states = context.getStateStore(stateStoreName);
    }

    @Override
    public void process(Record<String, PricePoint> record) {
        PricePoint p = record.value();
        enqueue(new PendingPoint(p.series(), p.timestampMs(), p.value(), record.timestamp(), currentSource()), record.timestamp());
    }

    @Override
    protected void runBatch(List<PendingPoint> batch) {
        ReconstructionModel model = model();
        ForecastMessage.ModelRef ref = model == null ? NO_MODEL
                : new ForecastMessage.ModelRef(model.card().name(), model.card().version());
        Map<String, SeriesState> states = new HashMap<>();
        int out = 0;
        // sub-batches with at most one point per series: each state sees add, window, score in exact order,
        // while the network still runs once per sub-batch across series
        for (int from = 0; from < batch.size(); ) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            int to = from;
            while (to < batch.size() && seen.add(batch.get(to).series())) {
                to++;
            }
            List<PendingPoint> part = batch.subList(from, to);
            double[][] windows = new double[part.size()][];
            List<double[]> toScore = new ArrayList<>();
            for (int i = 0; i < part.size(); i++) {
                SeriesState s = states.computeIfAbsent(part.get(i).series(), this::load);
                s.add(part.get(i).value());
                if (model != null && s.hasWindow()) {
                    windows[i] = s.latestWindow();
                    toScore.add(windows[i]);
                }
            }
            double[] errors = new double[0];
            if (!toScore.isEmpty()) {
                long started = System.nanoTime();
                errors = errors(model, toScore);
                metrics.batch(toScore.size(), System.nanoTime() - started);
            }
            long now = context.currentSystemTimeMs();
            int next = 0;
            for (int i = 0; i < part.size(); i++) {
                PendingPoint p = part.get(i);
                SeriesState s = states.get(p.series());
                AnomalyScore score = AnomalyScore.WARMING_UP;
                if (windows[i] != null) {
                    double error = errors[next++];
                    if (!(error >= 0) || Double.isInfinite(error)) {
                        deadLetter(p.series(), p.source(), p.recordTimestamp(), ErrorCode.MODEL_FAILURE,
                                "model " + ref.name() + " v" + ref.version() + " gave a non-finite reconstruction error", pointJson(p));
                        metrics.deadLettered(ErrorCode.MODEL_FAILURE);
                        continue;
                    }
                    score = s.score(error);
                }
                AnomalyMessage m = new AnomalyMessage(p.series(), Instant.ofEpochMilli(p.timestampMs()), p.value(),
                        score.score(), score.anomaly(), score.warmingUp(), windows[i] == null ? NO_MODEL : ref);
                context.forward(new Record<>(p.series(), MessageJson.anomaly(m), p.recordTimestamp()), anomaliesSink);
                metrics.endToEnd(now - p.recordTimestamp());
                if (!score.warmingUp()) {
                    scores.record(score.score());
                }
                if (score.anomaly()) {
                    flagged.increment();
                }
                models.observe(p.series(), s);
                out++;
            }
            from = to;
        }
        states.forEach((series, s) -> this.states.put(series, s.toBytes()));
        metrics.recordsOut(out);
    }

    /** All errors at once; when the batch call fails, NaN (dead-lettered one by one) rather than a stuck queue. */
    private static double[] errors(ReconstructionModel model, List<double[]> windows) {
        try {
            return model.reconstructionErrors(windows.toArray(double[][]::new));
        } catch (RuntimeException e) {
            double[] nan = new double[windows.size()];
            java.util.Arrays.fill(nan, Double.NaN);
            return nan;
        }
    }

    private SeriesState load(String series) {
        byte[] bytes = states.get(series);
        return bytes == null ? new SeriesState(models.config()) : SeriesState.fromBytes(bytes, models.config());
    }

    private ReconstructionModel model() {
        ReconstructionModel shared = models.current().orElse(null);
        if (shared != localOrigin) {
            local = shared == null ? null : shared.copy();
            localOrigin = shared;
        }
        return local;
    }

    private static String pointJson(PendingPoint p) {
        return "{\"series\":" + new String(Json.bytes(p.series()), java.nio.charset.StandardCharsets.UTF_8) + ",\"ts\":\""
                + Instant.ofEpochMilli(p.timestampMs()) + "\",\"value\":" + p.value() + "}";
    }
}

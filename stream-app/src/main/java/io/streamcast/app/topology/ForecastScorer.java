package io.streamcast.app.topology;

import io.streamcast.app.messages.ForecastMessage;
import io.streamcast.app.messages.ForecastScoreMessage;
import io.streamcast.app.messages.Json;
import io.streamcast.app.metrics.ScoreMetrics;
import io.streamcast.app.scoring.DriftMonitor;
import io.streamcast.app.scoring.IntervalCalibrator;
import io.streamcast.app.scoring.ModelId;
import io.streamcast.models.eval.ForecastAccuracy;
import io.streamcast.models.forecast.Forecast;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins a stream task's forecasts with the actual values as they arrive, and calibrates the intervals it serves
 * from the residuals. Driven by {@link ForecastProcessor}'s batches, in queue order: each queued item is the
 * series' next point, so it first completes one more step of every forecast outstanding for the series (step k is
 * the k-th point after a forecast's origin, whatever the timestamps say), then its own forecast joins them.
 *
 * <p>Each completed step feeds the metrics per model version and step and, when its version is the one serving,
 * the interval calibration; each completed forecast is written to the scores topic and fed to the drift monitor.
 * Outstanding forecasts live in a changelogged store per series, the calibration in another per task: both
 * commit in the same transaction as the batch, so a crash neither loses nor repeats a score.
 */
final class ForecastScorer {
    /** What the scorer needs from the topology. */
    record Settings(String outstandingStore, String calibrationStore, String scoresSink, double coverage, int window,
                    int minResiduals, ScoreMetrics metrics, DriftMonitor drift) {
    }

    private final Settings settings;
    private final ProcessorContext<String, byte[]> context;
    private final KeyValueStore<String, OutstandingForecasts> outstanding;
    private final CalibrationStore calibration;
    /** The batch's series states, read once and written back at its end. */
    private final Map<String, OutstandingForecasts> batchStates = new HashMap<>();
    private double[] widths;

    ForecastScorer(Settings settings, ProcessorContext<String, byte[]> context) {
        this.settings = settings;
        this.context = context;
        this.outstanding = context.getStateStore(settings.outstandingStore());
        this.calibration = new CalibrationStore(context.getStateStore(settings.calibrationStore()), settings.coverage(),
                settings.window(), settings.minResiduals());
    }

    /** Starts a batch forecast by {@code model}: its calibration (restarted when the version changed) and widths. */
    void startBatch(ModelId model, int horizon) {
        calibration.use(model, horizon);
        IntervalCalibrator c = calibration.calibrator();
        widths = new double[horizon];
        for (int step = 1; step <= horizon; step++) {
            widths[step - 1] = c.halfWidth(step);
        }
    }

    /** The next point of a series, as the queued item {@code p} carries it: scores what it completes. */
    void observe(PendingForecast p) {
        OutstandingForecasts state = state(p.series());
        if (state.isEmpty()) {
            return;
        }
        double actual = p.window()[p.window().length - 1];
        List<OutstandingForecasts.Forecast> done = state.advance(p.lastTimestampMs(), actual, (f, step) -> {
            double predicted = f.mean()[step - 1];
            double error = Math.abs(actual - predicted);
            settings.metrics().step(f.model(), step, error, ForecastAccuracy.smape(actual, predicted),
                    f.lower()[step - 1] <= actual && actual <= f.upper()[step - 1]);
            if (f.model().equals(calibration.model())) {
                calibration.add(step, error / f.scale());
            }
        });
        for (OutstandingForecasts.Forecast f : done) {
            ForecastScoreMessage score = score(p.series(), f, state);
            context.forward(new Record<>(p.series(), Json.bytes(score), p.recordTimestamp()), settings.scoresSink());
            settings.metrics().forecastScored();
            settings.drift().record(f.model(), score.smape());
        }
    }

    /**
     * The forecast to serve: the model's {@code f}, each step's interval replaced by the live calibration (times the
     * {@code scale} of the window it was made from) once that step has enough residuals.
     */
    Forecast calibrated(Forecast f, double scale) {
        int h = f.horizon();
        double[] lower = f.lower().clone();
        double[] upper = f.upper().clone();
        int calibrated = 0;
        for (int k = 0; k < h && k < widths.length; k++) {
            if (!Double.isNaN(widths[k])) {
                lower[k] = f.mean()[k] - scale * widths[k];
                upper[k] = f.mean()[k] + scale * widths[k];
                calibrated++;
            }
        }
        settings.metrics().intervalsServed(calibrated, h - calibrated);
        return new Forecast(f.mean(), lower, upper);
    }

    /** A forecast served for the point {@code p}: outstanding until its steps are known. */
    void register(PendingForecast p, ModelId model, double scale, Forecast served) {
        state(p.series()).add(new OutstandingForecasts.Forecast(p.lastTimestampMs(), model, scale,
                served.mean(), served.lower(), served.upper()));
    }

    /** Writes the batch's series states and calibration changes. */
    void endBatch() {
        batchStates.forEach((series, state) -> {
            if (state.isEmpty()) {
                outstanding.delete(series);
            } else {
                outstanding.put(series, state);
            }
        });
        batchStates.clear();
        calibration.flush();
    }

    /** Drops what is outstanding for a series whose points will no longer all be queued (its window was resized). */
    void forget(String series) {
        outstanding.delete(series);
    }

    private OutstandingForecasts state(String series) {
        return batchStates.computeIfAbsent(series, s -> {
            OutstandingForecasts stored = outstanding.get(s);
            return stored != null ? stored : new OutstandingForecasts();
        });
    }

    private static ForecastScoreMessage score(String series, OutstandingForecasts.Forecast f, OutstandingForecasts state) {
        int h = f.horizon();
        List<ForecastScoreMessage.Step> steps = new ArrayList<>(h);
        double errors = 0;
        double smapes = 0;
        int inside = 0;
        for (int k = 0; k < h; k++) {
            int back = h - 1 - k;
            double actual = state.valueBack(back);
            double predicted = f.mean()[k];
            double error = Math.abs(actual - predicted);
            double smape = ForecastAccuracy.smape(actual, predicted);
            boolean in = f.lower()[k] <= actual && actual <= f.upper()[k];
            steps.add(new ForecastScoreMessage.Step(k + 1, Instant.ofEpochMilli(state.timestampBack(back)), actual, predicted,
                    f.lower()[k], f.upper()[k], error, smape, in));
            errors += error;
            smapes += smape;
            inside += in ? 1 : 0;
        }
        return new ForecastScoreMessage(series, Instant.ofEpochMilli(f.originTs()),
                new ForecastMessage.ModelRef(f.model().name(), f.model().version()), steps, errors / h, smapes / h,
                (double) inside / h);
    }
}

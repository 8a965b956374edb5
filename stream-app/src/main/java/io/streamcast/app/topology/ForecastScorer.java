package io.streamcast.app.topology;

import io.streamcast.app.messages.ForecastMessage;
import io.streamcast.app.messages.ForecastScoreMessage;
import io.streamcast.app.messages.MessageJson;
import io.streamcast.app.metrics.ScoreMetrics;
import io.streamcast.app.scoring.DriftMonitor;
import io.streamcast.app.scoring.IntervalCalibrator;
import io.streamcast.app.scoring.ModelId;
import io.streamcast.models.eval.ForecastAccuracy;
import io.streamcast.models.forecast.Forecast;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a stream task's forecasts with the actual values as they arrive, and calibrates the intervals it serves
 * from the residuals. Driven by {@link ForecastProcessor}'s batches, in queue order: each queued item is the
 * series' next point, so it first completes the forecast made H points before it (step k is the k-th point after a
 * forecast's origin, whatever the timestamps say), then its own forecast becomes outstanding.
 *
 * <p>Each completed forecast is written to the scores topic, fed to the drift monitor, and each of its steps to the
 * metrics per model version and step and, when its version is the one serving, to the interval calibration.
 * Outstanding forecasts live in a changelogged store keyed by series and the point that completes them, each
 * written once and deleted once; the calibration in another store per task: both commit in the same transaction as
 * the batch, so a crash neither loses nor repeats a score.
 */
final class ForecastScorer {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastScorer.class);

    /**
     * What the scorer needs from the topology.
     *
     * @param horizon the longest forecast scored: the series' window keeps at least this many points for it
     * @param window  residuals kept per step for the calibration
     */
    record Settings(String outstandingStore, String calibrationStore, String scoresSink, int horizon, double coverage,
                    int window, int minResiduals, ScoreMetrics metrics, DriftMonitor drift) {
    }

    private final Settings settings;
    private final ProcessorContext<String, byte[]> context;
    private final KeyValueStore<OutstandingForecasts.Due, List<OutstandingForecasts.Forecast>> outstanding;
    private final CalibrationStore calibration;
    private double[] widths;
    private boolean warnedTooLong;

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

    /** The next point of a series, as the queued item {@code p} carries it: scores the forecasts it completes. */
    void observe(PendingForecast p) {
        if (p.point() < 0) {
            return; // queued before points were numbered: nothing is due at it
        }
        OutstandingForecasts.Due key = new OutstandingForecasts.Due(p.series(), p.point());
        // one read for both: delete returns what was stored (a missing key costs a tombstone, which happens only
        // for a series' first points)
        List<OutstandingForecasts.Forecast> due = outstanding.delete(key);
        if (due == null) {
            return;
        }
        for (OutstandingForecasts.Forecast f : due) {
            if (f.horizon() > p.timestamps().length || f.horizon() > p.window().length) {
                continue; // registered before streamcast.forecaster.horizon was lowered: its actual values are gone
            }
            ForecastScoreMessage score = score(p, f);
            context.forward(new Record<>(p.series(), MessageJson.scores(score), p.recordTimestamp()), settings.scoresSink());
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

    /** A forecast served for the point {@code p}: outstanding until the point that completes it. */
    void register(PendingForecast p, ModelId model, double scale, Forecast served) {
        int h = served.horizon();
        if (p.point() < 0) {
            return;
        }
        if (h > settings.horizon()) {
            if (!warnedTooLong) {
                warnedTooLong = true;
                LOG.warn("{} v{} forecasts {} steps, more than streamcast.forecaster.horizon ({}): its forecasts are served "
                        + "but not scored", model.name(), model.version(), h, settings.horizon());
            }
            return;
        }
        OutstandingForecasts.Forecast f = new OutstandingForecasts.Forecast(p.lastTimestampMs(), model, scale,
                served.mean(), served.lower(), served.upper());
        OutstandingForecasts.Due key = new OutstandingForecasts.Due(p.series(), p.point() + h);
        // Two forecasts are due at one point only if the earlier one forecast further. None forecasts further than
        // the setting, so a forecast of that horizon (as every forecast is, unless a model was trained for another)
        // is due alone, and is written without a read.
        List<OutstandingForecasts.Forecast> already = h == settings.horizon() ? null : outstanding.get(key);
        if (already == null) {
            outstanding.put(key, List.of(f));
        } else {
            List<OutstandingForecasts.Forecast> both = new ArrayList<>(already);
            both.add(f);
            outstanding.put(key, both);
        }
    }

    /** Writes the batch's calibration changes. */
    void endBatch() {
        calibration.flush();
    }

    /**
     * Drops what is outstanding for a series whose next points will not all be queued (its window was resized):
     * the forecasts due after its point {@code point} (at most the horizon setting later, as none forecasts further).
     */
    void forget(String series, long point) {
        for (long due = point + 1; due <= point + settings.horizon(); due++) {
            OutstandingForecasts.Due key = new OutstandingForecasts.Due(series, due);
            if (outstanding.get(key) != null) { // a read, not a tombstone on the changelog for every point
                outstanding.delete(key);
            }
        }
    }

    /** Scores {@code f} against the series' last H points, which {@code p}, the point completing it, carries. */
    private ForecastScoreMessage score(PendingForecast p, OutstandingForecasts.Forecast f) {
        int h = f.horizon();
        double[] values = p.window();
        long[] times = p.timestamps();
        boolean calibrating = f.model().equals(calibration.model());
        ScoreMetrics.Steps meters = settings.metrics().forecastOf(f.model());
        List<ForecastScoreMessage.Step> steps = new ArrayList<>(h);
        double errors = 0;
        double smapes = 0;
        int inside = 0;
        for (int k = 0; k < h; k++) {
            int back = h - 1 - k;
            double actual = values[values.length - 1 - back];
            double predicted = f.mean()[k];
            double error = Math.abs(actual - predicted);
            double smape = ForecastAccuracy.smape(actual, predicted);
            boolean in = f.lower()[k] <= actual && actual <= f.upper()[k];
            meters.step(k + 1, error, smape, in);
            if (calibrating) {
                calibration.add(k + 1, error / f.scale());
            }
            steps.add(new ForecastScoreMessage.Step(k + 1, Instant.ofEpochMilli(times[times.length - 1 - back]), actual,
                    predicted, f.lower()[k], f.upper()[k], error, smape, in));
            errors += error;
            smapes += smape;
            inside += in ? 1 : 0;
        }
        return new ForecastScoreMessage(p.series(), Instant.ofEpochMilli(f.originTs()),
                new ForecastMessage.ModelRef(f.model().name(), f.model().version()), steps, errors / h, smapes / h,
                (double) inside / h);
    }
}

package io.streamcast.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.streamcast.app.scoring.DriftSignal;
import io.streamcast.app.scoring.ModelId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Live forecast accuracy, from forecasts joined with the actual values: per model version and horizon step, the
 * absolute error (its mean is the MAE), the sMAPE and whether the actual fell inside the interval served (counted,
 * and as a rolling coverage over the last {@code coverageWindow} steps). Tags are the pipeline, model name, version
 * and step — never a series. Meters of the {@value #VERSIONS_KEPT} most recent versions are kept; older ones are
 * removed, so a long run does not pile up versions. Shared by every stream task; thread-safe.
 */
public final class ScoreMetrics {
    /** The serving version and the one before it (whose last forecasts complete after a swap). */
    static final int VERSIONS_KEPT = 2;

    private final MeterRegistry registry;
    private final String pipeline;
    private final int coverageWindow;
    private final Counter scored;
    private final Counter calibratedSteps;
    private final Counter modelSteps;
    private final Map<ModelId, VersionMeters> versions = new LinkedHashMap<>();
    private final Set<ModelId> retired = new HashSet<>();

    public ScoreMetrics(MeterRegistry registry, String pipeline, double targetCoverage, int coverageWindow) {
        this.registry = registry;
        this.pipeline = pipeline;
        this.coverageWindow = coverageWindow;
        scored = Counter.builder("streamcast.forecasts.scored")
                .description("Forecasts scored against the actual values once all their steps were known")
                .tag("pipeline", pipeline).register(registry);
        calibratedSteps = intervalSteps("calibrated");
        modelSteps = intervalSteps("model");
        Gauge.builder("streamcast.forecast.interval.coverage.target", () -> targetCoverage)
                .description("Coverage the prediction intervals are calibrated to").tag("pipeline", pipeline)
                .register(registry);
    }

    private Counter intervalSteps(String source) {
        return Counter.builder("streamcast.forecast.interval.steps")
                .description("Forecast steps served, by where their interval came from: live calibration or the model")
                .tags("pipeline", pipeline, "source", source).register(registry);
    }

    /** Binds the live sMAPE, its baseline and their ratio from a drift signal. */
    public ScoreMetrics withDrift(DriftSignal drift) {
        Gauge.builder("streamcast.forecast.smape.live", drift, d -> d.status().liveSmape())
                .description("Mean sMAPE (percent) of the serving version's most recently scored forecasts")
                .tag("pipeline", pipeline).register(registry);
        Gauge.builder("streamcast.forecast.smape.baseline", drift, d -> d.status().baselineSmape())
                .description("Baseline sMAPE (percent) of the serving version: its first scored forecasts")
                .tag("pipeline", pipeline).register(registry);
        Gauge.builder("streamcast.forecast.drift.ratio", drift, d -> d.status().liveOverBaseline())
                .description("Live over baseline sMAPE of the serving version; drift is declared at the configured ratio")
                .tag("pipeline", pipeline).register(registry);
        Gauge.builder("streamcast.forecast.drifted", drift, d -> d.status().drifted() ? 1 : 0)
                .description("1 while the serving version's live error has drifted from its baseline")
                .tag("pipeline", pipeline).register(registry);
        return this;
    }

    /** One step (1-based) of a forecast of {@code model}, scored. */
    public void step(ModelId model, int step, double absError, double smape, boolean inside) {
        forecastOf(model).step(step, absError, smape, inside);
    }

    /** Where the steps of one forecast of {@code model} are recorded: the version's meters, looked up once. */
    public Steps forecastOf(ModelId model) {
        VersionMeters v;
        synchronized (this) {
            v = meters(model);
        }
        return v == null ? NOT_RECORDED : v;
    }

    /** The meters of one model version's steps. */
    public interface Steps {
        /** One step (1-based), scored. */
        void step(int step, double absError, double smape, boolean inside);
    }

    private static final Steps NOT_RECORDED = (step, absError, smape, inside) -> { }; // a retired version

    /** A forecast fully scored (all steps known). */
    public void forecastScored() {
        scored.increment();
    }

    /** Steps of forecasts served with a live-calibrated interval and with the model's own. */
    public void intervalsServed(int calibrated, int fromModel) {
        if (calibrated > 0) {
            calibratedSteps.increment(calibrated);
        }
        if (fromModel > 0) {
            modelSteps.increment(fromModel);
        }
    }

    public double scoredCount() {
        return scored.count();
    }

    /** Rolling coverage of a version's step, NaN when not scored (or its meters were retired). */
    public synchronized double coverage(ModelId model, int step) {
        VersionMeters v = versions.get(model);
        return v == null || step > v.steps.size() ? Double.NaN : v.steps.get(step - 1).coverage.value();
    }

    private VersionMeters meters(ModelId model) {
        VersionMeters v = versions.get(model);
        if (v != null || retired.contains(model)) {
            return v;
        }
        if (versions.size() == VERSIONS_KEPT) {
            ModelId oldest = versions.keySet().iterator().next();
            VersionMeters gone = versions.remove(oldest);
            gone.removed = true;
            gone.meters.forEach(registry::remove);
            retired.add(oldest);
        }
        v = new VersionMeters(model);
        versions.put(model, v);
        return v;
    }

    private final class VersionMeters implements Steps {
        final Tags tags;
        final List<StepMeters> steps = new ArrayList<>();
        private volatile StepMeters[] stepMeters = new StepMeters[0];
        private boolean removed; // guarded by ScoreMetrics.this
        final List<Meter> meters = new ArrayList<>();

        VersionMeters(ModelId model) {
            tags = Tags.of("pipeline", pipeline, "model", model.name(), "version", Long.toString(model.version()));
        }

        @Override
        public void step(int step, double absError, double smape, boolean inside) {
            StepMeters s = meters(step);
            if (s == null) {
                return;
            }
            s.error.record(absError);
            s.smape.record(smape);
            if (inside) {
                s.inside.increment();
            }
            s.coverage.add(inside);
        }

        /** A step's meters: read without a lock once they exist (12 steps per scored forecast). */
        private StepMeters meters(int step) {
            StepMeters[] known = stepMeters;
            if (step <= known.length) {
                return known[step - 1];
            }
            synchronized (ScoreMetrics.this) {
                if (removed) {
                    return null; // its meters were removed while a forecast of it was being scored: none made again
                }
                while (steps.size() < step) {
                    steps.add(new StepMeters(tags.and("step", Integer.toString(steps.size() + 1)), meters));
                }
                stepMeters = steps.toArray(new StepMeters[0]);
                return steps.get(step - 1);
            }
        }
    }

    private final class StepMeters {
        final DistributionSummary error;
        final DistributionSummary smape;
        final Counter inside;
        final RollingShare coverage = new RollingShare(coverageWindow);

        StepMeters(Tags tags, List<Meter> owned) {
            error = DistributionSummary.builder("streamcast.forecast.error")
                    .description("Absolute error of a forecast step against the actual value, in the series' units (mean = MAE)")
                    .tags(tags).register(registry);
            smape = DistributionSummary.builder("streamcast.forecast.smape")
                    .description("sMAPE of a forecast step against the actual value, in percent (0 to 200)")
                    .tags(tags).register(registry);
            inside = Counter.builder("streamcast.forecast.interval.inside")
                    .description("Forecast steps whose actual value was inside the interval served")
                    .tags(tags).register(registry);
            Gauge g = Gauge.builder("streamcast.forecast.interval.coverage", coverage, RollingShare::value)
                    .description("Share of the most recent scored steps whose actual was inside the interval served")
                    .tags(tags).register(registry);
            owned.addAll(List.of(error, smape, inside, g));
        }
    }

    /** The share of true among the last {@code size} booleans. */
    private static final class RollingShare {
        private final boolean[] ring;
        private int next;
        private int size;
        private int trues;

        RollingShare(int size) {
            ring = new boolean[size];
        }

        synchronized void add(boolean b) {
            if (size == ring.length) {
                trues -= ring[next] ? 1 : 0;
            } else {
                size++;
            }
            ring[next] = b;
            trues += b ? 1 : 0;
            next = (next + 1) % ring.length;
        }

        synchronized double value() {
            return size == 0 ? Double.NaN : (double) trues / size;
        }
    }
}

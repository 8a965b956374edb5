package io.streamcast.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamcast.models.artifact.ModelCard;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The meters of a classification pipeline: its {@link PipelineMetrics}; the serving model's version and age;
 * prequential accuracy (each labelled input is predicted before the model learns from it) over the most recent
 * labelled inputs and per model version; and refits by outcome. Tags: the pipeline, the outcome, and the version of
 * the {@value #VERSIONS_KEPT} most recent versions only (older versions' meters are removed), so the number of
 * series stays bounded.
 */
public final class ClassifierMetrics {
    /** Labelled inputs the recent accuracy is taken over. */
    public static final int RECENT = 500;
    /** Model versions whose own prequential accuracy is kept as a meter. */
    public static final int VERSIONS_KEPT = 3;

    private final MeterRegistry registry;
    private final String pipeline;
    private final PipelineMetrics meters;
    private final Counter correct;
    private final Counter incorrect;
    private final Timer refitTime;
    private final Counter refitFailures;
    private final Counter promoted;
    private final Counter rejected;
    private final Counter failed;
    private final boolean[] window = new boolean[RECENT];
    private int windowSize;
    private int windowNext;
    private int windowCorrect;
    private final Deque<VersionAccuracy> versions = new ArrayDeque<>();

    /** The prequential accuracy of one model version, with its gauge. */
    private static final class VersionAccuracy {
        final long version;
        long scored;
        long correct;
        Gauge gauge;

        VersionAccuracy(long version) {
            this.version = version;
        }

        double value() {
            synchronized (this) {
                return scored == 0 ? Double.NaN : (double) correct / scored;
            }
        }
    }

    public ClassifierMetrics(MeterRegistry registry, String pipeline, Supplier<ModelCard> serving) {
        this.registry = registry;
        this.pipeline = pipeline;
        this.meters = new PipelineMetrics(registry, pipeline);
        correct = Counter.builder("streamcast.prequential.scored").description("Labelled inputs predicted, by outcome")
                .tags("pipeline", pipeline, "outcome", "correct").register(registry);
        incorrect = Counter.builder("streamcast.prequential.scored").description("Labelled inputs predicted, by outcome")
                .tags("pipeline", pipeline, "outcome", "incorrect").register(registry);
        Gauge.builder("streamcast.prequential.accuracy", this, ClassifierMetrics::recentAccuracy)
                .description("Share of the last " + RECENT + " labelled inputs predicted correctly before the model learned from them")
                .tag("pipeline", pipeline).register(registry);
        Gauge.builder("streamcast.model.version", serving, s -> s.get().version())
                .description("Version of the model serving predictions (0 = untrained)").tag("pipeline", pipeline)
                .strongReference(true).register(registry);
        Gauge.builder("streamcast.model.age", serving,
                        s -> Duration.between(s.get().created(), Instant.now()).toMillis() / 1000.0)
                .description("Seconds since the serving model was trained").tag("pipeline", pipeline)
                .baseUnit("seconds").strongReference(true).register(registry);
        refitTime = Timer.builder("streamcast.retrain.duration").description("Time of one model fit")
                .tag("pipeline", pipeline).register(registry);
        refitFailures = Counter.builder("streamcast.retrain.failures").description("Fits that failed")
                .tag("pipeline", pipeline).register(registry);
        promoted = Counter.builder("streamcast.retrain.outcomes").description("Refits by outcome")
                .tags("pipeline", pipeline, "outcome", "promoted").register(registry);
        rejected = Counter.builder("streamcast.retrain.outcomes").description("Refits by outcome")
                .tags("pipeline", pipeline, "outcome", "rejected").register(registry);
        failed = Counter.builder("streamcast.retrain.outcomes").description("Refits by outcome")
                .tags("pipeline", pipeline, "outcome", "failed").register(registry);
    }

    /** Records in/out, dead letters, batch size and latencies. */
    public PipelineMetrics pipeline() {
        return meters;
    }

    /** One labelled input predicted by model {@code version}: right or wrong. */
    public void scored(long version, boolean right) {
        (right ? correct : incorrect).increment();
        synchronized (window) {
            if (windowSize == RECENT && window[windowNext]) {
                windowCorrect--;
            }
            window[windowNext] = right;
            if (right) {
                windowCorrect++;
            }
            windowNext = (windowNext + 1) % RECENT;
            windowSize = Math.min(RECENT, windowSize + 1);
        }
        VersionAccuracy v = version(version);
        synchronized (v) {
            v.scored++;
            if (right) {
                v.correct++;
            }
        }
    }

    /** Share correct of the last {@value #RECENT} labelled inputs; NaN before the first. */
    public double recentAccuracy() {
        synchronized (window) {
            return windowSize == 0 ? Double.NaN : (double) windowCorrect / windowSize;
        }
    }

    /** Labelled inputs predicted so far. */
    public long scoredCount() {
        return (long) (correct.count() + incorrect.count());
    }

    /** Prequential accuracy of a version, while its meter is kept; NaN otherwise. */
    public double versionAccuracy(long version) {
        synchronized (versions) {
            for (VersionAccuracy v : versions) {
                if (v.version == version) {
                    return v.value();
                }
            }
        }
        return Double.NaN;
    }

    private VersionAccuracy version(long version) {
        synchronized (versions) {
            for (VersionAccuracy v : versions) {
                if (v.version == version) {
                    return v;
                }
            }
            VersionAccuracy v = new VersionAccuracy(version);
            v.gauge = Gauge.builder("streamcast.prequential.accuracy.version", v, VersionAccuracy::value)
                    .description("Share of the labelled inputs a model version predicted correctly, since it started serving")
                    .tags("pipeline", pipeline, "version", Long.toString(version)).register(registry);
            versions.addLast(v);
            while (versions.size() > VERSIONS_KEPT) {
                VersionAccuracy oldest = versions.pollFirst();
                registry.remove(oldest.gauge);
            }
            return v;
        }
    }

    /** A refit's time and outcome: promoted (served from now on), rejected (the serving model was better) or failed. */
    public void refit(long nanos, RefitOutcome outcome) {
        refitTime.record(nanos, TimeUnit.NANOSECONDS);
        switch (outcome) {
            case PROMOTED -> promoted.increment();
            case REJECTED -> rejected.increment();
            case FAILED -> {
                failed.increment();
                refitFailures.increment();
            }
            default -> throw new IllegalArgumentException(outcome.name());
        }
    }

    /** How a refit ended. */
    public enum RefitOutcome { PROMOTED, REJECTED, FAILED }

    public double promotedCount() {
        return promoted.count();
    }

    public double rejectedCount() {
        return rejected.count();
    }
}

package io.streamcast.app.model;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamcast.models.anomaly.AnomalyConfig;
import io.streamcast.models.anomaly.AnomalyModel;
import io.streamcast.models.anomaly.AnomalyTrainer;
import io.streamcast.models.anomaly.ReconstructionModel;
import io.streamcast.models.anomaly.SeriesState;
import io.streamcast.models.artifact.ModelCard.DataRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The anomaly pipeline's model: one autoencoder shared by all series (windows are normalised per window), fitted
 * on its own thread — never a stream thread — first once {@code warmup} points have streamed in, then every
 * {@code refitInterval} points but no sooner than {@code minRefitGap} after the previous fit ended, on the series'
 * recent points with those flagged anomalous left out (so an outage does not become normal). The points count all
 * series, so without the gap thousands of points a second would keep a trainer busy with back-to-back fits. A new
 * fit is swapped in atomically; a batch takes one reference and never mixes two.
 */
public final class AnomalyModelSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyModelSource.class);
    /** Series whose recent segments are kept for the next fit, at most (the most recently seen). */
    private static final int MAX_SERIES = 500;

    private final String name;
    private final AnomalyConfig config;
    private final AnomalyTrainer trainer;
    private final int captureEvery;
    private final long minRefitGapNanos;
    private final LongSupplier nanoClock;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(TrainerThreads.factory("streamcast-anomaly-trainer"));
    private final Map<String, List<double[]>> segments = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<double[]>> eldest) {
            return size() > MAX_SERIES;
        }
    };
    private final MeterRegistry meters;
    /** What scores now: the latest fit, or a fixed model. */
    private volatile ReconstructionModel current;
    private long points;
    private long pointsAtLastFit;
    /** When the last fit ended, on {@link #nanoClock}; meaningful once a fit has ended. */
    private long lastFitEndedNanos;
    private boolean fitting;
    private long version;

    /**
     * @param minRefitGap the least time from the end of one fit to the start of the next; zero refits on the point
     *                    count alone
     */
    public AnomalyModelSource(String name, AnomalyConfig config, Duration minRefitGap, MeterRegistry registry) {
        this(name, config, minRefitGap, System::nanoTime, registry);
    }

    /** The same on a given clock ({@link System#nanoTime()} semantics), for tests. */
    AnomalyModelSource(String name, AnomalyConfig config, Duration minRefitGap, LongSupplier nanoClock, MeterRegistry registry) {
        if (minRefitGap.isNegative()) {
            throw new IllegalArgumentException("the minimum gap between refits must not be negative, was " + minRefitGap);
        }
        this.name = name;
        this.config = config;
        this.trainer = new AnomalyTrainer(config);
        this.captureEvery = Math.max(1, Math.min(config.warmup(), config.refitInterval()) / 4);
        this.minRefitGapNanos = minRefitGap.toNanos();
        this.nanoClock = nanoClock;
        this.meters = registry;
    }

    /** A source serving a given model, with no fits of its own (tests, or a model from a file). */
    public static AnomalyModelSource fixed(AnomalyModel model, MeterRegistry registry) {
        return fixed(model, model.config(), registry);
    }

    /** A source serving any reconstruction model with these settings, with no fits of its own (e.g. bench's no-op). */
    public static AnomalyModelSource fixed(ReconstructionModel model, AnomalyConfig config, MeterRegistry registry) {
        AnomalyModelSource s = new AnomalyModelSource(model.card().name(), config, Duration.ZERO, registry);
        s.current = model;
        s.fitting = true; // never fits
        return s;
    }

    public AnomalyConfig config() {
        return config;
    }

    /** The model now, if one has been fitted. Shared: each thread scores with its own {@link ReconstructionModel#copy()}. */
    public Optional<ReconstructionModel> current() {
        return Optional.ofNullable(current);
    }

    /** Sees a series' state after each of its points was scored, on a stream thread; cheap. */
    public void observe(String series, SeriesState state) {
        List<double[]> snapshot = state.count() % captureEvery == 0 ? state.trainingSegments() : null;
        List<double[]> data = null;
        synchronized (segments) {
            points++;
            if (snapshot != null) {
                segments.put(series, snapshot);
            }
            boolean due = current == null
                    ? points >= config.warmup()
                    : points - pointsAtLastFit >= config.refitInterval()
                            && nanoClock.getAsLong() - lastFitEndedNanos >= minRefitGapNanos;
            if (due && !fitting && !segments.isEmpty()) {
                fitting = true;
                pointsAtLastFit = points;
                data = new ArrayList<>();
                for (List<double[]> s : segments.values()) {
                    data.addAll(s);
                }
            }
        }
        if (data != null) {
            List<double[]> training = data;
            long total = points;
            executor.submit(() -> fit(training, total));
        }
    }

    /** Whether a fit is under way (or submitted). */
    boolean fitting() {
        synchronized (segments) {
            return fitting;
        }
    }

    private void fit(List<double[]> data, long pointsSeen) {
        long started = System.nanoTime();
        String outcome = "promoted";
        String trigger = current == null ? "first" : "schedule";
        try {
            AnomalyModel previous = current instanceof AnomalyModel fitted ? fitted : null;
            List<DataRange> provenance = List.of(new DataRange("stream:recent-unflagged-points", -1, 0, pointsSeen - 1));
            AnomalyModel next = previous == null
                    ? trainer.train(name, ++version, data, provenance)
                    : trainer.refit(previous, ++version, data, provenance);
            current = next;
            LOG.info("anomaly model {} v{} fitted on {} segments in {} ms", name, next.card().version(), data.size(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            outcome = "failed";
            LOG.warn("anomaly model fit failed; the current model keeps scoring", e);
        } finally {
            // the same meters as the forecaster's trainer; a fit has no challenger gate, so it is promoted or failed
            Timer.builder("streamcast.retrain.duration").description("Time of a training, from reading the data to the verdict")
                    .tag("pipeline", "anomaly").tag("model", name).tag("outcome", outcome).register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            Counter.builder("streamcast.retrain.outcomes").description("Trainings by outcome: promoted, rejected, skipped, failed")
                    .tag("pipeline", "anomaly").tag("model", name).tag("outcome", outcome).tag("trigger", trigger)
                    .register(meters).increment();
            synchronized (segments) {
                fitting = false;
                lastFitEndedNanos = nanoClock.getAsLong();
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.streamcast.app.training;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.model.TrainerThreads;
import io.streamcast.app.registry.RegistryClient;
import io.streamcast.app.scoring.DriftSignal;
import io.streamcast.app.scoring.DriftStatus;
import io.streamcast.app.scoring.ModelId;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.eval.HoldoutEvaluation;
import io.streamcast.models.forecast.ForecastModel;
import io.streamcast.models.forecast.ForecasterConfig;
import io.streamcast.models.forecast.ForecasterTrainer;
import io.streamcast.models.forecast.LstmForecaster;
import io.streamcast.models.forecast.SeasonalNaiveModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The train role for the forecaster: on its own thread (never a stream thread), it re-reads the recent input by
 * offset range, trains a challenger on all but the latest stretch of each series, scores challenger and champion
 * (the registry's current version, or seasonal naive before the first) on that held-back stretch, and publishes
 * the challenger to the registry only if it wins. It trains when there is no model yet and enough data, on a
 * schedule, and early when the live error drifts. Every outcome is logged and counted
 * ({@code streamcast.retrain.outcomes{model, outcome, trigger}}, {@code streamcast.retrain.duration}).
 */
public final class ForecastRetrainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastRetrainer.class);
    /** Origins scored per series in the held-back stretch. */
    private static final int ORIGINS_PER_SERIES = 16;
    /** A drift retrain at most this often, so a drift no challenger can fix does not retrain without pause. */
    private static final Duration DRIFT_COOLDOWN = Duration.ofMinutes(2);

    /** Why a training ran. */
    public enum Trigger { FIRST, SCHEDULE, DRIFT, MANUAL }

    /**
     * What a training ended with.
     *
     * @param result          promoted, rejected, skipped (not enough data) or failed
     * @param version         the challenger's version (0 when none was trained)
     * @param challengerSmape its held-back sMAPE (NaN when none was trained)
     * @param championSmape   the champion's held-back sMAPE
     * @param championVersion the champion's version (0 = seasonal naive)
     * @param detail          a sentence for the log
     */
    public record Outcome(String result, long version, double challengerSmape, double championSmape,
                          long championVersion, String detail) {
        public boolean promoted() {
            return "promoted".equals(result);
        }
    }

    private final String name;
    private final StreamcastConfig config;
    private final ForecasterConfig training;
    private final RegistryClient registry;
    private final RecentPrices prices;
    private final MeterRegistry meters;
    private final DriftSignal drift;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            TrainerThreads.factory("streamcast-trainer"));
    private final AtomicReference<Outcome> last = new AtomicReference<>();
    private Instant lastAttempt;
    private Instant lastDriftAttempt = Instant.EPOCH;
    private long availableAtLastSkip = -1;
    private volatile double challengerSmape = Double.NaN;
    private volatile double championSmape = Double.NaN;
    private volatile boolean closing;
    private volatile ModelId champion;
    private final java.util.concurrent.atomic.AtomicLong checks = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param clientProperties client settings passed through (security)
     * @param config           streamcast settings (topics, retraining, signing key)
     * @param training         network and training settings of challengers (window and horizon from {@code config})
     * @param meters           where outcomes are counted
     * @param drift            live-error drift of the serving version (null: retrain on the schedule only)
     */
    public ForecastRetrainer(String bootstrapServers, Map<String, Object> clientProperties, StreamcastConfig config,
                             ForecasterConfig training, MeterRegistry meters, DriftSignal drift) {
        this.name = config.forecasterName();
        this.config = config;
        this.training = training.withShape(config.window(), config.horizon(), Math.min(training.season(), config.window()));
        this.registry = new RegistryClient(bootstrapServers, clientProperties, config.modelsTopic(), config.maxArtifactBytes());
        this.prices = new RecentPrices(bootstrapServers, clientProperties, config);
        this.meters = meters;
        this.drift = drift;
        this.clock = Clock.systemUTC();
        this.champion = new ModelId(name, 0);
        Gauge.builder("streamcast.retrain.holdout.smape", this, r -> r.challengerSmape)
                .description("Held-back sMAPE of the last challenger").tag("pipeline", "forecast").tag("model", name)
                .tag("role", "challenger").register(meters);
        Gauge.builder("streamcast.retrain.holdout.smape", this, r -> r.championSmape)
                .description("Held-back sMAPE of the champion at the last training").tag("pipeline", "forecast").tag("model", name)
                .tag("role", "champion").register(meters);
    }

    /** Starts checking, every {@code streamcast.retrain.check-ms}, whether a training is due. */
    public ForecastRetrainer start() {
        registry.ensureTopic();
        long every = config.retrainCheck().toMillis();
        thread.scheduleWithFixedDelay(this::checkQuietly, 0, every, TimeUnit.MILLISECONDS);
        LOG.info("trainer for '{}' started: schedule {}, on drift {}, check every {} ms", name,
                config.retrainInterval().isZero() ? "off" : config.retrainInterval(), drift != null && config.retrainOnDrift(), every);
        return this;
    }

    /** Trains now, on the trainer thread; the future completes with the outcome. */
    public Future<Outcome> retrainNow() {
        return thread.submit(() -> retrain(Trigger.MANUAL));
    }

    /** The last outcome, if any training ran. */
    public Optional<Outcome> lastOutcome() {
        return Optional.ofNullable(last.get());
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("trainer check for '{}' failed: {}; next check in {} ms", name, e.toString(), config.retrainCheck().toMillis());
        }
        checks.incrementAndGet();
    }

    /** Checks completed since the start (whether or not they trained). */
    public long checks() {
        return checks.get();
    }

    /** The registry's current version of this model, as of the last check (version 0 = none yet). */
    public ModelId champion() {
        return champion;
    }

    private void check() {
        Optional<ModelCard> champion = championCard();
        this.champion = new ModelId(name, champion.map(ModelCard::version).orElse(0L));
        Instant now = clock.instant();
        if (lastAttempt == null) {
            lastAttempt = champion.map(ModelCard::created).orElse(Instant.EPOCH);
        }
        Trigger trigger = null;
        if (champion.isEmpty()) {
            long available = prices.available();
            // a first training once the data could hold enough windows, and again only when it has grown by a fifth
            if (available >= config.bootstrapMinWindows() && (availableAtLastSkip < 0 || available >= availableAtLastSkip * 6 / 5)) {
                trigger = Trigger.FIRST;
            }
        } else if (!config.retrainInterval().isZero()
                && Duration.between(lastAttempt, now).compareTo(config.retrainInterval()) >= 0) {
            trigger = Trigger.SCHEDULE;
        } else if (config.retrainOnDrift() && drifted(champion.get())
                && Duration.between(lastDriftAttempt, now).compareTo(DRIFT_COOLDOWN) >= 0) {
            trigger = Trigger.DRIFT;
            lastDriftAttempt = now;
        }
        if (trigger != null) {
            retrain(trigger);
        }
    }

    /** Whether the drift signal is about this champion and says it drifted (a signal about another version is stale). */
    private boolean drifted(ModelCard champion) {
        if (drift == null) {
            return false;
        }
        DriftStatus status = drift.status();
        return status.drifted() && status.model().name().equals(champion.name()) && status.model().version() == champion.version();
    }

    private Optional<ModelCard> championCard() {
        RegistryClient.Entry e = registry.latest(config.signingKey()).get(name);
        return e != null && e.valid() ? Optional.of(e.artifact().card()) : Optional.empty();
    }

    /** One training: read, train, compare, publish or not. Runs on the trainer thread. */
    Outcome retrain(Trigger trigger) {
        Timer.Sample timer = Timer.start(meters);
        Outcome outcome;
        try {
            outcome = compete(trigger);
        } catch (RuntimeException e) {
            if (closing) {
                LOG.info("training of '{}' ({}) stopped: the trainer is closing", name, trigger);
                return new Outcome("failed", 0, Double.NaN, Double.NaN, 0, "stopped at shutdown");
            }
            LOG.error("training of '{}' ({}) failed", name, trigger, e);
            outcome = new Outcome("failed", 0, Double.NaN, Double.NaN, 0, e.toString());
        }
        lastAttempt = clock.instant();
        last.set(outcome);
        Counter.builder("streamcast.retrain.outcomes").description("Trainings by outcome: promoted, rejected, skipped, failed")
                .tag("pipeline", "forecast").tag("model", name).tag("outcome", outcome.result())
                .tag("trigger", trigger.name().toLowerCase(Locale.ROOT))
                .register(meters).increment();
        if (!"skipped".equals(outcome.result())) {
            timer.stop(Timer.builder("streamcast.retrain.duration").description("Time of a training, from reading the data to the verdict")
                    .tag("pipeline", "forecast").tag("model", name).tag("outcome", outcome.result()).register(meters));
        }
        return outcome;
    }

    private Outcome compete(Trigger trigger) {
        RegistryClient.Entry entry = registry.latest(config.signingKey()).get(name);
        ForecastModel champion = new SeasonalNaiveModel(training.window(), training.horizon(), 1);
        if (entry != null && entry.valid()) {
            try {
                champion = LstmForecaster.fromArtifact(entry.artifact());
            } catch (java.io.IOException e) {
                LOG.warn("the registry's '{}' cannot be loaded ({}); comparing against seasonal naive", name, e.getMessage());
            }
        }
        long championVersion = champion.card().version();
        RecentPrices.TrainingSet data = prices.read();
        long windows = data.windows(training.window(), training.horizon());
        if (windows < config.bootstrapMinWindows()) {
            availableAtLastSkip = data.records();
            String why = "the input holds " + windows + " training windows, " + config.bootstrapMinWindows() + " are needed";
            LOG.info("training of '{}' ({}) skipped: {}", name, trigger, why);
            return new Outcome("skipped", 0, Double.NaN, Double.NaN, championVersion, why);
        }
        List<double[]> series = new ArrayList<>(data.series().values());
        int history = Math.max(training.window(), champion.window());
        HoldoutEvaluation heldBack = new HoldoutEvaluation(series, config.retrainHoldout(), training.horizon(), history,
                ORIGINS_PER_SERIES);
        // above the latest version that verifies, which is what serving instances hold (even if it failed to load here)
        long version = (entry != null && entry.valid() ? entry.artifact().card().version() : 0) + 1;
        LOG.info("training '{}' v{} ({}) on {} series, {} windows, {} records of {}", name, version,
                trigger.name().toLowerCase(Locale.ROOT), series.size(), windows, data.records(), data.ranges());
        LstmForecaster challenger = new ForecasterTrainer(training).timeBudget(config.bootstrapTrainTime())
                .train(name, version, heldBack.trainingPart(), data.ranges());
        double challengerScore = heldBack.smape(challenger);
        double championScore = heldBack.smape(champion);
        challengerSmape = challengerScore;
        championSmape = championScore;
        String scores = String.format(Locale.ROOT, "held-back sMAPE %.4f against the champion v%d's %.4f on %d origins",
                challengerScore, championVersion, championScore, heldBack.origins());
        boolean wins = challengerScore < championScore * (1 - config.retrainMinImprovement());
        if (!wins) {
            LOG.info("challenger '{}' v{} rejected: {}", name, version, scores);
            return new Outcome("rejected", version, challengerScore, championScore, championVersion, scores);
        }
        Map<String, Double> metrics = new HashMap<>(challenger.card().metrics());
        metrics.put("holdout_smape", challengerScore);
        metrics.put("champion_holdout_smape", championScore);
        metrics.put("champion_version", (double) championVersion);
        ModelCard c = challenger.card();
        LstmForecaster promoted = challenger.withCard(new ModelCard(c.name(), c.version(), c.kind(), c.created(),
                c.trainingData(), c.hyperParameters(), metrics, c.libraries()));
        var written = registry.publish(promoted.toArtifact(), config.signingKey());
        this.champion = new ModelId(name, version);
        LOG.info("challenger '{}' v{} promoted: {}; published at {} offset {}", name, version, scores, written.topic(), written.offset());
        return new Outcome("promoted", version, challengerScore, championScore, championVersion, scores);
    }

    @Override
    public void close() {
        closing = true;
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("the trainer thread did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        registry.close();
    }
}

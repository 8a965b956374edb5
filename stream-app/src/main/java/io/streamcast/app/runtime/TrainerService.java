package io.streamcast.app.runtime;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.metrics.MetricsServer;
import io.streamcast.app.scoring.DriftMonitor;
import io.streamcast.app.scoring.ModelId;
import io.streamcast.app.training.ScoresFollower;
import java.util.concurrent.atomic.AtomicReference;
import io.streamcast.app.training.ForecastRetrainer;
import io.streamcast.models.forecast.ForecasterConfig;
import java.io.IOException;
import java.util.Map;

/**
 * The train role: the retraining service, beside a serving application ({@code --role all}, sharing its metrics)
 * or alone ({@code --role train}, with its own metrics endpoint).
 */
public final class TrainerService implements AutoCloseable {
    private final ForecastRetrainer forecaster;
    private final ScoresFollower scores;
    private final MetricsServer server;
    private final PrometheusMeterRegistry ownRegistry;
    private final JvmGcMetrics gc;

    private TrainerService(ForecastRetrainer forecaster, ScoresFollower scores, MetricsServer server,
                           PrometheusMeterRegistry ownRegistry, JvmGcMetrics gc) {
        this.forecaster = forecaster;
        this.scores = scores;
        this.server = server;
        this.ownRegistry = ownRegistry;
        this.gc = gc;
    }

    /**
     * Beside a serving application in the same process: its metrics carry the trainer's too, and its live scores
     * (of the partitions it serves) are the drift signal.
     */
    public static TrainerService beside(StreamcastApp app, String bootstrapServers, Map<String, Object> clientProperties,
                                        Map<String, Object> settings, ForecasterConfig training) {
        ForecastRetrainer r = new ForecastRetrainer(bootstrapServers, clientProperties, new StreamcastConfig(settings),
                training, app.registry(), app.forecastDrift()).start();
        return new TrainerService(r, null, null, null, null);
    }

    /** On its own, with a metrics endpoint at {@code address:port}. */
    public static TrainerService alone(String bootstrapServers, Map<String, Object> clientProperties, Map<String, Object> settings,
                                       ForecasterConfig training, String address, int port) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmGcMetrics gc = new JvmGcMetrics();
        java.util.List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ProcessorMetrics(), new UptimeMetrics())
                .forEach(b -> b.bindTo(registry));
        MetricsServer server = MetricsServer.start(address, port, registry);
        try {
            // drift from every serving instance's scores on the forecast-scores topic, judged for the registry's champion
            StreamcastConfig config = new StreamcastConfig(settings);
            AtomicReference<ForecastRetrainer> trainer = new AtomicReference<>();
            DriftMonitor drift = new DriftMonitor(() -> trainer.get() == null ? new ModelId(config.forecasterName(), 0)
                    : trainer.get().champion(), config.driftBaselineForecasts(), config.driftWindowForecasts(), config.driftRatio());
            ForecastRetrainer r = new ForecastRetrainer(bootstrapServers, clientProperties, config, training, registry, drift);
            trainer.set(r);
            ScoresFollower scores = new ScoresFollower(bootstrapServers, clientProperties, config.forecastScoresTopic(), drift).start();
            return new TrainerService(r.start(), scores, server, registry, gc);
        } catch (RuntimeException e) {
            server.close();
            gc.close();
            registry.close();
            throw e;
        }
    }

    public ForecastRetrainer forecaster() {
        return forecaster;
    }

    /** The metrics endpoint when this service has its own. */
    public String metricsUrl() {
        return server == null ? null : server.url();
    }

    @Override
    public void close() {
        forecaster.close();
        if (scores != null) {
            scores.close();
        }
        if (server != null) {
            server.close();
            gc.close();
            ownRegistry.close();
        }
    }
}

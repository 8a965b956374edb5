package io.streamcast.app.cli;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.metrics.MetricsServer;
import io.streamcast.app.model.RegistryModelSource;
import io.streamcast.app.registry.RegistryClient;
import io.streamcast.app.runtime.StreamcastApp;
import io.streamcast.app.runtime.TrainerService;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.forecast.LstmForecaster;
import io.streamcast.models.forecast.ForecasterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run}: the application against a Kafka cluster, until stopped (SIGTERM or Ctrl-C closes it cleanly). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the streamcast pipelines against a Kafka cluster until stopped.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Option(names = "--application-id", defaultValue = "streamcast",
            description = "Kafka Streams application id; instances with the same id share the partitions (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "State store directory (default: streamcast-state in the working directory).")
    Path stateDir;

    @Option(names = "--metrics-port", defaultValue = "" + MetricsServer.DEFAULT_PORT,
            description = "Port of the Prometheus endpoint /metrics (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int metricsPort;

    @Option(names = "--metrics-address", defaultValue = "127.0.0.1",
            description = "Address the metrics endpoint binds to (default: ${DEFAULT-VALUE}; 0.0.0.0 in containers).")
    String metricsAddress;

    /** What this instance does. */
    enum Role { serve, train, all }

    @Option(names = "--role", defaultValue = "all",
            description = "serve: the pipelines, with models from the registry; train: the retraining service, which "
                    + "publishes to the registry; all: both (default: ${DEFAULT-VALUE}).")
    Role role;

    @Option(names = "--model", paramLabel = "FILE",
            description = "Forecaster artifact to publish to the registry at start, unless the registry holds a newer version. "
                    + "Without any, the seasonal-naive forecast is served until the trainer promotes a first model.")
    Path model;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of streamcast.* settings (see README, Configuration).")
    Path config;

    /** Partitions of the topics run creates (bench uses the same): as many stream threads as 1, 2 or 4 cores share them evenly. */
    static final int DEFAULT_PARTITIONS = 4;

    /**
     * Kafka Streams threads by default (bench uses the same): one per core, but no more than the partitions (a thread
     * without a partition only idles). Measured on 2 cores: 2 threads over 4 partitions streamed a third more than
     * 1 thread (README, Performance).
     */
    static int defaultThreads(int partitions) {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), partitions));
    }

    @Option(names = "--threads", description = "Kafka Streams threads (default: one per core, at most --partitions).")
    Integer threads;

    @Option(names = "--partitions", defaultValue = "" + DEFAULT_PARTITIONS, description = "Partitions of topics this creates when missing (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> settings = settings(config);
        try (Running running = start(client.bootstrapServers, client.clientProperties(), settings)) {
            System.out.println("streamcast " + role + " running against " + client.bootstrapServers + "; metrics at " + running.metricsUrl());
            System.out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                running.close();
                stop.countDown();
            }, "streamcast-shutdown"));
            stop.await();
        }
        return 0;
    }

    /** The serving application and/or the trainer this instance runs; closes the trainer first. */
    record Running(StreamcastApp app, TrainerService trainer) implements AutoCloseable {
        String metricsUrl() {
            return app != null ? app.metricsUrl() : trainer.metricsUrl();
        }

        @Override
        public void close() {
            if (trainer != null) {
                trainer.close();
            }
            if (app != null) {
                app.close();
            }
        }
    }

    Running start(String bootstrap, Map<String, Object> clientProps, Map<String, Object> settings) throws IOException {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, was " + threads);
        }
        int streamThreads = threads != null ? threads : defaultThreads(partitions);
        StreamcastConfig sc = new StreamcastConfig(settings);
        if (model != null) {
            seedRegistry(model, sc, bootstrap, clientProps);
        }
        ForecasterConfig training = ForecasterConfig.defaults().withShape(sc.window(), sc.horizon(), 1);
        if (role == Role.train) {
            return new Running(null, TrainerService.alone(bootstrap, clientProps, settings, training,
                    metricsAddress, metricsPort));
        }
        Path state = stateDir != null ? stateDir : Path.of("streamcast-state");
        StreamcastApp app = StreamcastApp.start(new StreamcastApp.Settings(bootstrap, applicationId, state, metricsAddress, metricsPort,
                streamThreads, partitions, clientProps, settings), RegistryModelSource.withNaiveFallback(sc.forecasterName(), sc.window(), sc.horizon()));
        if (role == Role.serve) {
            return new Running(app, null);
        }
        try {
            return new Running(app, TrainerService.beside(app, bootstrap, clientProps, settings, training));
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    /** Publishes the artifact file unless the registry already holds its version of its name or a newer one. */
    static void seedRegistry(Path model, StreamcastConfig config, String bootstrap, Map<String, Object> clientProps) throws IOException {
        if (!Files.isReadable(model)) {
            throw new IllegalArgumentException("--model: cannot read " + model);
        }
        ModelArtifact artifact = ModelArtifact.read(model, config.signingKey());
        LstmForecaster forecaster = LstmForecaster.fromArtifact(artifact);
        if (forecaster.window() > config.window()) {
            throw new IllegalArgumentException("--model: the model's window " + forecaster.window()
                    + " exceeds " + StreamcastConfig.WINDOW + "=" + config.window());
        }
        if (!artifact.card().name().equals(config.forecasterName())) {
            throw new IllegalArgumentException("--model: the artifact is model '" + artifact.card().name() + "', this instance serves '"
                    + config.forecasterName() + "' (" + StreamcastConfig.FORECASTER_NAME + ")");
        }
        try (RegistryClient registry = new RegistryClient(bootstrap, clientProps, config.modelsTopic(), config.maxArtifactBytes())) {
            RegistryClient.Entry current = registry.latest(config.signingKey()).get(artifact.card().name());
            long have = current != null && current.valid() ? current.artifact().card().version() : 0;
            if (have >= artifact.card().version()) {
                System.err.printf("--model: the registry already holds %s v%d; %s (v%d) is not published%n",
                        artifact.card().name(), have, model, artifact.card().version());
                return;
            }
            registry.publish(artifact, config.signingKey());
            System.err.printf("--model: published %s v%d from %s to %s%n", artifact.card().name(), artifact.card().version(),
                    model, config.modelsTopic());
        }
    }

    /** streamcast.* settings from a properties file, validated at once so a bad value names its setting. */
    static Map<String, Object> settings(Path file) throws IOException {
        Map<String, Object> out = PropertiesFile.read(file, "--config");
        try {
            new StreamcastConfig(out);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new IllegalArgumentException((file == null ? "" : file + ": ") + e.getMessage(), e);
        }
        return out;
    }
}

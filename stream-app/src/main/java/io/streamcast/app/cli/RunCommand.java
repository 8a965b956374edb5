package io.streamcast.app.cli;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.metrics.MetricsServer;
import io.streamcast.app.model.BootstrapModelSource;
import io.streamcast.app.model.FixedModelSource;
import io.streamcast.app.model.ForecastModelSource;
import io.streamcast.app.runtime.StreamcastApp;
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

    @Option(names = "--model", paramLabel = "FILE",
            description = "Forecaster artifact to serve. Without it, the seasonal-naive forecast is served while a first model trains on the stream.")
    Path model;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of streamcast.* settings (see README, Configuration).")
    Path config;

    /** Kafka Streams threads by default (bench uses the same). */
    static final int DEFAULT_THREADS = 1;
    /** Partitions of the topics run creates (bench uses the same). */
    static final int DEFAULT_PARTITIONS = 3;

    @Option(names = "--threads", defaultValue = "" + DEFAULT_THREADS, description = "Kafka Streams threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--partitions", defaultValue = "" + DEFAULT_PARTITIONS, description = "Partitions of topics this creates when missing (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> settings = settings(config);
        try (StreamcastApp app = start(client.bootstrapServers, client.clientProperties(), settings)) {
            System.out.println("streamcast running against " + client.bootstrapServers + "; metrics at " + app.metricsUrl());
            System.out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stop.countDown();
            }, "streamcast-shutdown"));
            stop.await();
        }
        return 0;
    }

    StreamcastApp start(String bootstrap, Map<String, Object> clientProps, Map<String, Object> settings) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, was " + threads);
        }
        StreamcastConfig sc = new StreamcastConfig(settings);
        ForecastModelSource models = modelSource(model, sc);
        Path state = stateDir != null ? stateDir : Path.of("streamcast-state");
        return StreamcastApp.start(new StreamcastApp.Settings(bootstrap, applicationId, state, metricsAddress, metricsPort,
                threads, partitions, clientProps, settings), models);
    }

    /** The artifact given, or a model trained at start on the stream. */
    static ForecastModelSource modelSource(Path model, StreamcastConfig config) throws IOException {
        if (model != null) {
            if (!Files.isReadable(model)) {
                throw new IllegalArgumentException("--model: cannot read " + model);
            }
            FixedModelSource source = FixedModelSource.fromFile(model, config.signingKey());
            if (source.current().window() > config.window()) {
                throw new IllegalArgumentException("--model: the model's window " + source.current().window()
                        + " exceeds " + StreamcastConfig.WINDOW + "=" + config.window());
            }
            return source;
        }
        ForecasterConfig fc = ForecasterConfig.defaults().withShape(config.window(), config.horizon(), 1);
        return new BootstrapModelSource("forecaster", fc, config.bootstrapMinWindows(), config.bootstrapTrainTime());
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

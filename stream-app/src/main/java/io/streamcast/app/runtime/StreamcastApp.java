package io.streamcast.app.runtime;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.app.classify.ClassifierPipeline;
import io.streamcast.app.classify.ClassifyTopology;
import io.streamcast.app.classify.image.ImagePipeline;
import io.streamcast.app.classify.sequence.SequencePipeline;
import io.streamcast.app.classify.text.TextPipeline;
import io.streamcast.app.config.ClassifierSettings;
import io.streamcast.app.config.SequenceSettings;
import io.streamcast.app.config.TextSettings;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.metrics.AnomalyMetrics;
import io.streamcast.app.metrics.MetricsServer;
import io.streamcast.app.metrics.ModelMetrics;
import io.streamcast.app.metrics.PipelineMetrics;
import io.streamcast.app.metrics.ScoreMetrics;
import io.streamcast.app.model.AnomalyModelSource;
import io.streamcast.app.model.ForecastModelSource;
import io.streamcast.app.scoring.DriftSignal;
import io.streamcast.models.anomaly.AnomalyConfig;
import io.streamcast.app.topology.DeadLetterHandler;
import io.streamcast.app.topology.FlushControl;
import io.streamcast.app.topology.ForecastTopology;
import io.streamcast.app.registry.ModelRegistry;
import io.streamcast.app.registry.ModelSubscriber;
import io.streamcast.app.registry.RegistryStore;
import org.apache.kafka.streams.Topology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running application: the forecast topology in Kafka Streams, its metrics and the metrics endpoint.
 * {@code main} code (the CLI) only wires settings into {@link Settings} and calls {@link #start}.
 */
public final class StreamcastApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamcastApp.class);
    private static final int DRAIN_SECONDS = 5;
    private static final int CLOSE_SECONDS = 30;

    /**
     * What to run.
     *
     * @param bootstrapServers Kafka bootstrap servers
     * @param applicationId    Kafka Streams application id (instances with the same id share the partitions)
     * @param stateDir         where Kafka Streams keeps its state stores
     * @param metricsAddress   address the metrics endpoint binds to
     * @param metricsPort      its port (0 = any free port)
     * @param streamThreads    Kafka Streams threads (each keeps its own copy of the network)
     * @param topicPartitions  partitions of topics created because they were missing
     * @param clientProperties Kafka client and Streams settings passed through unchanged (security, tuning)
     * @param settings         streamcast's own settings ({@link StreamcastConfig})
     */
    public record Settings(String bootstrapServers, String applicationId, Path stateDir, String metricsAddress,
                           int metricsPort, int streamThreads, int topicPartitions,
                           Map<String, Object> clientProperties, Map<String, Object> settings) {
    }

    private final KafkaStreams streams;
    private final MetricsServer metricsServer;
    private final PrometheusMeterRegistry registry;
    private final PipelineMetrics forecastMetrics;
    private final ForecastModelSource models;
    private final KafkaStreamsMetrics streamsMetrics;
    private final FlushControl flushControl;
    private final JvmGcMetrics gc;
    private final AnomalyModelSource anomalyModels;
    private final ForecastTopology.Scoring scoring;
    private final List<ClassifierPipeline<?>> classifiers;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private StreamcastApp(KafkaStreams streams, MetricsServer metricsServer, PrometheusMeterRegistry registry,
                          PipelineMetrics forecastMetrics, ForecastModelSource models, KafkaStreamsMetrics streamsMetrics,
                          FlushControl flushControl, JvmGcMetrics gc, AnomalyModelSource anomalyModels,
                          ForecastTopology.Scoring scoring, List<ClassifierPipeline<?>> classifiers) {
        this.streams = streams;
        this.metricsServer = metricsServer;
        this.registry = registry;
        this.forecastMetrics = forecastMetrics;
        this.models = models;
        this.streamsMetrics = streamsMetrics;
        this.flushControl = flushControl;
        this.gc = gc;
        this.anomalyModels = anomalyModels;
        this.scoring = scoring;
        this.classifiers = classifiers;
    }

    /** Where the anomaly pipeline gets its model, given its settings and the application's meter registry. */
    @FunctionalInterface
    public interface AnomalyModels {
        AnomalyModelSource create(AnomalyConfig config, io.micrometer.core.instrument.MeterRegistry registry);
    }

    /** Creates missing topics, starts the metrics endpoint and the streams; on failure releases what it took. */
    public static StreamcastApp start(Settings s, ForecastModelSource models) throws IOException {
        Duration refitGap = new StreamcastConfig(s.settings()).anomalyRefitMinInterval();
        return start(s, models, (config, registry) -> new AnomalyModelSource("anomaly", config, refitGap, registry));
    }

    /**
     * Which classification pipelines run: adds each to {@code into} as soon as it is built, so a failure part-way
     * still closes the ones built before.
     */
    @FunctionalInterface
    public interface ClassifierPipelines {
        void addTo(List<ClassifierPipeline<?>> into, StreamcastConfig config,
                   io.micrometer.core.instrument.MeterRegistry registry) throws IOException;
    }

    /** The same, with the anomaly pipeline's model from {@code anomalyModels} (a fixed model, for tests and bench). */
    public static StreamcastApp start(Settings s, ForecastModelSource models, AnomalyModels anomalyModelSource) throws IOException {
        return start(s, models, anomalyModelSource, StreamcastApp::enabledClassifiers);
    }

    /** The image, text and sequence pipelines the settings enable, built from their settings. */
    public static void enabledClassifiers(List<ClassifierPipeline<?>> into, StreamcastConfig config,
                                          io.micrometer.core.instrument.MeterRegistry registry) throws IOException {
        if (ClassifierSettings.of(ClassifierSettings.IMAGES, config).enabled()) {
            into.add(ImagePipeline.create(config, registry));
        }
        if (ClassifierSettings.of(TextSettings.KIND, config).enabled()) {
            into.add(TextPipeline.create(config, registry));
        }
        if (ClassifierSettings.of(SequenceSettings.KIND, config).enabled()) {
            into.add(SequencePipeline.create(config, registry));
        }
    }

    /**
     * The same, with the classification pipelines from {@code classifierPipelines} (the bench's own models, one of
     * them a no-op).
     */
    public static StreamcastApp start(Settings s, ForecastModelSource models, AnomalyModels anomalyModelSource,
                                      ClassifierPipelines classifierPipelines) throws IOException {
        StreamcastConfig config = new StreamcastConfig(s.settings());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmGcMetrics gc = new JvmGcMetrics();
        MetricsServer server = null;
        AnomalyModelSource anomalyModels = null;
        List<ClassifierPipeline<?>> classifiers = new java.util.ArrayList<>();
        KafkaStreams streams = null;
        try {
            List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                    new ProcessorMetrics(), new UptimeMetrics()).forEach(b -> b.bindTo(registry));
            PipelineMetrics forecastMetrics = new PipelineMetrics(registry, "forecast");
            new ModelMetrics("forecast", models).bindTo(registry);
            ForecastTopology.Scoring scoring = ForecastTopology.Scoring.of(config, models, registry);
            ForecastTopology.AnomalyPipeline anomaly = null;
            if (config.anomalyEnabled()) {
                anomalyModels = anomalyModelSource.create(AnomalyConfig.defaults().withThreshold(config.anomalyThreshold()), registry);
                AnomalyModelSource source = anomalyModels;
                io.micrometer.core.instrument.Gauge.builder("streamcast.model.version", source,
                                m -> m.current().map(x -> (double) x.card().version()).orElse(0.0))
                        .description("Version of the model serving predictions (0 = none yet)").tag("pipeline", "anomaly").register(registry);
                anomaly = new ForecastTopology.AnomalyPipeline(anomalyModels, new AnomalyMetrics(registry));
            }
            classifierPipelines.addTo(classifiers, config, registry);

            Map<String, Object> admin = new HashMap<>(s.clientProperties());
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
            try (Admin a = Admin.create(admin)) {
                List<String> topics = new java.util.ArrayList<>(List.of(config.pricesTopic(), config.deadLettersTopic()));
                if (config.forecasterEnabled()) {
                    topics.add(config.forecastsTopic());
                    topics.add(config.forecastScoresTopic());
                }
                if (anomaly != null) {
                    topics.add(config.anomaliesTopic());
                }
                for (ClassifierPipeline<?> c : classifiers) {
                    topics.add(c.settings().inputTopic());
                    topics.add(c.settings().outputTopic());
                }
                List<org.apache.kafka.clients.admin.NewTopic> all = new java.util.ArrayList<>(Topics.named(topics, s.topicPartitions()));
                all.add(Topics.registry(config.modelsTopic(), config.maxArtifactBytes() + 65_536));
                Topics.ensure(a, all);
            }

            Properties props = new Properties();
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.streamThreads());
            props.putAll(streamsDefaults(config));
            props.putAll(s.clientProperties());
            props.putAll(s.settings());
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
            props.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir().toString());
            props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
            props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
            Map<String, PipelineMetrics> metricsByInput = new HashMap<>();
            classifiers.forEach(c -> metricsByInput.put(c.settings().inputTopic(), c.metrics().pipeline()));
            props.put(DeadLetterHandler.LISTENER_CONFIG, (DeadLetterHandler.Listener) (topic, code) ->
                    metricsByInput.getOrDefault(topic, forecastMetrics).deadLettered(code));

            server = MetricsServer.start(s.metricsAddress(), s.metricsPort(), registry); // fails early if the port is taken
            FlushControl flushControl = new FlushControl();
            io.micrometer.core.instrument.Gauge.builder("streamcast.inference.queue.size", flushControl, FlushControl::queued)
                    .description("Windows waiting for the next inference batch").tag("pipeline", "forecast").register(registry);
            // every instance reads the whole registry topic (a global store) and swaps in each promoted version
            ModelRegistry modelRegistry = new ModelRegistry(config.signingKey(), registry);
            if (models instanceof ModelSubscriber subscriber) {
                modelRegistry.subscribe(subscriber);
            }
            Topology topology = ForecastTopology.build(config, models, forecastMetrics, flushControl, anomaly, scoring);
            for (ClassifierPipeline<?> c : classifiers) {
                ClassifyTopology.addTo(topology, c, config.deadLettersTopic(), config.batchMaxSize(), config.batchMaxWait(), flushControl);
            }
            RegistryStore.addTo(topology, config.modelsTopic(), modelRegistry);
            streams = new KafkaStreams(topology, props);
            KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
            streamsMetrics.bindTo(registry);
            streams.setUncaughtExceptionHandler(e -> {
                LOG.error("stream thread failed; replacing it", e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            streams.start();
            LOG.info("streamcast {} started against {}; metrics at {}", s.applicationId(), s.bootstrapServers(), server.url());
            return new StreamcastApp(streams, server, registry, forecastMetrics, models, streamsMetrics, flushControl, gc, anomalyModels,
                    scoring, List.copyOf(classifiers));
        } catch (IOException | RuntimeException e) {
            if (streams != null) {
                streams.close(Duration.ofSeconds(CLOSE_SECONDS));
            }
            if (server != null) {
                server.close();
            }
            if (anomalyModels != null) {
                anomalyModels.close();
            }
            classifiers.forEach(c -> c.models().close());
            gc.close();
            registry.close();
            throw e;
        }
    }

    /**
     * Kafka Streams and client settings streamcast chooses unless {@code --client-config} says otherwise; each was
     * measured with {@code bench} (README, Performance):
     * <ul>
     *   <li>producer {@code batch.size} 512 KiB (Kafka's default is 16 KiB): a forecast is about 1.5 KB, so default
     *       batches held ten of them and the broker and the producer's I/O thread spent more per record on batches
     *       and requests than the stream thread spent on the record;</li>
     *   <li>producer {@code compression.type} lz4: forecasts and windows are repetitive text and numbers; the broker
     *       then writes and the consumers fetch a third of the bytes, for less CPU in all than it costs to compress;</li>
     *   <li>{@code poll.ms} at most the batch max-wait: an idle stream thread blocks in poll this long before it
     *       checks its punctuations, so a waiting batch would otherwise run up to 100 ms late;</li>
     *   <li>producer {@code retry.backoff.ms} 5 (Kafka's default is 100, growing to {@code retry.backoff.max.ms}):
     *       a transaction's first sends, and its offsets, are answered "concurrent transactions" while the broker
     *       still writes the last transaction's markers, and each such answer held the commit up for 100 ms; at
     *       1,000 records/s the p99 latency fell from 131–152 ms to 42–68, at half load from 227 to 138–169, with the same
     *       throughput;</li>
     *   <li>{@code rocksdb.config.setter} {@link BoundedRocksDbMemory}: one memory bound for all RocksDB stores.</li>
     * </ul>
     */
    public static Map<String, Object> streamsDefaults(StreamcastConfig config) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.BATCH_SIZE_CONFIG), 512 * 1024);
        d.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        d.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5);
        d.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, Math.min(100, config.batchMaxWait().toMillis())));
        d.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        return d;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public String metricsUrl() {
        return metricsServer.url();
    }

    /** Items waiting for the next inference batch, across pipelines. */
    public long queuedWindows() {
        return flushControl.queued();
    }

    public PipelineMetrics forecastMetrics() {
        return forecastMetrics;
    }

    public ForecastModelSource models() {
        return models;
    }

    /** The serving forecaster's live error against its baseline: what a retraining service reads for drift. */
    public DriftSignal forecastDrift() {
        return scoring.drift();
    }

    /** Live forecast accuracy and interval coverage per model version and horizon step. */
    public ScoreMetrics scoreMetrics() {
        return scoring.metrics();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The classification pipelines running (images, …), by name. */
    public java.util.Optional<ClassifierPipeline<?>> classifier(String name) {
        return classifiers.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * Flushes the windows queued for inference (at most {@value #DRAIN_SECONDS} s), stops the streams (committing
     * what was processed, at most {@value #CLOSE_SECONDS} s), then the endpoint and the model source.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (streams.state().isRunningOrRebalancing()) {
            try {
                if (!flushControl.drain(Duration.ofSeconds(DRAIN_SECONDS))) {
                    LOG.warn("{} windows still queued after {} s; they stay in the changelogged queue for the next start",
                            flushControl.queued(), DRAIN_SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        streams.close(Duration.ofSeconds(CLOSE_SECONDS));
        streamsMetrics.close();
        metricsServer.close();
        models.close();
        if (anomalyModels != null) {
            anomalyModels.close();
        }
        classifiers.forEach(c -> c.models().close());
        gc.close();
        registry.close();
    }
}

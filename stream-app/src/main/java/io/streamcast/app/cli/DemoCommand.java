package io.streamcast.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.broker.EmbeddedKafka;
import io.streamcast.app.config.ClassifierSettings;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.demo.ImageDemo;
import io.streamcast.app.demo.PriceGenerator;
import io.streamcast.app.messages.Json;
import io.streamcast.app.metrics.MetricsServer;
import io.streamcast.app.model.RegistryModelSource;
import io.streamcast.app.runtime.TrainerService;
import io.streamcast.app.model.ForecastModelSource;
import io.streamcast.app.produce.PricePublisher;
import io.streamcast.app.runtime.StreamcastApp;
import io.streamcast.app.runtime.Topics;
import io.streamcast.models.data.SeriesCsvReader;
import io.streamcast.models.forecast.ForecasterConfig;
import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: everything in one process — a real Kafka broker, the topics, a stream of prices (generated or
 * replayed from a CSV), the pipeline training its first model on the stream, and live output. Ends with one
 * JSON summary line on stdout; the live lines go to stderr.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs broker, producer and pipeline in one process with live output, then prints a JSON summary.")
final class DemoCommand implements Callable<Integer> {
    private static final Duration STEP = Duration.ofMinutes(1);
    private static final int HISTORY_STEPS = 300;

    @Option(names = "--duration", defaultValue = "60s", description = "How long to run (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--data", paramLabel = "FILE.csv", description = "Replay this series CSV instead of the built-in generator.")
    Path data;

    @Option(names = "--rate", defaultValue = "200", description = "Records per second published after the initial history (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--metrics-port", defaultValue = "" + MetricsServer.DEFAULT_PORT,
            description = "Port of /metrics (default: ${DEFAULT-VALUE}; a free port is used when it is taken).")
    int metricsPort;

    @Option(names = "--model", paramLabel = "FILE", description = "Publish this forecaster artifact to the registry at start; the trainer still competes with it.")
    Path model;

    @Option(names = "--images", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also stream labelled synthetic shapes to the image classifier, which learns them live (default: on).")
    boolean images;

    @Option(names = "--image-rate", defaultValue = "20", description = "Images per second (default: ${DEFAULT-VALUE}).")
    double imageRate;

    @Override
    public Integer call() throws Exception {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be positive, was " + rate);
        }
        if (data != null && !Files.isReadable(data)) {
            throw new IllegalArgumentException("--data: cannot read " + data);
        }
        long started = System.nanoTime();
        Path stateDir = Files.createTempDirectory("streamcast-demo-state");
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamcastConfig.BOOTSTRAP_MIN_WINDOWS, 1_500);
        settings.put(StreamcastConfig.BOOTSTRAP_TRAIN_SECONDS, 20);
        settings.put(StreamcastConfig.RETRAIN_INTERVAL_MS, 60_000L);
        settings.put(StreamcastConfig.RETRAIN_CHECK_MS, 2_000L);
        // the demo streams no texts or sequences: their pipelines would only add tasks to start and rebalance
        settings.put(io.streamcast.app.config.TextSettings.KIND.prefix() + ClassifierSettings.ENABLED, false);
        settings.put(io.streamcast.app.config.SequenceSettings.KIND.prefix() + ClassifierSettings.ENABLED, false);
        if (images) {
            settings.putAll(ImageDemo.settings());
        } else {
            settings.put(ClassifierSettings.IMAGES.prefix() + ClassifierSettings.ENABLED, false);
        }
        StreamcastConfig config = new StreamcastConfig(settings);
        ClassifierSettings imageSettings = ClassifierSettings.of(ClassifierSettings.IMAGES, config);

        try (EmbeddedKafka broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withDefaultPartitions(3))) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                // every topic at once: one wait for partition leaders instead of a second round in StreamcastApp.start
                List<org.apache.kafka.clients.admin.NewTopic> topics = new java.util.ArrayList<>(Topics.named(List.of(config.pricesTopic(),
                        config.forecastsTopic(), config.deadLettersTopic(), config.anomaliesTopic(), config.forecastScoresTopic(),
                        imageSettings.inputTopic(), imageSettings.outputTopic()), 3));
                topics.add(Topics.registry(config.modelsTopic(), config.maxArtifactBytes() + 65_536));
                Topics.ensure(admin, topics);
            }
            if (model != null) {
                RunCommand.seedRegistry(model, config, broker.bootstrapServers(), Map.of());
            }
            ForecastModelSource models = RegistryModelSource.withNaiveFallback(config.forecasterName(), config.window(), config.horizon());
            ImageDemo imageDemo = images ? new ImageDemo(broker.bootstrapServers(), imageSettings.inputTopic(), imageRate) : null;
            Watcher watcher = new Watcher(broker.bootstrapServers(), config, started, imageDemo, imageSettings.outputTopic());
            StreamcastApp app = startApp(broker.bootstrapServers(), stateDir, settings, models);
            // the train role in the same process: a first model once the stream holds enough windows, then retrains
            TrainerService trainer = TrainerService.beside(app, broker.bootstrapServers(), Map.of(), settings,
                    ForecasterConfig.defaults().withShape(config.window(), config.horizon(), 1));
            System.err.println("streamcast demo: broker " + broker.bootstrapServers() + ", metrics " + app.metricsUrl()
                    + ", running " + duration.toSeconds() + " s");
            watcher.start();
            Producer producer = new Producer(broker.bootstrapServers(), config.pricesTopic());
            producer.start();
            if (imageDemo != null) {
                imageDemo.start();
            }

            long deadline = started + duration.toNanos();
            while (System.nanoTime() < deadline) {
                Thread.sleep(Math.min(2_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                watcher.printStatus(app);
            }
            producer.stop();
            trainer.close();
            if (imageDemo != null) {
                imageDemo.stop();
            }
            app.close();
            watcher.drain();
            watcher.stop();

            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("records_published", producer.published.get());
            summary.put("records_in", (long) app.forecastMetrics().recordsInCount());
            summary.put("forecasts", watcher.forecasts.get());
            summary.put("dead_letters", watcher.deadLetters.get());
            summary.put("anomaly_records", watcher.anomalyRecords.get());
            summary.put("anomalies_flagged", watcher.flagged.get());
            summary.put("forecasts_scored", (long) app.scoreMetrics().scoredCount());
            summary.put("series", watcher.latest.size());
            summary.put("first_forecast_s", watcher.firstForecastNanos.get() < 0 ? null
                    : Math.round((watcher.firstForecastNanos.get() - started) / 1e7) / 100.0);
            summary.put("model", watcher.model);
            summary.put("duration_s", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
            if (imageDemo != null) {
                summary.put("images_published", imageDemo.published());
                summary.put("images_classified", imageDemo.classifiedCount());
                double acc = imageDemo.recentAccuracy();
                summary.put("image_accuracy_last_" + ImageDemo.RECENT, Double.isNaN(acc) ? null : Math.round(acc * 1000) / 1000.0);
                summary.put("image_model", imageDemo.model());
            }
            summary.put("metrics_url", app.metricsUrl());
            System.out.println(Json.MAPPER.writeValueAsString(summary));
        } finally {
            deleteQuietly(stateDir);
        }
        return 0;
    }

    private StreamcastApp startApp(String bootstrap, Path stateDir, Map<String, Object> settings, ForecastModelSource models)
            throws IOException {
        Map<String, Object> client = Map.of("commit.interval.ms", 200);
        try {
            return StreamcastApp.start(new StreamcastApp.Settings(bootstrap, "streamcast-demo", stateDir, "127.0.0.1",
                    metricsPort, 1, 3, client, settings), models);
        } catch (BindException e) {
            return StreamcastApp.start(new StreamcastApp.Settings(bootstrap, "streamcast-demo", stateDir, "127.0.0.1",
                    0, 1, 3, client, settings), models);
        }
    }

    /** Publishes the history at once, then live points at the rate, with a bad record now and then. */
    private final class Producer {
        private final PricePublisher publisher;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong published = new AtomicLong();
        private final Thread thread;

        Producer(String bootstrap, String topic) {
            this.publisher = new PricePublisher(bootstrap, Map.of(), topic);
            this.thread = new Thread(this::run, "demo-producer");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            try {
                List<PricePublisher.Point> points;
                int initial;
                if (data != null) {
                    points = PricePublisher.points(SeriesCsvReader.read(data), STEP, Instant.now().truncatedTo(ChronoUnit.MINUTES));
                    initial = Math.min(points.size(), 2_000);
                } else {
                    long liveSteps = (long) (duration.toSeconds() * rate / PriceGenerator.seriesCount()) + 1;
                    Instant start = Instant.now().minus(STEP.multipliedBy(HISTORY_STEPS + liveSteps));
                    points = new PriceGenerator(7, start, STEP).next((int) (HISTORY_STEPS + liveSteps));
                    initial = HISTORY_STEPS * PriceGenerator.seriesCount();
                }
                published.addAndGet(publisher.publish(points.subList(0, initial), 0));
                int batch = (int) Math.max(1, rate / 10);
                for (int from = initial; from < points.size() && running.get(); from += batch) {
                    published.addAndGet(publisher.publish(points.subList(from, Math.min(points.size(), from + batch)), rate));
                    if ((from / batch) % 50 == 0) {
                        injectBadRecord(from / batch / 50);
                    }
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("demo producer failed: " + e);
            }
        }

        private void injectBadRecord(int n) {
            String[] bad = {"{\"series\":\"DAX\",\"ts\":\"not a time\",\"value\":1}", "{broken json",
                "{\"series\":\"DAX\",\"ts\":\"2020-01-01T00:00:00Z\",\"value\":\"NaN\"}",
                "{\"series\":\"DAX\",\"ts\":\"2020-01-01T00:00:00Z\",\"value\":1}"};
            publisher.sendRaw("DAX", bad[n % bad.length].getBytes(StandardCharsets.UTF_8));
            published.incrementAndGet();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            publisher.close();
        }
    }

    /** Reads forecasts and dead letters as a user would (read_committed) and prints a status line. */
    private static final class Watcher {
        private final KafkaConsumer<String, byte[]> consumer;
        private final String forecastsTopic;
        private final long started;
        final AtomicLong forecasts = new AtomicLong();
        final AtomicLong deadLetters = new AtomicLong();
        final AtomicLong anomalyRecords = new AtomicLong();
        final AtomicLong flagged = new AtomicLong();
        private final String anomaliesTopic;
        final AtomicLong firstForecastNanos = new AtomicLong(-1);
        final Map<String, JsonNode> latest = new java.util.concurrent.ConcurrentHashMap<>();
        volatile Map<String, Object> model = Map.of();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        private final ImageDemo images;
        private final String imageClassesTopic;

        Watcher(String bootstrap, StreamcastConfig config, long started, ImageDemo images, String imageClassesTopic) {
            this.images = images;
            this.imageClassesTopic = imageClassesTopic;
            Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            this.forecastsTopic = config.forecastsTopic();
            this.anomaliesTopic = config.anomaliesTopic();
            this.started = started;
            List<TopicPartition> parts = new java.util.ArrayList<>();
            List<String> topics = new java.util.ArrayList<>(List.of(config.forecastsTopic(), config.deadLettersTopic(), config.anomaliesTopic()));
            if (images != null) {
                topics.add(imageClassesTopic);
            }
            for (String t : topics) {
                consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            this.thread = new Thread(this::run, "demo-watcher");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            while (running.get()) {
                pollOnce();
            }
        }

        private int pollOnce() {
            int n = 0;
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                n++;
                if (r.topic().equals(anomaliesTopic)) {
                    anomalyRecords.incrementAndGet();
                    try {
                        if (Json.MAPPER.readTree(r.value()).path("anomaly").asBoolean()) {
                            flagged.incrementAndGet();
                        }
                    } catch (IOException e) {
                        // counted as a record all the same
                    }
                    continue;
                }
                if (r.topic().equals(imageClassesTopic) && images != null) {
                    try {
                        images.classified(Json.MAPPER.readTree(r.value()));
                    } catch (IOException e) {
                        // counted by the pipeline's metrics all the same
                    }
                    continue;
                }
                if (!r.topic().equals(forecastsTopic)) {
                    deadLetters.incrementAndGet();
                    continue;
                }
                forecasts.incrementAndGet();
                firstForecastNanos.compareAndSet(-1, System.nanoTime());
                try {
                    JsonNode f = Json.MAPPER.readTree(r.value());
                    latest.put(r.key(), f);
                    model = Map.of("name", f.get("model").get("name").asText(), "version", f.get("model").get("version").asLong());
                } catch (IOException e) {
                    // not ours to judge here; counted as a forecast record all the same
                }
            }
            return n;
        }

        void printStatus(StreamcastApp app) {
            StringBuilder line = new StringBuilder(String.format(
                    "[%4.0fs] in %,d | forecasts %,d | anomaly scores %,d (%d flagged) | dead letters %,d | model %s v%s",
                    (System.nanoTime() - started) / 1e9, (long) app.forecastMetrics().recordsInCount(), forecasts.get(),
                    anomalyRecords.get(), flagged.get(), deadLetters.get(), model.getOrDefault("name", "-"),
                    model.getOrDefault("version", "-")));
            JsonNode dax = latest.get("DAX");
            if (dax == null && !latest.isEmpty()) {
                dax = latest.values().iterator().next();
            }
            if (dax != null) {
                JsonNode step = dax.get("horizon").get(0);
                line.append(String.format(" | %s next %.2f [%.2f, %.2f]", dax.get("series").asText(),
                        step.get("value").asDouble(), step.get("lower").asDouble(), step.get("upper").asDouble()));
            }
            double liveSmape = app.forecastDrift().status().liveSmape();
            if (!Double.isNaN(liveSmape)) {
                line.append(String.format(" | live sMAPE %.2f%%", liveSmape));
            }
            if (images != null) {
                line.append(" | ").append(images.status());
            }
            System.err.println(line);
        }

        /** Reads what the closing application committed last, until nothing new arrives for a second. */
        void drain() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
            long idleSince = System.nanoTime();
            while (System.nanoTime() - idleSince < 1_000_000_000L) {
                if (pollOnce() > 0) {
                    idleSince = System.nanoTime();
                }
            }
        }

        void stop() {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir; the OS cleans it eventually
        }
    }
}

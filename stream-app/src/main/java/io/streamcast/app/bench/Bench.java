package io.streamcast.app.bench;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamcast.app.broker.EmbeddedKafka;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.model.TrainerThreads;
import io.streamcast.app.runtime.StreamcastApp;
import io.streamcast.app.runtime.Topics;
import io.streamcast.models.runtime.NativeMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code bench} measurements of one model kind, all in one run and each the median of several rounds after a
 * warm-up, so every figure has a reference measured under the same conditions:
 * <ul>
 *   <li>{@code raw_batched_per_s}: the network on inputs in memory, batches of {@code batch.max-size}, no Kafka;</li>
 *   <li>{@code per_record_per_s}: the same, one predict call per input;</li>
 *   <li>{@code streamed_per_s}: preloaded input records through the application until their outputs are committed
 *       (read by a {@code read_committed} consumer), so the producer is not measured;</li>
 *   <li>{@code passthrough_per_s}: the same topology with a no-op model (the plumbing's limit), on the same records,
 *       in the same rounds (alternating which runs first);</li>
 *   <li>{@code p50_ms}/{@code p99_ms}: end-to-end latency (input record timestamp to its output read committed) at an
 *       offered rate of half {@code streamed_per_s}; {@code retrain_p99_ratio}: p99 while a retrain runs on a
 *       trainer thread ÷ p99 of the idle round before it, alternating; {@code stream_thread_time}: where the stream
 *       threads' wall time went in those rounds ({@link StreamThreadTime});</li>
 *   <li>{@code rss_mb}: the process's peak resident size seen (the embedded broker included when it runs here), and
 *       {@code heap_after_gc_mb}, the live heap at the end.</li>
 * </ul>
 * Both applications stay up for all rounds and are paused between them (KafkaStreams#pause) while the next round's
 * records are produced.
 */
public final class Bench {
    private static final Logger LOG = LoggerFactory.getLogger(Bench.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Fewest records of a streamed round: enough batches that one batch's timing does not decide the rate. */
    private static final int MIN_ROUND_RECORDS = 100;
    /** A warm-up round whose streamed rate is within this fraction of the round before ends the warm-up. */
    private static final double SETTLED = 0.05;

    /**
     * How much to measure.
     *
     * @param rounds         measured rounds of each throughput figure (after the warm-up rounds)
     * @param warmUpRounds   most warm-up rounds: they stop early once a round's streamed rate is within
     *                       {@value #SETTLED} of the one before
     * @param roundSeconds   target duration of a streamed round; its records follow from the rate of the round before
     *                       (the first warm-up round's from the network's rate)
     * @param series         distinct series (keys) the records cycle through
     * @param rawRound       duration of each raw and per-record round
     * @param latencyRound   duration of each latency round (idle, then with a retrain)
     * @param latencyRounds  idle/retrain pairs
     * @param latencyWarmUpRounds idle/retrain pairs first, not counted: the live path (smaller batches, a commit
     *                       every few tens of ms) and the retrain run code the throughput rounds did not, and the
     *                       JIT compiling it took up to half a core in the first pair
     */
    public record Sizes(int rounds, int warmUpRounds, double roundSeconds, int series, Duration rawRound,
                        Duration latencyRound, int latencyRounds, int latencyWarmUpRounds) {
        public Sizes {
            require(rounds >= 1, "rounds must be at least 1");
            require(warmUpRounds >= 1, "warm-up rounds must be at least 1");
            require(roundSeconds > 0, "round seconds must be positive");
            require(series >= 1, "series must be at least 1");
            require(latencyRounds >= 1, "latency rounds must be at least 1");
            require(latencyWarmUpRounds >= 0, "latency warm-up rounds must not be negative");
        }

        /** The default run: under three minutes on two cores. */
        public static Sizes standard() {
            return new Sizes(5, 4, 4.0, 1_000, Duration.ofSeconds(1), Duration.ofSeconds(6), 3, 1);
        }

        /** A smoke run of about half a minute: every figure, fewer and shorter rounds. */
        public static Sizes quick() {
            return new Sizes(3, 1, 1.0, 200, Duration.ofMillis(300), Duration.ofSeconds(2), 1, 0);
        }
    }

    /**
     * Where and how to run.
     *
     * @param sizes            how much to measure
     * @param bootstrapServers a broker to use, or null for an embedded one started here
     * @param partitions       partitions of the input and output topics
     * @param streamThreads    Kafka Streams threads of the application
     * @param settings         streamcast.* settings for the application (batch size and wait, …)
     * @param clientProperties Kafka client and Streams settings for the application
     * @param offeredRate      records per second offered in the latency rounds, or null for half the streamed rate
     */
    public record Options(Sizes sizes, String bootstrapServers, int partitions, int streamThreads,
                          Map<String, Object> settings, Map<String, Object> clientProperties, Double offeredRate) {
        public Options {
            require(partitions >= 1, "partitions must be at least 1");
            require(streamThreads >= 1, "stream threads must be at least 1");
            settings = Map.copyOf(settings);
            clientProperties = Map.copyOf(clientProperties);
        }
    }

    private final BenchTarget target;
    private final Options options;
    private final Sizes sizes;
    private long peakRss;
    /** CPU microseconds per record of the last streamed round, by thread role. */
    private Map<String, Double> lastCpu = Map.of();
    /** The model calls of the last streamed round: mean windows per call, and the calls' wall time per record. */
    private Map<String, Double> lastBatches = Map.of();

    private Bench(BenchTarget target, Options options) {
        this.target = target;
        this.options = options;
        this.sizes = options.sizes();
    }

    /** Runs every measurement and returns the figures, in the order of the JSON line. */
    public static Map<String, Object> run(BenchTarget target, Options options) throws Exception {
        return new Bench(target, options).run();
    }

    private Map<String, Object> run() throws Exception {
        long started = System.nanoTime();
        EmbeddedKafka broker = options.bootstrapServers() == null
                ? EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withDefaultPartitions(options.partitions())) : null;
        Path stateDir = Files.createTempDirectory("streamcast-bench-state");
        try {
            String bootstrap = broker != null ? broker.bootstrapServers() : options.bootstrapServers();
            return measure(bootstrap, stateDir, started);
        } finally {
            if (broker != null) {
                broker.close();
            }
            deleteQuietly(stateDir);
        }
    }

    private Map<String, Object> measure(String bootstrap, Path stateDir, long started) throws Exception {
        String run = "bench-" + target.model() + "-" + Long.toString(System.currentTimeMillis(), 36);
        String input = run + "-in";
        String output = run + "-out";
        String noOpOutput = run + "-noop-out";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Topics.ensure(admin, Topics.named(List.of(input, output, noOpOutput, run + "-dlq", run + "-noop-dlq"),
                    options.partitions()));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", target.model());
        int batch = batchMaxSize();

        StreamcastApp app = null;
        StreamcastApp noOp = null;
        try (OutputWatcher watcher = new OutputWatcher(bootstrap, options.clientProperties(), List.of(output, noOpOutput));
             KafkaProducer<String, byte[]> producer = producer(bootstrap, 5)) {
            app = start(bootstrap, stateDir, run, input, output, run + "-dlq", false);
            noOp = start(bootstrap, stateDir, run + "-noop", input, noOpOutput, run + "-noop-dlq", true);
            awaitRunning(app);
            awaitRunning(noOp);
            app.streams().pause();
            noOp.streams().pause();

            // warm-up: every series to its steady state, then rounds until the streamed rate settles (the JIT, and
            // the commits' fixed costs shared by more records as the rate grows: the default forecaster's rate still
            // rose by a tenth from the fourth round to the fifth after a single warm-up round)
            long expected = produce(producer, (long) sizes.series() * target.warmUpRecordsPerSeries(), input);
            Counts counts = new Counts();
            streamed(app, watcher, output, counts.add(output, expected), 1);
            streamed(noOp, watcher, noOpOutput, counts.add(noOpOutput, expected), 1);
            // the first round's worth at up to 15,000 records/s, or at the network's own rate when that is lower (a
            // classifier's network may manage a few hundred inputs a second: the stream cannot do better)
            double rawWarm = predictRate(batch, sizes.rawRound());
            predictRate(1, sizes.rawRound());
            double warmRate = Math.min(15_000, rawWarm);
            List<Long> warmRates = new ArrayList<>();
            for (int w = 0; w < sizes.warmUpRounds(); w++) {
                int warmRecords = (int) Math.max(MIN_ROUND_RECORDS, Math.min(2_000_000, warmRate * sizes.roundSeconds()));
                expected = produce(producer, warmRecords, input);
                double rate = streamed(app, watcher, output, counts.add(output, expected), warmRecords);
                streamed(noOp, watcher, noOpOutput, counts.add(noOpOutput, expected), warmRecords);
                boolean settled = w > 0 && Math.abs(rate - warmRate) <= SETTLED * warmRate;
                warmRate = rate;
                warmRates.add(Math.round(rate));
                if (settled) {
                    break;
                }
            }
            int perRound = (int) Math.max(MIN_ROUND_RECORDS, Math.min(5_000_000, warmRate * sizes.roundSeconds()));
            LOG.info("warm-up done: {} series, {} records/s streamed in {} rounds; {} records in the first round",
                    sizes.series(), warmRates, warmRates.size(), perRound);

            double[] raw = new double[sizes.rounds()];
            double[] perRecord = new double[sizes.rounds()];
            double[] streamed = new double[sizes.rounds()];
            double[] passthrough = new double[sizes.rounds()];
            List<Map<String, Double>> cpuStreamed = new ArrayList<>();
            List<Map<String, Double>> cpuPassthrough = new ArrayList<>();
            List<Map<String, Double>> batchesStreamed = new ArrayList<>();
            long[] roundRecords = new long[sizes.rounds()];
            for (int r = 0; r < sizes.rounds(); r++) {
                if (r > 0) {
                    // Each round sized from the one before, so rounds last about roundSeconds: the warm-up round's
                    // rate (JIT still warming) undersized them to a third, and the end of a round (its last
                    // commit, up to commit.interval.ms) then weighed a tenth in the rate.
                    perRound = (int) Math.max(MIN_ROUND_RECORDS, Math.min(5_000_000, streamed[r - 1] * sizes.roundSeconds()));
                }
                roundRecords[r] = perRound;
                expected = produce(producer, perRound, input);
                raw[r] = predictRate(batch, sizes.rawRound());
                perRecord[r] = predictRate(1, sizes.rawRound());
                if (r % 2 == 0) {
                    streamed[r] = streamed(app, watcher, output, counts.add(output, expected), perRound);
                    cpuStreamed.add(lastCpu);
                    batchesStreamed.add(lastBatches);
                    passthrough[r] = streamed(noOp, watcher, noOpOutput, counts.add(noOpOutput, expected), perRound);
                    cpuPassthrough.add(lastCpu);
                } else {
                    passthrough[r] = streamed(noOp, watcher, noOpOutput, counts.add(noOpOutput, expected), perRound);
                    cpuPassthrough.add(lastCpu);
                    streamed[r] = streamed(app, watcher, output, counts.add(output, expected), perRound);
                    cpuStreamed.add(lastCpu);
                    batchesStreamed.add(lastBatches);
                }
                sampleRss();
                LOG.info("round {}: raw {}/s, per record {}/s, streamed {}/s, passthrough {}/s", r + 1, Math.round(raw[r]),
                        Math.round(perRecord[r]), Math.round(streamed[r]), Math.round(passthrough[r]));
                LOG.info("round {}: CPU us/record streamed {}, passthrough {}", r + 1, cpuStreamed.get(r), cpuPassthrough.get(r));
            }
            noOp.close();
            noOp = null;

            double streamedMedian = median(streamed);
            result.put("raw_batched_per_s", round(median(raw)));
            result.put("per_record_per_s", round(median(perRecord)));
            result.put("streamed_per_s", round(streamedMedian));
            result.put("passthrough_per_s", round(median(passthrough)));
            result.put("streamed_vs_raw", round3(median(ratios(streamed, raw))));
            result.put("streamed_vs_per_record", round3(median(ratios(streamed, perRecord))));
            result.put("streamed_vs_passthrough", round3(median(ratios(streamed, passthrough))));

            app.streams().resume();
            Latency latency = latency(app, watcher, output, counts, input, bootstrap,
                    options.offeredRate() != null ? options.offeredRate() : streamedMedian / 2);
            result.put("offered_per_s", round(latency.offered));
            result.put("p50_ms", round3(median(latency.p50)));
            result.put("p99_ms", round3(median(latency.p99)));
            result.put("p99_retrain_ms", round3(median(latency.p99Retrain)));
            result.put("retrain_p99_ratio", round3(median(ratios(latency.p99Retrain, latency.p99))));
            result.put("stream_thread_time", Map.of("idle", medians(latency.idleTime), "retrain", medians(latency.retrainTime)));
            sampleRss();
            result.put("rss_mb", Math.round(peakRss / 1e6));
            System.gc(); // once, at the end: the live heap, which RSS hides behind however far the collector grew the heap
            Runtime rt = Runtime.getRuntime();
            result.put("heap_after_gc_mb", Math.round((rt.totalMemory() - rt.freeMemory()) / 1e6));

            Map<String, Object> samples = new LinkedHashMap<>();
            samples.put("raw_batched_per_s", rounded(raw));
            samples.put("per_record_per_s", rounded(perRecord));
            samples.put("streamed_per_s", rounded(streamed));
            samples.put("passthrough_per_s", rounded(passthrough));
            samples.put("p50_ms", latency.p50);
            samples.put("p99_ms", latency.p99);
            samples.put("p99_retrain_ms", latency.p99Retrain);
            samples.put("latency_outputs", latency.outputs);
            samples.put("records_per_round", roundRecords);
            samples.put("warm_up_streamed_per_s", warmRates);
            samples.put("warm_up_latency_p99_ms", latency.warmUpP99);
            result.put("samples", samples);
            result.put("cpu_us_per_record", Map.of("streamed", medians(cpuStreamed), "passthrough", medians(cpuPassthrough)));
            result.put("streamed_batches", medians(batchesStreamed));
            result.put("settings", settings(bootstrap, batch, Math.round(median(Arrays.stream(roundRecords).asDoubleStream().toArray()))));
            result.put("duration_s", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
            return result;
        } finally {
            if (noOp != null) {
                noOp.close();
            }
            if (app != null) {
                app.close();
            }
        }
    }

    private Map<String, Object> settings(String bootstrap, int batch, long perRound) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("model", target.describe());
        s.put("batch_max_size", batch);
        s.put("batch_max_wait_ms", options.settings().getOrDefault(StreamcastConfig.BATCH_MAX_WAIT_MS,
                new StreamcastConfig(Map.of()).batchMaxWait().toMillis()));
        s.put("stream_threads", options.streamThreads());
        s.put("partitions", options.partitions());
        s.put("series", sizes.series());
        s.put("rounds", sizes.rounds());
        s.put("warm_up_rounds_at_most", sizes.warmUpRounds());
        s.put("records_per_round", perRound);
        s.put("latency_round_s", sizes.latencyRound().toMillis() / 1000.0);
        s.put("latency_warm_up_rounds", sizes.latencyWarmUpRounds());
        Map<String, Object> streams = new java.util.TreeMap<>(StreamcastApp.streamsDefaults(
                new StreamcastConfig(options.settings())));
        streams.putAll(options.clientProperties());
        s.put("streams", streams);
        s.put("broker", options.bootstrapServers() == null ? "embedded" : bootstrap);
        s.put("omp_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "1 (streamcast default)"));
        Map<String, Integer> malloc = NativeMemory.applied();
        s.put("glibc_malloc", malloc.isEmpty() ? "defaults or the environment's" : malloc);
        s.put("cores", Runtime.getRuntime().availableProcessors());
        s.put("java", System.getProperty("java.version"));
        return s;
    }

    private int batchMaxSize() {
        Map<String, Object> s = new HashMap<>(options.settings());
        return new StreamcastConfig(s).batchMaxSize();
    }

    private StreamcastApp start(String bootstrap, Path stateDir, String applicationId, String input, String output,
                                String deadLetters, boolean noOp) throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>(options.settings());
        settings.putAll(target.pipelineSettings(input, output, deadLetters));
        return target.start(new StreamcastApp.Settings(bootstrap, applicationId, stateDir.resolve(applicationId),
                "127.0.0.1", 0, options.streamThreads(), options.partitions(), options.clientProperties(), settings), noOp);
    }

    private static void awaitRunning(StreamcastApp app) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (app.streams().state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the application is " + app.streams().state() + " after " + START_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(20); // polling the state with a deadline
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap, int lingerMs) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Produces the next {@code n} records, waits until the broker has them all, and returns the outputs they yield. */
    private long produce(KafkaProducer<String, byte[]> producer, long n, String topic) {
        long outputs = 0;
        for (long i = 0; i < n; i++) {
            BenchTarget.Input in = target.workload().next();
            producer.send(new ProducerRecord<>(topic, in.key(), in.value()));
            outputs += in.outputs();
        }
        producer.flush();
        return outputs;
    }

    /** Resumes the app, waits until the outputs reach {@code total}, pauses it; returns input records per second. */
    private double streamed(StreamcastApp app, OutputWatcher watcher, String topic, long total, long records)
            throws InterruptedException, TimeoutException {
        Duration timeout = Duration.ofSeconds(Math.max(120, records / 500));
        CpuTime cpu = CpuTime.start();
        ModelCalls calls = ModelCalls.of(app.registry());
        long start = System.nanoTime();
        app.streams().resume();
        long end = watcher.awaitCount(topic, total, timeout);
        app.streams().pause();
        lastCpu = cpu.perRecord(records);
        lastBatches = ModelCalls.of(app.registry()).since(calls, records);
        return records / ((end - start) / 1e9);
    }

    /**
     * Predictions per second of the bare network over one raw round, in steps of up to 256 inputs; a step starts at
     * one call and doubles while it takes under a twentieth of the round, so a slow network (hundreds of ms a call)
     * still stops at about the round's end.
     */
    private double predictRate(int batch, Duration round) {
        long deadline = System.nanoTime() + round.toNanos();
        long start = System.nanoTime();
        long n = 0;
        int maxCalls = Math.max(1, 256 / batch);
        int calls = 1;
        do {
            long stepStart = System.nanoTime();
            n += target.predict(batch, calls);
            if (calls < maxCalls && System.nanoTime() - stepStart < round.toNanos() / 20) {
                calls = Math.min(maxCalls, calls * 2);
            }
        } while (System.nanoTime() < deadline);
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The application's model calls so far, from its meters (every pipeline's): calls, windows and their wall time.
     * A round's difference says what size of batch the stream formed and how much of its time the network took.
     */
    record ModelCalls(long calls, double windows, double seconds) {
        static ModelCalls of(MeterRegistry registry) {
            long calls = 0;
            double windows = 0;
            double seconds = 0;
            for (DistributionSummary s : registry.find("streamcast.inference.batch.size").summaries()) {
                calls += s.count();
                windows += s.totalAmount();
            }
            for (Timer t : registry.find("streamcast.inference.latency").timers()) {
                seconds += t.totalTime(TimeUnit.SECONDS);
            }
            return new ModelCalls(calls, windows, seconds);
        }

        /** Mean windows per call and the calls' microseconds per record since {@code before}, over {@code records}. */
        Map<String, Double> since(ModelCalls before, long records) {
            long n = calls - before.calls;
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("mean_windows_per_call", n == 0 ? 0.0 : Math.round((windows - before.windows) / n * 10) / 10.0);
            m.put("model_us_per_record", Math.round((seconds - before.seconds) * 1e6 / records * 10) / 10.0);
            return m;
        }
    }

    private record Latency(double offered, List<Double> p50, List<Double> p99, List<Double> p99Retrain, List<Long> outputs,
                           List<Map<String, Double>> idleTime, List<Map<String, Double>> retrainTime,
                           List<Double> warmUpP99) {
    }

    /**
     * Offers records at {@code rate} and times their outputs: a settling period, warm-up rounds, then idle and
     * retrain rounds in turn. A round's latencies are those of the inputs produced during it.
     */
    private Latency latency(StreamcastApp app, OutputWatcher watcher, String output, Counts counts, String input,
                            String bootstrap, double rate) throws Exception {
        Paced paced = new Paced(bootstrap, input, rate);
        ExecutorService trainer = Executors.newSingleThreadExecutor(TrainerThreads.factory("bench-retrain"));
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> p99Retrain = new ArrayList<>();
        List<Long> outputs = new ArrayList<>();
        List<Map<String, Double>> idleTime = new ArrayList<>();
        List<Map<String, Double>> retrainTime = new ArrayList<>();
        try {
            paced.start();
            Thread.sleep(Math.min(2_000, sizes.latencyRound().toMillis())); // settle at the offered rate first
            List<OutputWatcher.LatencyWindow> idle = new ArrayList<>();
            List<OutputWatcher.LatencyWindow> busy = new ArrayList<>();
            long roundMs = sizes.latencyRound().toMillis();
            int warmUp = sizes.latencyWarmUpRounds();
            for (int i = 0; i < warmUp + sizes.latencyRounds(); i++) {
                long from = System.currentTimeMillis();
                idle.add(watcher.window(from, from + roundMs));
                StreamThreadTime before = StreamThreadTime.of(app.streams());
                Thread.sleep(roundMs);
                idleTime.add(StreamThreadTime.of(app.streams()).since(before));
                Future<?> retrain = trainer.submit(() -> retrainUntil(System.nanoTime() + sizes.latencyRound().toNanos()));
                from = System.currentTimeMillis();
                busy.add(watcher.window(from, from + roundMs));
                before = StreamThreadTime.of(app.streams());
                Thread.sleep(roundMs);
                retrainTime.add(StreamThreadTime.of(app.streams()).since(before));
                retrain.get(5, TimeUnit.MINUTES); // the fit stops at its time budget
            }
            paced.stop();
            watcher.awaitCount(output, counts.add(output, paced.outputs.get()), Duration.ofSeconds(120));
            sampleRss();
            List<Double> warmUpP99 = new ArrayList<>();
            for (int i = 0; i < warmUp; i++) {
                warmUpP99.add(idle.get(i).percentile(99));
                warmUpP99.add(busy.get(i).percentile(99));
            }
            for (int i = warmUp; i < idle.size(); i++) {
                p50.add(idle.get(i).percentile(50));
                p99.add(idle.get(i).percentile(99));
                p99Retrain.add(busy.get(i).percentile(99));
                outputs.add(idle.get(i).count());
                outputs.add(busy.get(i).count());
            }
            return new Latency(rate, p50, p99, p99Retrain, outputs, idleTime.subList(warmUp, idleTime.size()),
                    retrainTime.subList(warmUp, retrainTime.size()), warmUpP99);
        } finally {
            paced.stop();
            trainer.shutdownNow();
        }
    }

    private void retrainUntil(long deadlineNanos) {
        while (System.nanoTime() < deadlineNanos - 50_000_000L) {
            target.retrain(Duration.ofNanos(deadlineNanos - System.nanoTime()));
        }
    }

    /** Produces the workload at a fixed rate on its own thread, in 1 ms steps. */
    private final class Paced {
        private final KafkaProducer<String, byte[]> producer;
        private final String topic;
        private final double rate;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong outputs = new AtomicLong();
        private final Thread thread;

        Paced(String bootstrap, String topic, double rate) {
            this.producer = producer(bootstrap, 0);
            this.topic = topic;
            this.rate = rate;
            this.thread = new Thread(this::run, "bench-offered-load");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            long start = System.nanoTime();
            long sent = 0;
            while (running.get()) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                for (; sent < due; sent++) {
                    BenchTarget.Input in = target.workload().next();
                    producer.send(new ProducerRecord<>(topic, in.key(), in.value()));
                    outputs.addAndGet(in.outputs());
                }
                LockSupport.parkNanos(1_000_000L); // pacing the offered load
            }
            producer.flush();
        }

        void stop() throws InterruptedException {
            if (running.compareAndSet(true, false)) {
                thread.join(30_000);
                producer.close(Duration.ofSeconds(10));
            }
        }
    }

    /** Outputs each topic should have yielded so far. */
    private static final class Counts {
        private final Map<String, Long> totals = new HashMap<>();

        long add(String topic, long n) {
            return totals.merge(topic, n, Long::sum);
        }
    }

    private void sampleRss() {
        peakRss = Math.max(peakRss, Pointer.physicalBytes());
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Per key, the median over the rounds. */
    static Map<String, Double> medians(List<Map<String, Double>> rounds) {
        Map<String, Double> out = new java.util.TreeMap<>();
        rounds.stream().flatMap(m -> m.keySet().stream()).distinct().forEach(k -> out.put(k,
                round3(median(rounds.stream().map(m -> m.getOrDefault(k, 0.0)).toList()))));
        return out;
    }

    static double[] ratios(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }

    static double[] ratios(List<Double> a, List<Double> b) {
        return ratios(a.stream().mapToDouble(Double::doubleValue).toArray(), b.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static long round(double v) {
        return Math.round(v);
    }

    private static double round3(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
    }

    private static long[] rounded(double[] v) {
        return Arrays.stream(v).mapToLong(Math::round).toArray();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}", dir, e);
        }
    }
}

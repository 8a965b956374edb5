package io.streamcast.app.cli;

import io.streamcast.app.bench.Bench;
import io.streamcast.app.bench.BenchTarget;
import io.streamcast.app.bench.BenchTargets;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: throughput and latency of one model kind's pipeline against its own network; one JSON line. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures a model's pipeline on a Kafka broker (embedded unless --bootstrap-servers): the network "
                + "alone (batched and per record), the stream end to end and with a no-op model, latency at half the "
                + "streamed rate, idle and during a retrain. Prints one JSON line.",
                "Figures are medians of several rounds after a warm-up; the default run takes under three minutes."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "KIND",
            description = "forecaster, anomaly, image, text or sequence.")
    String model;

    @Option(names = "--quick", description = "A smoke run of about a minute (the sequence ensemble: two): fewer, shorter rounds.")
    boolean quick;

    @Option(names = "--rounds", description = "Measured rounds of each throughput figure (default: 5; --quick: 3).")
    Integer rounds;

    @Option(names = "--round-seconds", description = "Target length of one streamed round (default: 4; --quick: 1).")
    Double roundSeconds;

    @Option(names = "--series", description = "Distinct series the records cycle through (default: 1000, anomaly 100; --quick: a fifth); "
                    + "for image, text and sequence the distinct inputs, each record with an id of its own.")
    Integer series;

    @Option(names = "--latency-seconds", description = "Length of each latency round (default: 6; --quick: 2).")
    Double latencySeconds;

    @Option(names = "--offered-rate", paramLabel = "RECORDS_PER_S",
            description = "Offered rate of the latency rounds (default: half the measured streamed rate).")
    Double offeredRate;

    @Option(names = "--latency-rounds", description = "Idle/retrain latency round pairs (default: 3; --quick: 1).")
    Integer latencyRounds;

    @Option(names = "--partitions", defaultValue = "" + RunCommand.DEFAULT_PARTITIONS,
            description = "Partitions of the bench's topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--threads", description = "Kafka Streams threads (default: as run, one per core, at most --partitions).")
    Integer threads;

    @Option(names = "--batch-max-size", description = "streamcast.inference.batch.max-size (default: the application's).")
    Integer batchMaxSize;

    @Option(names = "--batch-max-wait-ms", description = "streamcast.inference.batch.max-wait-ms (default: the application's).")
    Long batchMaxWaitMs;

    @Option(names = "--bootstrap-servers", paramLabel = "HOSTS",
            description = "Use this broker instead of starting an embedded one (topics named bench-* are created).")
    String bootstrapServers;

    @Option(names = "--artifact", paramLabel = "FILE", description = "Bench this model artifact instead of the default shape.")
    Path artifact;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A streamcast.* setting or a Kafka Streams/client setting for the application, e.g. --set commit.interval.ms=50.")
    Map<String, String> set = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (!BenchTargets.MODELS.contains(model)) {
            throw new IllegalArgumentException("--model " + model + ": unknown; one of " + String.join(", ", BenchTargets.MODELS));
        }
        if (artifact != null && !Files.isReadable(artifact)) {
            throw new IllegalArgumentException("--artifact: cannot read " + artifact);
        }
        Bench.Sizes d = quick ? Bench.Sizes.quick() : Bench.Sizes.standard();
        int defaultSeries = quick ? Math.max(1, BenchTargets.defaultSeries(model) / 5) : BenchTargets.defaultSeries(model);
        Bench.Sizes sizes;
        try {
            sizes = new Bench.Sizes(rounds != null ? rounds : d.rounds(), d.warmUpRounds(),
                    roundSeconds != null ? roundSeconds : d.roundSeconds(),
                    series != null ? series : defaultSeries, d.rawRound(),
                    latencySeconds != null ? Duration.ofMillis((long) (latencySeconds * 1000)) : d.latencyRound(),
                    latencyRounds != null ? latencyRounds : d.latencyRounds(), d.latencyWarmUpRounds());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bench options: " + e.getMessage(), e);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        Map<String, Object> client = new LinkedHashMap<>();
        set.forEach((k, v) -> (k.startsWith("streamcast.") ? settings : client).put(k, v));
        if (batchMaxSize != null) {
            settings.put(StreamcastConfig.BATCH_MAX_SIZE, batchMaxSize);
        }
        if (batchMaxWaitMs != null) {
            settings.put(StreamcastConfig.BATCH_MAX_WAIT_MS, batchMaxWaitMs);
        }
        try {
            new StreamcastConfig(settings);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        long points = 20_000_000L; // the first point this many minutes ago (1988), so no series outruns the clock
        try (BenchTarget target = BenchTargets.create(model, artifact, settings, sizes.series(), points)) {
            if (offeredRate != null && !(offeredRate > 0)) {
                throw new IllegalArgumentException("--offered-rate must be positive, was " + offeredRate);
            }
            int streamThreads = threads != null ? threads : RunCommand.defaultThreads(partitions);
            Map<String, Object> result = Bench.run(target, new Bench.Options(sizes, bootstrapServers, partitions,
                    streamThreads, settings, client, offeredRate));
            System.out.println(Json.MAPPER.writeValueAsString(result));
        }
        return 0;
    }
}

package io.streamcast.app.cli;

import io.streamcast.app.produce.PricePublisher;
import io.streamcast.models.data.SeriesCsvReader;
import io.streamcast.models.data.TimeSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code produce prices}: publishes a series CSV to the prices topic. */
@Command(name = "prices", mixinStandardHelpOptions = true,
        description = "Publishes a series CSV to the prices topic, keyed by series, in time order.")
final class ProducePricesCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE.csv",
            description = "Series CSV, long (series,timestamp,value) or wide (timestamp,A,B,…).")
    Path file;

    @Option(names = "--rate", defaultValue = "0", description = "Records per second; 0 = as fast as possible (default).")
    double rate;

    @Option(names = "--topic", defaultValue = "prices", description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--step", defaultValue = "1d",
            description = "Spacing given to rows whose time column is not a date (decimal years, row numbers); "
                    + "the last such row is stamped today (default: ${DEFAULT-VALUE}).")
    Duration step;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("--file: cannot read " + file);
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must not be negative, was " + rate);
        }
        List<TimeSeries> series = SeriesCsvReader.read(file);
        List<PricePublisher.Point> points = PricePublisher.points(series, step, Instant.now().truncatedTo(ChronoUnit.DAYS));
        String target = topic;
        long started = System.nanoTime();
        long n;
        try (PricePublisher publisher = new PricePublisher(client.bootstrapServers, client.clientProperties(), target)) {
            n = publisher.publish(points, rate);
        }
        System.out.printf("published %d records of %d series from %s to %s in %.1f s%n", n, series.size(),
                file.getFileName(), target, (System.nanoTime() - started) / 1e9);
        return 0;
    }
}

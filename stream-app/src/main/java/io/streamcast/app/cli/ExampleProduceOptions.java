package io.streamcast.app.cli;

import io.streamcast.app.produce.RecordPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of {@code produce texts} and {@code produce sequences}. */
final class ExampleProduceOptions {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The data file.")
    Path file;

    @Option(names = "--rate", defaultValue = "0", description = "Records per second; 0 = as fast as possible (default).")
    double rate;

    @Option(names = "--topic", description = "Topic (default: the kind's name).")
    String topic;

    @Option(names = "--labels", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Send each example's label, so the stream scores and learns from it (default: true; --no-labels to leave it out).")
    boolean labels;

    @Option(names = "--id-prefix", description = "Ids are <prefix>-<line> (default: the file name without extension).")
    String prefix;

    Path checkedFile() {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("--file: cannot read " + file);
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must not be negative, was " + rate);
        }
        return file;
    }

    String idPrefix() {
        if (prefix != null) {
            return prefix;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    int publish(ClientOptions client, List<RecordPublisher.Keyed> records, String defaultTopic) throws Exception {
        String target = topic != null ? topic : defaultTopic;
        long started = System.nanoTime();
        long n;
        try (RecordPublisher publisher = new RecordPublisher(client.bootstrapServers, client.clientProperties(), target)) {
            n = publisher.publish(records.iterator(), rate);
        }
        System.out.printf("published %d records from %s to %s in %.1f s%n", n, file.getFileName(), target,
                (System.nanoTime() - started) / 1e9);
        return 0;
    }
}

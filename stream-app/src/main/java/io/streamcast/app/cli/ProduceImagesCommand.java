package io.streamcast.app.cli;

import io.streamcast.app.produce.ImageRecords;
import io.streamcast.app.produce.RecordPublisher;
import io.streamcast.models.image.ImageDataset;
import io.streamcast.models.image.ImageDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code produce images}: publishes a folder of images or an IDX set to the images topic. */
@Command(name = "images", mixinStandardHelpOptions = true,
        description = "Publishes class folders of PNG/JPEG files (as they are) or IDX sets (as PNG) to the images topic, "
                + "base64 in JSON, keyed by id, labelled with the class unless --no-labels.")
final class ProduceImagesCommand implements Callable<Integer> {
    /** Which IDX files to publish. */
    enum Split { all, train, test }

    @Mixin
    ClientOptions client;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "DIR",
            description = "IDX files (train-*/t10k-*) or one sub-folder of PNG/JPEG files per class.")
    Path dir;

    @Option(names = "--split", defaultValue = "all", description = "IDX files to publish: all, train or test (default: ${DEFAULT-VALUE}).")
    Split split;

    @Option(names = "--classes", split = ",", paramLabel = "NAME",
            description = "Names of the IDX labels 0, 1, … (default: DIR/classes.txt, else the numbers).")
    List<String> classes;

    @Option(names = "--labels", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Send each image's class as its label, so the stream scores and learns from it (default: on).")
    boolean labels;

    @Option(names = "--max", defaultValue = "" + Integer.MAX_VALUE, description = "Images at most (per IDX split).")
    int max;

    @Option(names = "--rate", defaultValue = "0", description = "Records per second; 0 = as fast as possible (default).")
    double rate;

    @Option(names = "--topic", defaultValue = "images", description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Override
    public Integer call() throws Exception {
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must not be negative, was " + rate);
        }
        if (max < 1) {
            throw new IllegalArgumentException("--max must be positive, was " + max);
        }
        ImageDirectory d;
        try {
            d = new ImageDirectory(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("--file: " + e.getMessage(), e);
        }
        List<Iterator<RecordPublisher.Keyed>> parts = new ArrayList<>();
        try {
            if (d.isIdx()) {
                for (ImageDirectory.Split s : ImageDirectory.Split.values()) {
                    boolean wanted = split == Split.all || split.name().equals(s == ImageDirectory.Split.TRAIN ? "train" : "test");
                    if (wanted && d.hasIdx(s)) {
                        ImageDataset data = d.read(s, null, classes == null ? List.of() : classes, null);
                        parts.add(ImageRecords.of(data, s.prefix(), labels, max));
                    }
                }
                if (parts.isEmpty()) {
                    throw new IllegalArgumentException("--file: " + dir + " has no IDX files of the " + split + " split");
                }
            } else {
                parts.add(ImageRecords.of(d.labelledFiles(), labels, max));
            }
        } catch (IOException e) {
            throw new IOException("--file: " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        long n = 0;
        try (RecordPublisher publisher = new RecordPublisher(client.bootstrapServers, client.clientProperties(), topic)) {
            for (Iterator<RecordPublisher.Keyed> part : parts) {
                n += publisher.publish(part, rate);
            }
        }
        System.out.printf("published %d images from %s to %s in %.1f s%n", n, dir.getFileName(), topic,
                (System.nanoTime() - started) / 1e9);
        return 0;
    }

}

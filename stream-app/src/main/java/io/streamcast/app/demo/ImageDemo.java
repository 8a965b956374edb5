package io.streamcast.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.produce.ImageRecords;
import io.streamcast.app.produce.RecordPublisher;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo's image stream: labelled synthetic shapes ({@link ShapeImageGenerator}) published at a steady rate with a
 * corrupt image now and then, and what came back (classes, live accuracy over the last {@value #RECENT}, the model).
 */
public final class ImageDemo {
    /** Image side of the demo's model: small, so refits take seconds on two cores. */
    public static final int SIDE = 16;
    /** Classified labelled images the live accuracy is taken over. */
    public static final int RECENT = 200;
    private static final int CORRUPT_EVERY = 250;

    private final RecordPublisher publisher;
    private final double rate;
    private final ShapeImageGenerator generator = new ShapeImageGenerator(21L, SIDE);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong classified = new AtomicLong();
    private final boolean[] recent = new boolean[RECENT];
    private int recentSize;
    private int recentNext;
    private volatile long modelVersion = -1;
    private volatile String modelName = "-";

    public ImageDemo(String bootstrap, String topic, double ratePerSecond) {
        this.publisher = new RecordPublisher(bootstrap, Map.of(), topic);
        this.rate = ratePerSecond;
        this.thread = new Thread(this::run, "demo-images");
        thread.setDaemon(true);
    }

    /** The settings the demo's image pipeline runs with: the shapes' classes, small images, frequent refits. */
    public static Map<String, Object> settings() {
        return Map.of("streamcast.image.classes", String.join(",", ShapeImageGenerator.CLASSES),
                "streamcast.image.width", SIDE, "streamcast.image.height", SIDE,
                "streamcast.image.refit.interval", 200, "streamcast.image.refit.buffer", 1_500,
                "streamcast.image.refit.epochs", 3);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long start = System.nanoTime();
        long n = 0;
        while (running.get()) {
            long wait = start + (long) (n * 1e9 / rate) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // pacing, not synchronisation
            }
            n++;
            if (n % CORRUPT_EVERY == 0) {
                publisher.send("shape-corrupt-" + n, ("{\"id\":\"shape-corrupt-" + n + "\",\"image\":\"iVBORw0KGgoAAAANSUhEUgAA\",\"label\":\"circle\"}")
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                ShapeImageGenerator.Labelled l = generator.next();
                String id = "shape-" + n;
                publisher.send(id, ImageRecords.json(id, ShapeImageGenerator.png(l), l.label()));
            }
            published.incrementAndGet();
        }
    }

    /** Sees a record of the classes topic. */
    public void classified(JsonNode m) {
        classified.incrementAndGet();
        JsonNode correct = m.get("correct");
        if (correct != null) {
            synchronized (recent) {
                recent[recentNext] = correct.asBoolean();
                recentNext = (recentNext + 1) % RECENT;
                recentSize = Math.min(RECENT, recentSize + 1);
            }
        }
        modelVersion = m.at("/model/version").asLong();
        modelName = m.at("/model/name").asText();
    }

    public long published() {
        return published.get();
    }

    public long classifiedCount() {
        return classified.get();
    }

    /** Share right of the last {@value #RECENT} labelled images classified; NaN before the first. */
    public double recentAccuracy() {
        synchronized (recent) {
            int right = 0;
            for (int i = 0; i < recentSize; i++) {
                right += recent[i] ? 1 : 0;
            }
            return recentSize == 0 ? Double.NaN : (double) right / recentSize;
        }
    }

    /** The model of the latest classification; version -1 before the first. */
    public Map<String, Object> model() {
        return Map.of("name", modelName, "version", modelVersion);
    }

    /** A short status, e.g. {@code images 1,204 | accuracy 0.87 (last 200) | image-classifier v3}. */
    public String status() {
        double acc = recentAccuracy();
        return String.format("images %,d | accuracy %s (last %d) | %s v%s", classified.get(),
                Double.isNaN(acc) ? "-" : String.format("%.2f", acc), RECENT, modelName, modelVersion < 0 ? "-" : modelVersion);
    }

    public void stop() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
        publisher.close();
    }
}

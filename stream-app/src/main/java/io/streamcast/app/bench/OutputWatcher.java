package io.streamcast.app.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the output topics as a user would ({@code read_committed}: only what the application committed) and
 * counts the records per topic; for outputs whose input was produced inside a {@link LatencyWindow}, records the
 * end-to-end latency (the input record's timestamp travels with its output).
 */
final class OutputWatcher implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Counter> counters = new HashMap<>();
    private final List<LatencyWindow> windows = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    OutputWatcher(String bootstrapServers, Map<String, Object> clientProperties, List<String> topics) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 << 20);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            counters.put(topic, new Counter());
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "bench-output-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                long nowMs = System.currentTimeMillis();
                long nowNanos = System.nanoTime();
                for (String topic : counters.keySet()) {
                    int n = 0;
                    for (ConsumerRecord<byte[], byte[]> r : records.records(topic)) {
                        n++;
                        for (LatencyWindow w : windows) {
                            w.offer(r.timestamp(), nowMs);
                        }
                    }
                    if (n > 0) {
                        counters.get(topic).add(n, nowNanos);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Records read from {@code topic} so far. */
    long count(String topic) {
        return counters.get(topic).count();
    }

    /**
     * Waits until {@code topic} has yielded {@code target} records in all and returns the {@link System#nanoTime()}
     * of the poll that reached it.
     */
    long awaitCount(String topic, long target, Duration timeout) throws InterruptedException, TimeoutException {
        Counter c = counters.get(topic);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (c) {
            while (c.count < target) {
                if (failure != null) {
                    throw new IllegalStateException("the output consumer failed", failure);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException(topic + ": " + c.count + " of " + target + " records after " + timeout.toSeconds() + " s");
                }
                c.wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
            return c.reachedAt(target);
        }
    }

    /** From now on, outputs of inputs produced in [fromMs, toMs) are timed into the returned window. */
    LatencyWindow window(long fromMs, long toMs) {
        LatencyWindow w = new LatencyWindow(fromMs, toMs);
        windows.add(w);
        return w;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }

    /** Records per topic, with the time each count was reached (kept for the counts a waiter asked about). */
    private static final class Counter {
        private long count;
        private final java.util.NavigableMap<Long, Long> reached = new java.util.TreeMap<>();

        synchronized void add(int n, long nanos) {
            count += n;
            reached.put(count, nanos);
            if (reached.size() > 100_000) {
                reached.pollFirstEntry();
            }
            notifyAll();
        }

        synchronized long count() {
            return count;
        }

        /** The time of the first poll after which the count was at least {@code target}. */
        synchronized long reachedAt(long target) {
            Map.Entry<Long, Long> e = reached.ceilingEntry(target);
            return e == null ? System.nanoTime() : e.getValue();
        }
    }

    /** End-to-end latencies, in milliseconds, of the outputs whose inputs were produced in [fromMs, toMs). */
    static final class LatencyWindow {
        private final long fromMs;
        private final long toMs;
        private final Histogram histogram = new Histogram(3_600_000L, 3);

        private LatencyWindow(long fromMs, long toMs) {
            this.fromMs = fromMs;
            this.toMs = toMs;
        }

        void offer(long inputTimestampMs, long nowMs) {
            if (inputTimestampMs >= fromMs && inputTimestampMs < toMs) {
                synchronized (histogram) {
                    histogram.recordValue(Math.max(0, Math.min(3_600_000L, nowMs - inputTimestampMs)));
                }
            }
        }

        long count() {
            synchronized (histogram) {
                return histogram.getTotalCount();
            }
        }

        double percentile(double p) {
            synchronized (histogram) {
                return histogram.getValueAtPercentile(p);
            }
        }
    }
}

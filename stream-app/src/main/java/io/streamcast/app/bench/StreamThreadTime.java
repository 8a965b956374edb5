package io.streamcast.app.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Where the stream threads' wall time goes, from the clients' own cumulative timers (KIP-761): waiting in the
 * consumer's poll, the producer's flush at a commit, sending the offsets into the transaction, and committing it.
 * What is left is the threads' own work (their CPU time, measured apart) and waiting for a core. Under exactly-once
 * an output is readable only once its transaction commits, so these shares say what an input's latency is made of.
 */
record StreamThreadTime(long wallNanos, long cpuNanos, long pollWaitNanos, long flushNanos, long sendOffsetsNanos,
                        long commitNanos, long commits, long polls, long processed, int threads) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** "…-StreamThread-1": not the GlobalStreamThread, which idles beside them and would dilute every share. */
    private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-\\d+");

    /** The totals now, summed over the application's stream threads and their clients. */
    static StreamThreadTime of(KafkaStreams streams) {
        long pollWait = 0;
        long flush = 0;
        long sendOffsets = 0;
        long commit = 0;
        long commits = 0;
        long polls = 0;
        long processed = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName m = e.getKey();
            // the stream threads' own clients ("…-StreamThread-1-consumer"), not the global or restore consumers
            String client = m.tags().getOrDefault("client-id", "");
            boolean streamThreads = client.contains("-StreamThread-");
            switch (m.group()) {
                case "consumer-metrics" -> {
                    if (streamThreads && client.endsWith("-consumer") && !client.endsWith("-restore-consumer")
                            && m.name().equals("io-wait-time-ns-total")) {
                        pollWait += value(e.getValue());
                    }
                }
                case "producer-metrics" -> {
                    switch (streamThreads ? m.name() : "") {
                        case "flush-time-ns-total" -> flush += value(e.getValue());
                        case "txn-send-offsets-time-ns-total" -> sendOffsets += value(e.getValue());
                        case "txn-commit-time-ns-total" -> commit += value(e.getValue());
                        default -> { }
                    }
                }
                case "stream-thread-metrics" -> {
                    switch (m.name()) {
                        case "commit-total" -> commits += value(e.getValue());
                        case "poll-total" -> polls += value(e.getValue());
                        case "process-total" -> processed += value(e.getValue());
                        default -> { }
                    }
                }
                default -> { }
            }
        }
        long cpu = 0;
        int threads = 0;
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && isStreamThread(t.getThreadName())) {
                cpu += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
                threads++;
            }
        }
        return new StreamThreadTime(System.nanoTime(), cpu, pollWait, flush, sendOffsets, commit, commits, polls, processed, threads);
    }

    static boolean isStreamThread(String name) {
        return STREAM_THREAD.matcher(name).matches();
    }

    private static long value(Metric metric) {
        return metric.metricValue() instanceof Number n ? n.longValue() : 0;
    }

    /**
     * Shares of the stream threads' wall time since {@code before}: {@code cpu}, {@code poll_wait}, {@code flush},
     * {@code send_offsets}, {@code commit} and {@code other} (the rest: waiting for a core, locks, the JIT and GC),
     * with commits per second per thread and the mean milliseconds of one (flush, offsets and commit).
     */
    Map<String, Double> since(StreamThreadTime before) {
        double wall = (double) (wallNanos - before.wallNanos) * threads;
        Map<String, Double> m = new LinkedHashMap<>();
        double cpu = (cpuNanos - before.cpuNanos) / wall;
        double poll = (pollWaitNanos - before.pollWaitNanos) / wall;
        double flush = (flushNanos - before.flushNanos) / wall;
        double offsets = (sendOffsetsNanos - before.sendOffsetsNanos) / wall;
        double commit = (commitNanos - before.commitNanos) / wall;
        m.put("cpu", round3(cpu));
        m.put("poll_wait", round3(poll));
        m.put("flush", round3(flush));
        m.put("send_offsets", round3(offsets));
        m.put("commit", round3(commit));
        m.put("other", round3(1 - cpu - poll - flush - offsets - commit));
        long n = commits - before.commits;
        double seconds = (wallNanos - before.wallNanos) / 1e9;
        m.put("commits_per_s_per_thread", Math.round(n / seconds / threads * 10) / 10.0);
        long p = polls - before.polls;
        m.put("polls_per_s_per_thread", Math.round(p / seconds / threads * 10) / 10.0);
        m.put("records_per_poll", p == 0 ? 0.0 : Math.round((double) (processed - before.processed) / p * 10) / 10.0);
        m.put("ms_per_commit", n == 0 ? 0.0 : Math.round((flushNanos - before.flushNanos + sendOffsetsNanos
                - before.sendOffsetsNanos + commitNanos - before.commitNanos) / 1e5 / n) / 10.0);
        return m;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

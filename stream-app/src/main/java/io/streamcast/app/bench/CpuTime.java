package io.streamcast.app.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this process's threads, by role (stream threads, producer I/O, broker, …). On a shared machine a
 * round's wall time depends on what else runs; the CPU time its threads spent per record does much less, so it
 * says where the time goes.
 */
final class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> start = new TreeMap<>();
    private final Map<Long, String> names = new TreeMap<>();

    private CpuTime() {
    }

    /** Starts counting now. */
    static CpuTime start() {
        CpuTime c = new CpuTime();
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null) {
                c.start.put(t.getThreadId(), Math.max(0, THREADS.getThreadCpuTime(t.getThreadId())));
                c.names.put(t.getThreadId(), t.getThreadName());
            }
        }
        return c;
    }

    /** Microseconds of CPU per record since {@link #start()}, by role, and in all. */
    Map<String, Double> perRecord(long records) {
        Map<String, Long> byRole = new LinkedHashMap<>();
        long total = 0;
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long now = THREADS.getThreadCpuTime(t.getThreadId());
            long used = now - start.getOrDefault(t.getThreadId(), 0L);
            if (now < 0 || used <= 0) {
                continue;
            }
            byRole.merge(role(t.getThreadName()), used, Long::sum);
            total += used;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("all", total / 1e3 / records);
        new TreeMap<>(byRole).forEach((role, nanos) -> out.put(role, Math.round(nanos / 1e2 / records) / 10.0));
        out.put("all", Math.round(total / 1e2 / records) / 10.0);
        return out;
    }

    static String role(String thread) {
        if (thread.contains("StreamThread") && thread.contains("producer")) {
            return "stream_producer_io";
        }
        if (thread.contains("StreamThread") && thread.contains("consumer")) {
            return "stream_consumer_io";
        }
        if (thread.contains("StreamThread")) {
            return "stream_threads";
        }
        if (thread.startsWith("bench-")) {
            return "bench";
        }
        if (thread.contains("kafka-producer-network-thread")) {
            return "bench_producer_io";
        }
        if (thread.startsWith("data-plane") || thread.startsWith("kafka-") || thread.contains("Processor")
                || thread.contains("request-handler") || thread.contains("Controller") || thread.contains("raft")
                || thread.contains("broker") || thread.contains("log-cleaner") || thread.contains("ReplicaFetcher")
                || thread.contains("transaction") || thread.contains("group-coordinator") || thread.contains("executor")) {
            return "broker";
        }
        if (thread.contains("GC") || thread.contains("G1") || thread.contains("C1") || thread.contains("C2")) {
            return "jvm";
        }
        return "other";
    }
}

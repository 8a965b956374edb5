package io.streamcast.app.topology;

import io.streamcast.app.messages.DeadLetterMessage;
import io.streamcast.app.messages.ErrorCode;
import io.streamcast.app.messages.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A processor that queues work for a model and runs it in micro-batches: when {@code maxBatch} items wait, when
 * the oldest has waited {@code maxWait} (wall clock), or at once while the application drains for shutdown. A batch
 * that ran on the clock while its records are younger than the commit interval (the stream keeps up with its input)
 * requests a commit at once, so its outputs are not held back for the interval; otherwise commits are left to
 * {@code commit.interval.ms}.
 *
 * <p>The queue is a changelogged store, so it is part of the same transaction as the input offsets and the
 * outputs: items queued when the transaction commits survive a crash and run after the restart. Subclasses add
 * items with {@link #enqueue} and emit results in {@link #runBatch}, which must deal with each item (forward a
 * result or a dead letter); the base class then removes the batch from the queue.
 *
 * <p>Public so that pipelines in other packages (the classifiers) queue the same way.
 *
 * @param <I> the input value type
 * @param <Q> the queued item type
 */
public abstract class MicroBatchProcessor<I, Q> implements Processor<String, I, String, byte[]> {
    private static final Duration MAX_TICK = Duration.ofMillis(100);
    private static final long UNKNOWN = Long.MIN_VALUE;
    /** Kafka Streams' commit interval under exactly-once, should the application's configs not say. */
    private static final long DEFAULT_FRESH_MS = 100;

    private final String queueStoreName;
    private final int maxBatch;
    private final Duration maxWait;
    private final FlushControl flushControl;
    private final String deadLettersSink;

    protected ProcessorContext<String, byte[]> context;
    private KeyValueStore<Long, Q> queue;
    /**
     * The queue's contents in order, kept beside the store: the store is the durable copy (changelogged, restored
     * after a crash) and is only written, while batches are taken from here. Reading them back through the store's
     * cache and iterator, deserialising each window, cost more than the write.
     */
    private final ArrayDeque<Queued<Q>> pending = new ArrayDeque<>();
    private long nextSeq;
    private int queued;
    private boolean nullDeletes = true;
    /** A batch whose oldest record is at most this old when it runs on the clock commits at once (the commit interval). */
    private long freshMs;
    /** Wall-clock time the oldest queued item was queued (or this task started, for restored ones). */
    private long oldestQueuedMs;

    protected MicroBatchProcessor(String queueStoreName, int maxBatch, Duration maxWait, FlushControl flushControl, String deadLettersSink) {
        this.queueStoreName = queueStoreName;
        this.maxBatch = maxBatch;
        this.maxWait = maxWait;
        this.flushControl = flushControl;
        this.deadLettersSink = deadLettersSink;
    }

    @Override
    public final void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.queue = context.getStateStore(queueStoreName);
        pending.clear();
        nextSeq = 0;
        queued = 0;
        try (KeyValueIterator<Long, Q> it = queue.all()) {
            while (it.hasNext()) {
                KeyValue<Long, Q> e = it.next();
                pending.add(new Queued<>(e.key, e.value, UNKNOWN)); // restored: treated as not fresh
                nextSeq = Math.max(nextSeq, e.key + 1);
                queued++;
            }
        }
        flushControl.queued(queued);
        oldestQueuedMs = context.currentSystemTimeMs();
        Object interval = context.appConfigs().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        freshMs = interval instanceof Number n ? n.longValue() : DEFAULT_FRESH_MS;
        context.schedule(tick(maxWait), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (queued > 0 && (flushControl.draining() || now - oldestQueuedMs >= maxWait.toMillis())) {
                long oldestRecord = pending.peekFirst().recordTimestamp();
                flush();
                // The batch ran on the clock and its records are younger than a commit interval: the stream keeps up
                // with its input, so commit now and let read_committed consumers see these outputs within
                // milliseconds instead of at the next commit.interval.ms. Behind its input (a backlog, or records
                // stamped with old event times) it leaves commits to the interval, so transactions stay few exactly
                // when throughput matters. A commit holds the thread up for its duration, so when early commits
                // cost more than the stream can spare, records age past the bound and the early commits stop.
                if (oldestRecord != UNKNOWN && now - oldestRecord <= freshMs) {
                    context.commit();
                }
            }
        });
        initState(context);
    }

    /**
     * How often the wall-clock check runs: a quarter of max-wait (at least 1 ms, at most 100 ms), so a batch runs
     * within 25% of max-wait after its first item and a shutdown drain is quick.
     */
    static Duration tick(Duration maxWait) {
        long quarter = maxWait.toMillis() / 4;
        return Duration.ofMillis(Math.max(1, Math.min(MAX_TICK.toMillis(), quarter)));
    }

    /** Opens the subclass's own stores. */
    protected abstract void initState(ProcessorContext<String, byte[]> context);

    /** Runs one batch, oldest item first; every item must be answered with a result or a dead letter. */
    protected abstract void runBatch(List<Q> items);

    /**
     * Queues an item; runs the batch when it is full or the application is draining. Without the input record's
     * timestamp ({@link #enqueue(Object, long)}), a batch of it never commits early.
     */
    protected final void enqueue(Q item) {
        enqueue(item, UNKNOWN);
    }

    /**
     * Queues an item for the record with timestamp {@code recordTimestamp}; runs the batch when it is full or the
     * application is draining. A batch that runs on the clock while its records are fresh requests a commit.
     */
    protected final void enqueue(Q item, long recordTimestamp) {
        long seq = nextSeq++;
        queue.put(seq, item);
        pending.add(new Queued<>(seq, item, recordTimestamp));
        flushControl.queued(1);
        if (queued == 0) {
            oldestQueuedMs = context.currentSystemTimeMs();
        }
        if (++queued >= maxBatch || flushControl.draining()) {
            flush();
        }
    }

    /** Where the record being processed came from, for a later dead letter. */
    protected final DeadLetterMessage.Source currentSource() {
        return context.recordMetadata()
                .map(m -> new DeadLetterMessage.Source(m.topic(), m.partition(), m.offset()))
                .orElse(new DeadLetterMessage.Source(null, -1, -1));
    }

    /** Writes a dead letter for a queued item, whose original bytes are no longer at hand: {@code text} restates it. */
    protected final void deadLetter(String key, DeadLetterMessage.Source source, long recordTimestamp, ErrorCode code,
                                    String message, String text) {
        DeadLetterMessage letter = new DeadLetterMessage(new DeadLetterMessage.Error(code.name(), message), source,
                Instant.ofEpochMilli(context.currentSystemTimeMs()), key, text,
                Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        context.forward(new Record<>(key, Json.bytes(letter), recordTimestamp), deadLettersSink);
    }

    /**
     * Runs one batch: the oldest {@code maxBatch} queued items at most. A batch runs inside the stream thread's
     * open transaction, so bounding it bounds the transaction too (a transaction older than
     * {@code transaction.timeout.ms} is aborted by the broker and its producer fenced); a longer queue, as after
     * a restore or while draining, goes one batch per punctuation, with a commit between.
     */
    private void flush() {
        if (queued == 0) {
            return;
        }
        int n = Math.min(queued, maxBatch);
        List<Q> items = new ArrayList<>(n);
        java.util.Iterator<Queued<Q>> it = pending.iterator();
        for (int i = 0; i < n; i++) {
            items.add(it.next().item());
        }
        runBatch(items);
        for (int i = 0; i < n; i++) {
            remove(pending.removeFirst().seq());
        }
        flushControl.queued(-n);
        queued -= n;
        if (queued > 0) {
            oldestQueuedMs = context.currentSystemTimeMs() - maxWait.toMillis(); // the rest is overdue
        }
    }

    /**
     * Deletes a queued item from the store: {@code put(key, null)}, a delete that does not read and deserialise the
     * old value first, when the item serde maps null to null (Kafka's convention, followed by ours); otherwise
     * {@code delete}, as the serializer is called before anything is written.
     */
    private void remove(long seq) {
        if (nullDeletes) {
            try {
                queue.put(seq, null);
                return;
            } catch (NullPointerException e) {
                nullDeletes = false;
            }
        }
        queue.delete(seq);
    }

    @Override
    public void close() {
        flushControl.queued(-queued); // what is still queued stays in the changelogged store, not in this count
    }

    private record Queued<Q>(long seq, Q item, long recordTimestamp) {
    }
}

package io.streamcast.app.topology;

import io.streamcast.app.messages.DeadLetterMessage;
import io.streamcast.app.messages.ErrorCode;
import io.streamcast.app.messages.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A processor that queues work for a model and runs it in micro-batches: when {@code maxBatch} items wait, when
 * the oldest has waited {@code maxWait} (wall clock), or at once while the application drains for shutdown.
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

    private final String queueStoreName;
    private final int maxBatch;
    private final Duration maxWait;
    private final FlushControl flushControl;
    private final String deadLettersSink;

    protected ProcessorContext<String, byte[]> context;
    private KeyValueStore<Long, Q> queue;
    private long nextSeq;
    private int queued;
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
        try (KeyValueIterator<Long, Q> it = queue.all()) {
            while (it.hasNext()) {
                nextSeq = Math.max(nextSeq, it.next().key + 1);
                queued++;
            }
        }
        flushControl.queued(queued);
        oldestQueuedMs = context.currentSystemTimeMs();
        // check often, so a batch runs close to max-wait after its first item and a shutdown drain is quick
        Duration tick = maxWait.compareTo(MAX_TICK) < 0 ? maxWait : MAX_TICK;
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (queued > 0 && (flushControl.draining() || now - oldestQueuedMs >= maxWait.toMillis())) {
                flush();
            }
        });
        initState(context);
    }

    /** Opens the subclass's own stores. */
    protected abstract void initState(ProcessorContext<String, byte[]> context);

    /** Runs one batch, oldest item first; every item must be answered with a result or a dead letter. */
    protected abstract void runBatch(List<Q> items);

    /** Queues an item; runs the batch when it is full or the application is draining. */
    protected final void enqueue(Q item) {
        queue.put(nextSeq++, item);
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
        List<KeyValue<Long, Q>> entries = new ArrayList<>(Math.min(queued, maxBatch));
        try (KeyValueIterator<Long, Q> it = queue.all()) {
            while (it.hasNext() && entries.size() < maxBatch) {
                entries.add(it.next());
            }
        }
        List<Q> items = new ArrayList<>(entries.size());
        entries.forEach(e -> items.add(e.value));
        runBatch(items);
        entries.forEach(e -> queue.delete(e.key));
        flushControl.queued(-entries.size());
        queued -= entries.size();
        if (queued > 0) {
            oldestQueuedMs = context.currentSystemTimeMs() - maxWait.toMillis(); // the rest is overdue
        }
    }

    @Override
    public void close() {
        flushControl.queued(-queued); // what is still queued stays in the changelogged store, not in this count
    }
}

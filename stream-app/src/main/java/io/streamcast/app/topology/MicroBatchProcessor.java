package io.streamcast.app.topology;

import io.streamcast.app.messages.DeadLetterMessage;
import io.streamcast.app.messages.ErrorCode;
import io.streamcast.app.messages.Json;
import io.streamcast.models.runtime.NativeThreads;
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
 * outputs: items queued when the transaction commits survive a crash and run after the restart. An item leaves the
 * store only when its result (or dead letter) is forwarded, in its own task.
 *
 * <p>Two ways to run a batch:
 * <ul>
 *   <li><b>Shared by the thread's tasks</b> (a subclass that returns a {@link #sharedBatchKey}): the items of every
 *       task of the stream thread with the same key count towards one batch, which runs through the model in one
 *       call ({@link #infer}, on whichever task's processor triggered it); each task then forwards its own items'
 *       results in its own context ({@link #emit}): the triggering task at once, the others at their next
 *       punctuation, in queue order. With several partitions per thread, per-task batches had been a fraction of
 *       the size the load allowed: a text classifier's median batch was 11 where the thread had 60 waiting.</li>
 *   <li><b>Per task</b> (otherwise): {@link #runBatch} runs and answers the task's own batch, as a pipeline whose
 *       per-series state must be read between model calls (the anomaly detector) needs.</li>
 * </ul>
 *
 * <p>Public so that pipelines in other packages (the classifiers) queue the same way.
 *
 * @param <I> the input value type
 * @param <Q> the queued item type
 * @param <R> what {@link #infer} returns for a batch (shared batches only)
 */
public abstract class MicroBatchProcessor<I, Q, R> implements Processor<String, I, String, byte[]> {
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
     * The queue's items not yet run through the model, in order, kept beside the store: the store is the durable
     * copy (changelogged, restored after a crash) and is only written, while batches are taken from here. Reading
     * them back through the store's cache and iterator, deserialising each window, cost more than the write.
     */
    private final ArrayDeque<Queued<Q>> pending = new ArrayDeque<>();
    /** Items a shared batch has run, with their results, waiting to be forwarded in this task's context. */
    private final ArrayDeque<Done<Q, R>> ready = new ArrayDeque<>();
    private long nextSeq;
    private boolean nullDeletes = true;
    /** A batch whose oldest record is at most this old when it runs on the clock commits at once (the commit interval). */
    private long freshMs;
    /** This task's batch: of its own, or shared with the thread's other tasks of the same key. */
    private Batch batch;

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
        ready.clear();
        nextSeq = 0;
        try (KeyValueIterator<Long, Q> it = queue.all()) {
            while (it.hasNext()) {
                KeyValue<Long, Q> e = it.next();
                pending.add(new Queued<>(e.key, e.value, UNKNOWN)); // restored: treated as not fresh
                nextSeq = Math.max(nextSeq, e.key + 1);
            }
        }
        flushControl.queued(pending.size());
        Object interval = context.appConfigs().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        freshMs = interval instanceof Number n ? n.longValue() : DEFAULT_FRESH_MS;
        if (batch != null) {
            batch.leave(this);
        }
        batch = null; // joined on the stream thread at first use
        context.schedule(tick(maxWait), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
        initState(context);
    }

    private void punctuate(long now) {
        Batch b = batch();
        long oldestRecord = emitReady();
        if (b.queued > 0 && (flushControl.draining() || now - b.oldestQueuedMs >= maxWait.toMillis())) {
            oldestRecord = older(oldestRecord, run(b, true));
        }
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

    /**
     * The key under which this processor's items share batches with those of the other tasks of its stream thread
     * (e.g. the pipeline's model source), or null to batch per task with {@link #runBatch}.
     */
    protected Object sharedBatchKey() {
        return null;
    }

    /**
     * Runs a batch through the model: items of one or several tasks of this thread, oldest first. Called on the
     * processor of whichever task triggered the batch, so it must not forward or touch stores; a failing item gets a
     * failure result rather than an exception.
     */
    protected R infer(List<Q> items) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not share batches");
    }

    /**
     * Answers this task's {@code items} in its own context (a result or a dead letter each): item {@code i}'s
     * result is entry {@code from + i} of {@code result}.
     */
    protected void emit(List<Q> items, R result, int from) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not share batches");
    }

    /**
     * Runs and answers one batch of this task's items, oldest first, when it does not share batches; every item must
     * be answered with a result or a dead letter.
     */
    protected void runBatch(List<Q> items) {
        emit(items, infer(items), 0);
    }

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
        Batch b = batch();
        emitReady(); // answers already computed go first: a task's outputs stay in queue order
        long seq = nextSeq++;
        queue.put(seq, item);
        pending.add(new Queued<>(seq, item, recordTimestamp));
        flushControl.queued(1);
        if (b.queued++ == 0) {
            b.oldestQueuedMs = context.currentSystemTimeMs();
        }
        if (b.queued >= maxBatch || flushControl.draining()) {
            run(b, false);
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

    /** This task's batch, joined on first use from the stream thread that runs the task. */
    private Batch batch() {
        if (batch == null) {
            Object key = sharedBatchKey();
            batch = key == null ? new Batch() : Batch.SHARED.get().computeIfAbsent(key, k -> new Batch());
            batch.join(this);
        }
        return batch;
    }

    /**
     * Runs one batch: the oldest {@code maxBatch} waiting items at most (oldest task first when shared), and answers
     * this task's share of it at once. A batch runs inside the stream thread's open transaction, so bounding it
     * bounds the transaction too (a transaction older than {@code transaction.timeout.ms} is aborted by the broker
     * and its producer fenced); a longer queue, as after a restore or while draining, goes one batch per
     * punctuation, with a commit between. Returns the timestamp of the oldest record answered here when the batch
     * ran {@code onClock}, else {@link #UNKNOWN}.
     */
    private long run(Batch b, boolean onClock) {
        int n = Math.min(b.queued, maxBatch);
        if (n == 0) {
            return UNKNOWN;
        }
        if (b.members.size() == 1 && sharedBatchKey() == null) {
            List<Q> items = new ArrayList<>(n);
            java.util.Iterator<Queued<Q>> it = pending.iterator();
            long oldest = pending.peekFirst().recordTimestamp();
            for (int i = 0; i < n; i++) {
                items.add(it.next().item());
            }
            NativeThreads.onThisThread();
            runBatch(items);
            for (int i = 0; i < n; i++) {
                remove(pending.removeFirst().seq());
            }
            flushControl.queued(-n);
            b.ran(n, maxWait, context.currentSystemTimeMs());
            return onClock ? oldest : UNKNOWN;
        }
        // the members in the order of their oldest waiting item, each contributing its items oldest first
        List<MicroBatchProcessor<?, ?, ?>> order = new ArrayList<>(b.members);
        order.removeIf(m -> m.pending.isEmpty());
        order.sort(java.util.Comparator.comparingLong(m -> m.pending.peekFirst().queuedAtMs()));
        List<Q> items = new ArrayList<>(n);
        int[] counts = new int[order.size()];
        for (int m = 0; m < order.size() && items.size() < n; m++) {
            @SuppressWarnings("unchecked")
            MicroBatchProcessor<I, Q, R> member = (MicroBatchProcessor<I, Q, R>) order.get(m);
            for (Queued<Q> q : member.pending) {
                if (items.size() == n) {
                    break;
                }
                items.add(q.item());
                counts[m]++;
            }
        }
        if (items.isEmpty()) {
            return UNKNOWN;
        }
        NativeThreads.onThisThread(); // the stream thread's OpenMP threads per op, as the process set them
        R result = infer(items);
        int from = 0;
        for (int m = 0; m < order.size(); m++) {
            @SuppressWarnings("unchecked")
            MicroBatchProcessor<I, Q, R> member = (MicroBatchProcessor<I, Q, R>) order.get(m);
            List<Queued<Q>> share = new ArrayList<>(counts[m]);
            for (int i = 0; i < counts[m]; i++) {
                share.add(member.pending.removeFirst());
            }
            if (!share.isEmpty()) {
                member.ready.add(new Done<>(share, result, from, onClock));
            }
            from += counts[m];
        }
        b.ran(items.size(), maxWait, context.currentSystemTimeMs());
        return emitReady();
    }

    /**
     * Forwards the answers a shared batch computed for this task, in queue order, and takes their items off the
     * queue. Returns the timestamp of the oldest record answered from a batch that ran on the clock, or
     * {@link #UNKNOWN} (none, or not known).
     */
    private long emitReady() {
        long oldest = UNKNOWN;
        while (!ready.isEmpty()) {
            Done<Q, R> done = ready.removeFirst();
            List<Q> items = new ArrayList<>(done.items().size());
            for (Queued<Q> q : done.items()) {
                items.add(q.item());
            }
            if (done.onClock()) {
                oldest = older(oldest, done.items().get(0).recordTimestamp());
            }
            emit(items, done.result(), done.from());
            for (Queued<Q> q : done.items()) {
                remove(q.seq());
            }
            flushControl.queued(-items.size());
        }
        return oldest;
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
        // what is still queued stays in the changelogged store, not in this count
        flushControl.queued(-(pending.size() + ready.stream().mapToInt(d -> d.items().size()).sum()));
        if (batch != null) {
            batch.leave(this);
            batch = null;
        }
    }

    private record Queued<Q>(long seq, Q item, long recordTimestamp, long queuedAtMs) {
        Queued(long seq, Q item, long recordTimestamp) {
            this(seq, item, recordTimestamp, System.currentTimeMillis());
        }
    }

    /** The older of two record timestamps, either of which may be {@link #UNKNOWN}. */
    private static long older(long a, long b) {
        return a == UNKNOWN ? b : b == UNKNOWN ? a : Math.min(a, b);
    }

    /**
     * Items of a task that a shared batch ran: item {@code i}'s answer is entry {@code from + i} of {@code result};
     * {@code onClock} when the batch ran because its oldest item had waited long enough, not because it was full.
     */
    private record Done<Q, R>(List<Queued<Q>> items, R result, int from, boolean onClock) {
    }

    /**
     * The items waiting for the model across the processors that batch together: one task's alone, or all tasks of
     * one stream thread with the same key. Used from that thread only.
     */
    private static final class Batch {
        /** Shared batches by key, per stream thread. */
        static final ThreadLocal<java.util.Map<Object, Batch>> SHARED = ThreadLocal.withInitial(java.util.HashMap::new);

        final java.util.Set<MicroBatchProcessor<?, ?, ?>> members = new java.util.LinkedHashSet<>();
        /** Items waiting across the members (not yet run). */
        int queued;
        /** Wall-clock time the oldest waiting item was queued (or a member joined, for restored ones). */
        long oldestQueuedMs;

        void join(MicroBatchProcessor<?, ?, ?> member) {
            if (members.add(member) && !member.pending.isEmpty()) {
                if (queued == 0) {
                    oldestQueuedMs = member.context.currentSystemTimeMs();
                }
                queued += member.pending.size();
            }
        }

        void leave(MicroBatchProcessor<?, ?, ?> member) {
            if (members.remove(member)) {
                queued -= member.pending.size();
            }
        }

        void ran(int n, Duration maxWait, long nowMs) {
            queued -= n;
            if (queued > 0) {
                oldestQueuedMs = nowMs - maxWait.toMillis(); // the rest is overdue
            }
        }
    }
}

package io.streamcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The tasks of one stream thread share batches: their waiting items count towards one batch, which runs through the
 * model in one call; each task forwards only its own items' answers, in its own context, in queue order, and an item
 * leaves its task's queue store only once answered.
 */
class SharedBatchTest {
    private static final int MAX_BATCH = 4;
    private static final Duration MAX_WAIT = Duration.ofMillis(10);
    private static final long NOW = Instant.parse("2026-01-02T10:00:00Z").toEpochMilli();

    /** The model calls, each with the items it got. */
    private final List<List<String>> calls = new ArrayList<>();

    /** A toy pipeline: the model upper-cases its inputs; an answer is forwarded as "task:ANSWER". */
    private final class Upper extends MicroBatchProcessor<String, String, List<String>> {
        private final Object key;
        private final String task;

        Upper(Object key, String task) {
            super("queue", MAX_BATCH, MAX_WAIT, new FlushControl(), "dead-letters");
            this.key = key;
            this.task = task;
        }

        @Override
        protected void initState(org.apache.kafka.streams.processor.api.ProcessorContext<String, byte[]> context) {
        }

        @Override
        public void process(Record<String, String> record) {
            enqueue(record.value(), record.timestamp());
        }

        @Override
        protected Object sharedBatchKey() {
            return key;
        }

        @Override
        protected List<String> infer(List<String> items) {
            calls.add(List.copyOf(items));
            return items.stream().map(String::toUpperCase).toList();
        }

        @Override
        protected void emit(List<String> items, List<String> result, int from) {
            for (int i = 0; i < items.size(); i++) {
                context.forward(new Record<>(items.get(i), (task + ":" + result.get(from + i)).getBytes(), NOW));
            }
        }
    }

    private record Task(MockProcessorContext<String, byte[]> context, KeyValueStore<Long, String> queue, Upper processor) {
        void send(String value) {
            processor.process(new Record<>(value, value, context.currentSystemTimeMs()));
        }

        List<String> forwarded() {
            return context.forwarded().stream().map(f -> new String(f.record().value())).toList();
        }

        int queued() {
            int n = 0;
            try (KeyValueIterator<Long, String> it = queue.all()) {
                for (; it.hasNext(); it.next()) {
                    n++;
                }
            }
            return n;
        }

        void punctuateAt(long wallClockMs) {
            context.setCurrentSystemTimeMs(wallClockMs);
            context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(wallClockMs));
        }
    }

    private Task task(Object key, String name) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "shared-batch-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        MockProcessorContext<String, byte[]> context = new MockProcessorContext<>(props);
        context.setCurrentSystemTimeMs(NOW);
        KeyValueStore<Long, String> queue = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("queue"),
                Serdes.Long(), Serdes.String()).withLoggingDisabled().build();
        queue.init(context.getStateStoreContext(), queue);
        context.addStateStore(queue);
        Upper processor = new Upper(key, name);
        processor.init(context);
        return new Task(context, queue, processor);
    }

    @Test
    void shouldRunTheItemsOfAllTasksOfTheThreadInOneCallAndLetEachTaskAnswerItsOwn() {
        Object pipeline = new Object();
        Task a = task(pipeline, "a");
        Task b = task(pipeline, "b");
        a.send("a1");
        a.send("a2");
        b.send("b1");
        assertThat(calls).isEmpty();

        b.send("b2"); // the thread now has a full batch
        assertThat(calls).containsExactly(List.of("a1", "a2", "b1", "b2"));
        assertThat(b.forwarded()).containsExactly("b:B1", "b:B2");
        assertThat(b.queued()).isZero();
        assertThat(a.forwarded()).as("a answers in its own context, at its next punctuation").isEmpty();
        assertThat(a.queued()).as("until answered, an item stays in its task's queue store").isEqualTo(2);

        a.punctuateAt(NOW + 1);
        assertThat(a.forwarded()).containsExactly("a:A1", "a:A2");
        assertThat(a.queued()).isZero();
        assertThat(calls).hasSize(1);
    }

    @Test
    void shouldRunWhatTheThreadHasWaitingWhenTheOldestHasWaitedMaxWait() {
        Object pipeline = new Object();
        Task a = task(pipeline, "a");
        Task b = task(pipeline, "b");
        a.send("a1");
        b.send("b1");
        a.punctuateAt(NOW + MAX_WAIT.toMillis() - 1);
        assertThat(calls).isEmpty();

        a.punctuateAt(NOW + MAX_WAIT.toMillis());
        assertThat(calls).containsExactly(List.of("a1", "b1"));
        assertThat(a.forwarded()).containsExactly("a:A1");
        b.punctuateAt(NOW + MAX_WAIT.toMillis());
        assertThat(b.forwarded()).containsExactly("b:B1");
        assertThat(a.context().committed() && b.context().committed())
                .as("fresh records answered on the clock are committed at once").isTrue();
    }

    @Test
    void shouldKeepAnswersInQueueOrderWhenATaskQueuesMoreBeforeItsPunctuation() {
        Object pipeline = new Object();
        Task a = task(pipeline, "a");
        Task b = task(pipeline, "b");
        a.send("a1");
        b.send("b1");
        b.send("b2");
        b.send("b3"); // runs a1, b1..b3
        a.send("a2"); // a first answers a1, then queues a2
        assertThat(a.forwarded()).containsExactly("a:A1");
        a.punctuateAt(NOW + MAX_WAIT.toMillis());
        assertThat(a.forwarded()).containsExactly("a:A1", "a:A2");
    }

    @Test
    void shouldNotShareAcrossPipelinesAndForgetATaskThatCloses() {
        Task a = task(new Object(), "a");
        Task b = task(new Object(), "b");
        Task c = task(b.processor().sharedBatchKey(), "c");
        a.send("a1");
        a.send("a2");
        b.send("b1");
        b.send("b2");
        c.send("c1");
        assertThat(calls).isEmpty();

        c.processor().close(); // its item stays in its store for the task's next owner, and leaves the count
        b.send("b3");
        assertThat(calls).isEmpty();
        b.send("b4");
        assertThat(calls).containsExactly(List.of("b1", "b2", "b3", "b4"));
        assertThat(a.forwarded()).isEmpty();
        assertThat(c.queued()).isEqualTo(1);
    }
}

package io.streamcast.app.classify;

import io.streamcast.app.topology.FlushControl;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * A classification pipeline's part of the topology: {@code <input topic>} → decode and validate → micro-batch queue
 * (changelogged) → batched inference → {@code <output topic>}; bad input goes to the dead-letter topic through the
 * application's processing-exception handler, model failures through the pipeline's own dead-letter sink. Node and
 * store names carry the pipeline's name, so several pipelines share one topology. Adds nodes only: starts nothing.
 */
public final class ClassifyTopology {
    private ClassifyTopology() {
    }

    /** Node names of a pipeline, e.g. {@code image-source}, {@code image-decode}, {@code image-classify}. */
    public static String source(String pipeline) {
        return pipeline + "-source";
    }

    public static String decode(String pipeline) {
        return pipeline + "-decode";
    }

    public static String classify(String pipeline) {
        return pipeline + "-classify";
    }

    public static String sink(String pipeline) {
        return pipeline + "-classes-sink";
    }

    public static String deadLetterSink(String pipeline) {
        return pipeline + "-failures-sink";
    }

    /** Inputs waiting for the next batch: changelogged, so a queued input survives a crash. */
    public static String queueStore(String pipeline) {
        return pipeline + "-classify-pending";
    }

    /**
     * Adds the pipeline's nodes to {@code topology}.
     *
     * @param deadLettersTopic where model failures go
     * @param maxBatch         inputs per inference call at most
     * @param maxWait          how long the oldest queued input waits for a fuller batch
     * @param flushControl     the application's, so a shutdown flushes queued inputs first
     */
    public static <X> Topology addTo(Topology topology, ClassifierPipeline<X> pipeline, String deadLettersTopic,
                                     int maxBatch, Duration maxWait, FlushControl flushControl) {
        String name = pipeline.name();
        topology.addSource(source(name), Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                pipeline.settings().inputTopic());
        topology.addProcessor(decode(name), () -> new DecodeProcessor<>(pipeline), source(name));
        topology.addProcessor(classify(name), () -> new ClassifyProcessor<>(pipeline, queueStore(name), maxBatch, maxWait,
                flushControl, sink(name), deadLetterSink(name)), decode(name));
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(queueStore(name)),
                Serdes.Long(), PendingInput.serde()).withCachingEnabled(), classify(name));
        topology.addSink(sink(name), pipeline.settings().outputTopic(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), classify(name));
        topology.addSink(deadLetterSink(name), deadLettersTopic, Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), classify(name));
        return topology;
    }
}

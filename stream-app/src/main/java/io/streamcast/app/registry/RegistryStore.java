package io.streamcast.app.registry;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The registry topic as a Kafka Streams global store: every instance reads all of it, whatever partitions it
 * owns, and Kafka Streams reads it to its end before any stream task processes a record, so an instance starts
 * with the last promoted models. Each record is handed to {@link ModelRegistry#offer}; only records it serves
 * are kept in the store.
 */
public final class RegistryStore {
    public static final String STORE = "streamcast-models-store";
    private static final String SOURCE = "models-source";
    private static final String PROCESSOR = "models-registry";

    private RegistryStore() {
    }

    /** Adds the global store reading {@code topic} to the topology. */
    public static Topology addTo(Topology topology, String topic, ModelRegistry registry) {
        StoreBuilder<KeyValueStore<String, byte[]>> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled();
        return topology.addGlobalStore(store, SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topic, PROCESSOR, () -> new Updater(registry));
    }

    private static final class Updater implements Processor<String, byte[], Void, Void> {
        private final ModelRegistry registry;
        private KeyValueStore<String, byte[]> store;

        Updater(ModelRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
            // records restored into the store without passing through process() are offered here
            try (KeyValueIterator<String, byte[]> it = store.all()) {
                while (it.hasNext()) {
                    var kv = it.next();
                    registry.offer(kv.key, kv.value);
                }
            }
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (registry.offer(record.key(), record.value()) == ModelRegistry.Outcome.SERVED && record.key() != null) {
                store.put(record.key(), record.value());
            }
        }
    }
}

package io.streamcast.app.registry;

import io.streamcast.app.runtime.Topics;
import io.streamcast.models.artifact.InvalidArtifactException;
import io.streamcast.models.artifact.ModelArtifact;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes artifacts to the registry topic and reads it back, for the trainer and the command line.
 *
 * <p>Large artifacts: the topic is created with {@code max.message.bytes} = {@code streamcast.registry.max-artifact-bytes}
 * (64 MiB by default) and the producer sends requests up to that size, so an artifact above the broker's default
 * limit (~1 MiB) is one record; consumers fetch it whole, since a fetch always returns at least one record batch.
 */
public final class RegistryClient implements AutoCloseable {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** Room for the record's key, headers and batch framing above the artifact itself. */
    private static final int FRAMING_BYTES = 64 * 1024;

    private final Map<String, Object> client;
    private final String topic;
    private final int maxArtifactBytes;
    private KafkaProducer<String, byte[]> producer;

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param clientProperties security and other client settings, passed through
     * @param topic            the registry topic
     * @param maxArtifactBytes the largest artifact to publish
     */
    public RegistryClient(String bootstrapServers, Map<String, Object> clientProperties, String topic, int maxArtifactBytes) {
        this.client = new HashMap<>(clientProperties);
        this.client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.topic = topic;
        this.maxArtifactBytes = maxArtifactBytes;
    }

    /** Creates the compacted registry topic when it is missing. */
    public void ensureTopic() {
        try (Admin admin = Admin.create(adminProperties())) {
            Topics.ensure(admin, List.of(Topics.registry(topic, maxArtifactBytes + FRAMING_BYTES)));
        }
    }

    /**
     * A model name's state in the registry: its latest record that verifies (what serving instances use), and
     * the latest refused record after it, if any.
     *
     * @param name     the model name (record key)
     * @param offset   offset of the record described ({@code artifact} when valid, else the refused one)
     * @param artifact the latest verified artifact, or null when no record of the name verifies
     * @param refused  why the latest record after it was refused, or null
     */
    public record Entry(String name, long offset, Instant timestamp, int bytes, ModelArtifact artifact, String refused) {
        public boolean valid() {
            return artifact != null;
        }
    }

    /** Publishes an artifact under its card's name; returns where it was written. */
    public RecordMetadata publish(ModelArtifact artifact, Optional<byte[]> signingKey) {
        byte[] bytes = artifact.toBytes(signingKey);
        if (bytes.length > maxArtifactBytes) {
            throw new IllegalArgumentException("the artifact of " + artifact.card().name() + " is " + bytes.length
                    + " bytes, above streamcast.registry.max-artifact-bytes=" + maxArtifactBytes);
        }
        ensureTopic();
        try {
            return producer().send(new ProducerRecord<>(topic, artifact.card().name(), bytes)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish " + artifact.card().name() + " v" + artifact.card().version()
                    + " to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    /** Publishes raw bytes under a key, as any producer could (tests of what the registry refuses). */
    public RecordMetadata publishRaw(String key, byte[] value) throws ExecutionException, InterruptedException {
        ensureTopic();
        return producer().send(new ProducerRecord<>(topic, key, value)).get();
    }

    /**
     * The latest record of every model name in the topic, read to its end and verified with the key given;
     * an empty map when the topic does not exist yet.
     */
    public Map<String, Entry> latest(Optional<byte[]> signingKey) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Entry> out = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            var infos = consumer.partitionsFor(topic, READ_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return Map.of();
            }
            List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (parts.stream().anyMatch(p -> consumer.position(p, READ_TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null) {
                        if (r.value() == null) {
                            out.remove(r.key());
                        } else {
                            add(out, r, signingKey);
                        }
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka to read " + topic + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static void add(Map<String, Entry> out, ConsumerRecord<String, byte[]> r, Optional<byte[]> signingKey) {
        Instant at = Instant.ofEpochMilli(r.timestamp());
        try {
            out.put(r.key(), new Entry(r.key(), r.offset(), at, r.value().length, ModelArtifact.fromBytes(r.value(), signingKey), null));
        } catch (InvalidArtifactException e) {
            Entry before = out.get(r.key());
            String why = e.reason().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage();
            out.put(r.key(), before != null && before.valid()
                    ? new Entry(r.key(), before.offset(), before.timestamp(), before.bytes(), before.artifact(), why)
                    : new Entry(r.key(), r.offset(), at, r.value().length, null, why));
        }
    }

    /** The version a new artifact of {@code name} should get: one above the latest in the registry. */
    public long nextVersion(String name, Optional<byte[]> signingKey) {
        Entry e = latest(signingKey).get(name);
        return e == null || !e.valid() ? 1 : e.artifact().card().version() + 1;
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(client);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxArtifactBytes + FRAMING_BYTES);
            props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L << 20, 2L * (maxArtifactBytes + FRAMING_BYTES)));
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private Map<String, Object> adminProperties() {
        return client;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}

package io.streamcast.app.produce;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes keyed records (e.g. images or texts as JSON) to one topic at an optional rate. Idempotent producer with
 * {@code acks=all}: a retry never duplicates a record.
 */
public final class RecordPublisher implements AutoCloseable {
    /** One record to publish. */
    public record Keyed(String key, byte[] value) {
    }

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public RecordPublisher(String bootstrapServers, Map<String, Object> clientProperties, String topic) {
        Map<String, Object> props = new LinkedHashMap<>(clientProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends one record without waiting. */
    public void send(String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    /**
     * Publishes the records, at most {@code ratePerSecond} per second (0 = as fast as possible), and waits until the
     * broker has acknowledged all of them.
     *
     * @return how many were published
     */
    public long publish(Iterator<Keyed> records, double ratePerSecond) {
        long start = System.nanoTime();
        long n = 0;
        while (records.hasNext()) {
            Keyed r = records.next();
            if (ratePerSecond > 0) {
                long wait = start + (long) (n * 1e9 / ratePerSecond) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing, not synchronisation
                }
            }
            producer.send(new ProducerRecord<>(topic, r.key(), r.value()));
            n++;
        }
        producer.flush();
        return n;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}

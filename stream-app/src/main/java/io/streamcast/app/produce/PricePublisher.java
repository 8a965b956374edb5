package io.streamcast.app.produce;

import io.streamcast.app.messages.Json;
import io.streamcast.models.data.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes series points to a {@code prices}-format topic, keyed by series, in time order across series,
 * at an optional rate. Idempotent producer with {@code acks=all}: a retry never duplicates a point.
 */
public final class PricePublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public PricePublisher(String bootstrapServers, Map<String, Object> clientProperties, String topic) {
        Map<String, Object> props = new LinkedHashMap<>(clientProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** One point to publish. */
    public record Point(String series, Instant ts, double value) {
    }

    /**
     * The points of the given series in time order (ties in series order). Series whose time column was not a
     * date ({@link TimeSeries.TimeKind#ORDINAL}: decimal years, row indices) get one point per {@code step},
     * the last at {@code end}, so their order is kept and the times are real instants.
     */
    public static List<Point> points(List<TimeSeries> series, Duration step, Instant end) {
        List<Point> out = new ArrayList<>();
        for (TimeSeries s : series) {
            for (int i = 0; i < s.size(); i++) {
                Instant ts = s.timeKind() == TimeSeries.TimeKind.INSTANT
                        ? Instant.ofEpochMilli(s.timestamps()[i])
                        : end.minus(step.multipliedBy(s.size() - 1L - i));
                out.add(new Point(s.id(), ts, s.values()[i]));
            }
        }
        out.sort(Comparator.comparing(Point::ts)); // stable: ties keep series order
        return out;
    }

    /** The JSON value of a point, as on the {@code prices} topic. */
    public static byte[] json(Point p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("series", p.series());
        m.put("ts", p.ts().toString());
        m.put("value", p.value());
        return Json.bytes(m);
    }

    /** Sends one record as is (for bad-record injection and tests). */
    public void sendRaw(String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    /**
     * Publishes the points, at most {@code ratePerSecond} per second (0 = as fast as possible), and waits
     * until the broker has acknowledged all of them.
     *
     * @return how many were published
     */
    public long publish(List<Point> points, double ratePerSecond) {
        long start = System.nanoTime();
        long n = 0;
        for (Point p : points) {
            if (ratePerSecond > 0) {
                long due = start + (long) (n * 1e9 / ratePerSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing, not synchronisation
                }
            }
            producer.send(new ProducerRecord<>(topic, p.series(), json(p)));
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

package io.streamcast.app.training;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.messages.Json;
import io.streamcast.app.scoring.DriftMonitor;
import io.streamcast.app.scoring.ModelId;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a trainer in its own process: follows the {@code forecast-scores} topic every serving instance writes (from
 * its end, read_committed, no consumer group) and feeds each scored forecast's sMAPE to a {@link DriftMonitor},
 * so the trainer sees the drift of the whole fleet rather than one instance's partitions.
 */
public final class ScoresFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScoresFollower.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final DriftMonitor monitor;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public ScoresFollower(String bootstrapServers, Map<String, Object> clientProperties, String topic, DriftMonitor monitor) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.monitor = monitor;
        this.thread = new Thread(this::run, "streamcast-scores-follower");
        thread.setDaemon(true);
    }

    public ScoresFollower start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> parts = List.of();
            while (running.get() && parts.isEmpty()) {
                var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                parts = infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        JsonNode score = Json.MAPPER.readTree(r.value());
                        JsonNode model = score.get("model");
                        monitor.record(new ModelId(model.get("name").asText(), model.get("version").asLong()),
                                score.get("smape").asDouble(Double.NaN));
                    } catch (java.io.IOException | RuntimeException e) {
                        LOG.debug("unreadable forecast score at {}-{}@{}", r.topic(), r.partition(), r.offset(), e);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("following {} stopped: {}; drift retrains are off until a restart", topic, e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

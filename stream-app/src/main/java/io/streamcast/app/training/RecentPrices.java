package io.streamcast.app.training;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.BadRecordException;
import io.streamcast.app.messages.PriceParser;
import io.streamcast.app.messages.PricePoint;
import io.streamcast.models.artifact.ModelCard.DataRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The recent training set of the forecaster, re-read from the input topic by offset range: the latest
 * {@code streamcast.retrain.max-records-per-partition} records of each partition, parsed and validated as the
 * topology does (bad records and points not after their series' previous one are skipped), in arrival order per
 * series. The offset ranges read go on the model card.
 */
final class RecentPrices {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Series values (oldest first) and the offset ranges they came from. */
    record TrainingSet(Map<String, double[]> series, List<DataRange> ranges, long records) {
        /** Windows of {@code window + horizon} points the series hold. */
        long windows(int window, int horizon) {
            return series.values().stream().mapToLong(s -> Math.max(0, s.length - window - horizon + 1)).sum();
        }
    }

    private final Map<String, Object> client;
    private final String topic;
    private final int maxRecords;
    private final PriceParser parser;

    RecentPrices(String bootstrapServers, Map<String, Object> clientProperties, StreamcastConfig config) {
        this.client = new HashMap<>(clientProperties);
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        client.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        client.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        client.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        this.topic = config.pricesTopic();
        this.maxRecords = config.retrainMaxRecords();
        this.parser = new PriceParser(config.maxPayloadBytes(), config.maxSeriesIdLength(), config.minTimestampMs(),
                config.maxFutureMs(), config.maxAbsValue());
    }

    /** Records available in the read range now, without reading them (to decide whether a training is worth it). */
    long available() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> parts = partitions(consumer);
            consumer.assign(parts);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, TIMEOUT);
            return parts.stream().mapToLong(p -> Math.min(maxRecords, end.get(p) - begin.get(p))).sum();
        }
    }

    TrainingSet read() {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        Map<String, Long> lastTs = new HashMap<>();
        List<DataRange> ranges = new ArrayList<>();
        long records = 0;
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> parts = partitions(consumer);
            consumer.assign(parts);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, TIMEOUT);
            for (TopicPartition p : parts) {
                long from = Math.max(begin.get(p), end.get(p) - maxRecords);
                consumer.seek(p, from);
                if (end.get(p) > from) {
                    ranges.add(new DataRange(topic, p.partition(), from, end.get(p) - 1));
                }
            }
            long now = System.currentTimeMillis();
            long deadline = System.nanoTime() + TIMEOUT.toNanos() * 4;
            while (parts.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the training range of " + topic + " in time");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue; // past the range fixed at the start (the card names exactly what was read)
                    }
                    records++;
                    PricePoint point;
                    try {
                        point = parser.parse(r.key(), r.value(), now);
                    } catch (BadRecordException e) {
                        continue; // dead-lettered by the topology; not training data
                    }
                    Long previous = lastTs.get(point.series());
                    if (previous != null && point.timestampMs() <= previous) {
                        continue; // the topology's rule: duplicates and older points are not part of the series
                    }
                    lastTs.put(point.series(), point.timestampMs());
                    values.computeIfAbsent(point.series(), k -> new ArrayList<>()).add(point.value());
                }
            }
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        values.forEach((k, v) -> series.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return new TrainingSet(series, ranges, records);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(client, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        var infos = consumer.partitionsFor(topic, TIMEOUT);
        return infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }
}

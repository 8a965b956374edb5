package io.streamcast.app.topology;

import io.streamcast.app.messages.DeadLetterMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A point waiting in the anomaly pipeline's micro-batch (changelogged, like {@link PendingForecast}).
 *
 * @param series          series id
 * @param timestampMs     the point's time
 * @param value           the point's value
 * @param recordTimestamp the input record's Kafka timestamp, for end-to-end latency
 * @param source          the input record's coordinates, for a dead letter
 */
record PendingPoint(String series, long timestampMs, double value, long recordTimestamp, DeadLetterMessage.Source source) {

    static Serde<PendingPoint> serde() {
        Serializer<PendingPoint> ser = (topic, p) -> {
            if (p == null) {
                return null; // a delete
            }
            byte[] id = p.series.getBytes(StandardCharsets.UTF_8);
            byte[] topicName = p.source.topic() == null ? new byte[0] : p.source.topic().getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(4 + id.length + 24 + 4 + topicName.length + 12);
            b.putInt(id.length).put(id).putLong(p.timestampMs).putDouble(p.value).putLong(p.recordTimestamp)
                    .putInt(topicName.length).put(topicName).putInt(p.source.partition()).putLong(p.source.offset());
            return b.array();
        };
        Deserializer<PendingPoint> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte[] id = new byte[b.getInt()];
            b.get(id);
            long ts = b.getLong();
            double value = b.getDouble();
            long recordTs = b.getLong();
            byte[] topicName = new byte[b.getInt()];
            b.get(topicName);
            DeadLetterMessage.Source source = new DeadLetterMessage.Source(
                    topicName.length == 0 ? null : new String(topicName, StandardCharsets.UTF_8), b.getInt(), b.getLong());
            return new PendingPoint(new String(id, StandardCharsets.UTF_8), ts, value, recordTs, source);
        };
        return Serdes.serdeFrom(ser, de);
    }
}

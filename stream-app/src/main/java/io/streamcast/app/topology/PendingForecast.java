package io.streamcast.app.topology;

import io.streamcast.app.messages.DeadLetterMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A window waiting in the micro-batch. It is kept in a changelogged store, so a batch that has not run when
 * the transaction commits survives a crash and runs after the restart: batching loses and duplicates nothing.
 *
 * @param series          series id
 * @param lastTimestampMs time of the newest point in the window
 * @param spacingMs       the series' median spacing, for the forecast step times
 * @param recordTimestamp the input record's Kafka timestamp, for end-to-end latency
 * @param window          the points, oldest first
 * @param source          the input record's topic, partition and offset, for a dead letter if the model fails
 */
record PendingForecast(String series, long lastTimestampMs, long spacingMs, long recordTimestamp, double[] window,
                       DeadLetterMessage.Source source) {

    static Serde<PendingForecast> serde() {
        Serializer<PendingForecast> ser = (topic, p) -> {
            if (p == null) {
                return null; // a delete
            }
            byte[] id = p.series.getBytes(StandardCharsets.UTF_8);
            byte[] topicName = p.source.topic() == null ? new byte[0] : p.source.topic().getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(4 + id.length + 24 + 4 + 8 * p.window.length + 4 + topicName.length + 12);
            b.putInt(id.length).put(id).putLong(p.lastTimestampMs).putLong(p.spacingMs).putLong(p.recordTimestamp)
                    .putInt(p.window.length);
            OutstandingForecasts.putDoubles(b, p.window);
            b.putInt(topicName.length).put(topicName).putInt(p.source.partition()).putLong(p.source.offset());
            return b.array();
        };
        Deserializer<PendingForecast> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte[] id = new byte[b.getInt()];
            b.get(id);
            long last = b.getLong();
            long spacing = b.getLong();
            long recordTs = b.getLong();
            double[] w = new double[b.getInt()];
            OutstandingForecasts.getDoubles(b, w);
            byte[] topicName = new byte[b.getInt()];
            b.get(topicName);
            DeadLetterMessage.Source source = new DeadLetterMessage.Source(
                    topicName.length == 0 ? null : new String(topicName, StandardCharsets.UTF_8), b.getInt(), b.getLong());
            return new PendingForecast(new String(id, StandardCharsets.UTF_8), last, spacing, recordTs, w, source);
        };
        return Serdes.serdeFrom(ser, de);
    }
}

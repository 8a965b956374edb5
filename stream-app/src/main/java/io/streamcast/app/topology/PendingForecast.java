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
 * @param point           the number of the newest point in the series (its first is 1), which scoring counts steps by
 * @param timestamps      times of the newest points (at least the newest; as many as the horizon scoring needs), oldest first
 * @param spacingMs       the series' median spacing, for the forecast step times
 * @param recordTimestamp the input record's Kafka timestamp, for end-to-end latency
 * @param window          the points, oldest first
 * @param source          the input record's topic, partition and offset, for a dead letter if the model fails
 */
record PendingForecast(String series, long point, long[] timestamps, long spacingMs, long recordTimestamp, double[] window,
                       DeadLetterMessage.Source source) {
    /** Marks the current bytes; entries written before it start with the (non-negative) length of the series id. */
    private static final int FORMAT_2 = -2;

    /** Time of the newest point in the window. */
    long lastTimestampMs() {
        return timestamps[timestamps.length - 1];
    }

    static Serde<PendingForecast> serde() {
        Serializer<PendingForecast> ser = (topic, p) -> {
            if (p == null) {
                return null; // a delete
            }
            byte[] id = p.series.getBytes(StandardCharsets.UTF_8);
            byte[] topicName = p.source.topic() == null ? new byte[0] : p.source.topic().getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(4 + 4 + id.length + 8 + 4 + 8 * p.timestamps.length + 16 + 4
                    + 8 * p.window.length + 4 + topicName.length + 12);
            b.putInt(FORMAT_2).putInt(id.length).put(id).putLong(p.point).putInt(p.timestamps.length);
            b.asLongBuffer().put(p.timestamps);
            b.position(b.position() + 8 * p.timestamps.length);
            b.putLong(p.spacingMs).putLong(p.recordTimestamp).putInt(p.window.length);
            OutstandingForecasts.putDoubles(b, p.window);
            b.putInt(topicName.length).put(topicName).putInt(p.source.partition()).putLong(p.source.offset());
            return b.array();
        };
        Deserializer<PendingForecast> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int first = b.getInt();
            boolean format1 = first >= 0;
            if (!format1 && first != FORMAT_2) {
                throw new IllegalStateException("unknown queued-window format " + first);
            }
            byte[] id = new byte[format1 ? first : b.getInt()];
            b.get(id);
            long point;
            long[] timestamps;
            if (format1) { // no point number: the window is forecast, but no forecast is due at it
                point = -1;
                timestamps = new long[] {b.getLong()};
            } else {
                point = b.getLong();
                timestamps = new long[b.getInt()];
                b.asLongBuffer().get(timestamps);
                b.position(b.position() + 8 * timestamps.length);
            }
            long spacing = b.getLong();
            long recordTs = b.getLong();
            double[] w = new double[b.getInt()];
            OutstandingForecasts.getDoubles(b, w);
            byte[] topicName = new byte[b.getInt()];
            b.get(topicName);
            DeadLetterMessage.Source source = new DeadLetterMessage.Source(
                    topicName.length == 0 ? null : new String(topicName, StandardCharsets.UTF_8), b.getInt(), b.getLong());
            return new PendingForecast(new String(id, StandardCharsets.UTF_8), point, timestamps, spacing, recordTs, w, source);
        };
        return Serdes.serdeFrom(ser, de);
    }
}

package io.streamcast.app.topology;

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
 */
record PendingForecast(String series, long lastTimestampMs, long spacingMs, long recordTimestamp, double[] window) {

    static Serde<PendingForecast> serde() {
        Serializer<PendingForecast> ser = (topic, p) -> {
            byte[] id = p.series.getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(4 + id.length + 24 + 4 + 8 * p.window.length);
            b.putInt(id.length).put(id).putLong(p.lastTimestampMs).putLong(p.spacingMs).putLong(p.recordTimestamp)
                    .putInt(p.window.length);
            for (double v : p.window) {
                b.putDouble(v);
            }
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
            for (int i = 0; i < w.length; i++) {
                w[i] = b.getDouble();
            }
            return new PendingForecast(new String(id, StandardCharsets.UTF_8), last, spacing, recordTs, w);
        };
        return Serdes.serdeFrom(ser, de);
    }
}

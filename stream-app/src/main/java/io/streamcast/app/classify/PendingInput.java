package io.streamcast.app.classify;

import io.streamcast.app.messages.DeadLetterMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A decoded input waiting in a classifier's micro-batch queue (a changelogged store, so a queued input survives a
 * crash).
 *
 * @param id              the input's id (also the output key)
 * @param input           the decoded input as {@link InputDecoder#toBytes} wrote it
 * @param label           the input's label, or null
 * @param recordTimestamp the input record's Kafka timestamp, for end-to-end latency
 * @param source          the input record's coordinates, for a dead letter
 */
record PendingInput(String id, byte[] input, String label, long recordTimestamp, DeadLetterMessage.Source source) {

    static Serde<PendingInput> serde() {
        Serializer<PendingInput> ser = (topic, p) -> {
            byte[] id = utf8(p.id);
            byte[] label = p.label == null ? null : utf8(p.label);
            byte[] sourceTopic = p.source.topic() == null ? new byte[0] : utf8(p.source.topic());
            ByteBuffer b = ByteBuffer.allocate(4 + id.length + 4 + p.input.length + 4 + (label == null ? 0 : label.length)
                    + 8 + 4 + sourceTopic.length + 4 + 8);
            b.putInt(id.length).put(id).putInt(p.input.length).put(p.input);
            b.putInt(label == null ? -1 : label.length);
            if (label != null) {
                b.put(label);
            }
            b.putLong(p.recordTimestamp).putInt(sourceTopic.length).put(sourceTopic).putInt(p.source.partition())
                    .putLong(p.source.offset());
            return b.array();
        };
        Deserializer<PendingInput> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            String id = new String(take(b, b.getInt()), StandardCharsets.UTF_8);
            byte[] input = take(b, b.getInt());
            int labelLength = b.getInt();
            String label = labelLength < 0 ? null : new String(take(b, labelLength), StandardCharsets.UTF_8);
            long recordTs = b.getLong();
            byte[] sourceTopic = take(b, b.getInt());
            DeadLetterMessage.Source source = new DeadLetterMessage.Source(
                    sourceTopic.length == 0 ? null : new String(sourceTopic, StandardCharsets.UTF_8), b.getInt(), b.getLong());
            return new PendingInput(id, input, label, recordTs, source);
        };
        return Serdes.serdeFrom(ser, de);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] take(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }
}

package io.streamcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.messages.DeadLetterMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The bytes of a queued window, which its changelog keeps while it waits for a batch. */
class PendingForecastTest {
    private static final Serde<PendingForecast> SERDE = PendingForecast.serde();

    @Test
    void shouldKeepEveryFieldThroughItsBytes() {
        PendingForecast p = new PendingForecast("DAX·1", 1_234, new long[] {1_000, 2_000, 3_500}, 1_000, 4_000,
                new double[] {1.5, 2.5, 3.5, 4.5}, new DeadLetterMessage.Source("prices", 2, 77));
        PendingForecast back = SERDE.deserializer().deserialize("t", SERDE.serializer().serialize("t", p));
        assertThat(back.series()).isEqualTo("DAX·1");
        assertThat(back.point()).isEqualTo(1_234);
        assertThat(back.timestamps()).containsExactly(1_000, 2_000, 3_500);
        assertThat(back.lastTimestampMs()).isEqualTo(3_500);
        assertThat(back.spacingMs()).isEqualTo(1_000);
        assertThat(back.recordTimestamp()).isEqualTo(4_000);
        assertThat(back.window()).containsExactly(1.5, 2.5, 3.5, 4.5);
        assertThat(back.source()).isEqualTo(new DeadLetterMessage.Source("prices", 2, 77));
    }

    @Test
    void shouldReadAWindowQueuedBeforePointsWereNumberedAsDueForNoForecast() {
        byte[] id = "S".getBytes(StandardCharsets.UTF_8);
        byte[] topic = "prices".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + id.length + 24 + 4 + 16 + 4 + topic.length + 12);
        b.putInt(id.length).put(id).putLong(9_000).putLong(1_000).putLong(9_500).putInt(2).putDouble(1).putDouble(2)
                .putInt(topic.length).put(topic).putInt(0).putLong(5);
        PendingForecast old = SERDE.deserializer().deserialize("t", b.array());
        assertThat(old.series()).isEqualTo("S");
        assertThat(old.point()).isNegative();
        assertThat(old.lastTimestampMs()).isEqualTo(9_000);
        assertThat(old.window()).containsExactly(1, 2);
        assertThat(old.source()).isEqualTo(new DeadLetterMessage.Source("prices", 0, 5));
    }
}

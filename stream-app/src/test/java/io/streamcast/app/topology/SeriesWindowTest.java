package io.streamcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SeriesWindowTest {
    private static final Serde<SeriesWindow> SERDE = SeriesWindow.serde();
    private static final long T0 = 1_767_348_000_000L;

    private static SeriesWindow window(int capacity, int points, long spacing) {
        SeriesWindow w = new SeriesWindow(capacity);
        for (int i = 0; i < points; i++) {
            w.append(T0 + i * spacing + (i % 3 == 0 ? 7 : 0), 100 + Math.sin(i) * 1e-3 + i);
        }
        return w;
    }

    private static SeriesWindow roundTrip(SeriesWindow w) {
        return SERDE.deserializer().deserialize("t", SERDE.serializer().serialize("t", w));
    }

    @Test
    void shouldKeepEveryPointAndTheMedianSpacingThroughItsBytes() {
        SeriesWindow w = window(64, 100, 60_000);
        SeriesWindow back = roundTrip(w);
        assertThat(back.capacity()).isEqualTo(64);
        assertThat(back.size()).isEqualTo(64);
        assertThat(back.values()).containsExactly(w.values());
        assertThat(back.medianSpacingMs()).isEqualTo(w.medianSpacingMs());
        back.append(T0 + 100 * 60_000L, 1.5);
        w.append(T0 + 100 * 60_000L, 1.5);
        assertThat(back.values()).containsExactly(w.values());
    }

    @Test
    void shouldRoundTripEmptyPartialAndIrregularWindows() {
        assertThat(roundTrip(new SeriesWindow(8)).size()).isZero();
        SeriesWindow partial = window(8, 3, 1_000);
        assertThat(roundTrip(partial).values()).containsExactly(partial.values());
        SeriesWindow irregular = new SeriesWindow(4);
        irregular.append(-5_000_000_000_000L, 1);
        irregular.append(0, 2);
        irregular.append(Long.MAX_VALUE / 2, 3);
        SeriesWindow back = roundTrip(irregular);
        assertThat(back.values()).containsExactly(1, 2, 3);
        assertThat(back.medianSpacingMs()).isEqualTo(irregular.medianSpacingMs());
    }

    @Test
    void shouldTakeABytePerTimestampOfARegularSeries() {
        SeriesWindow regular = new SeriesWindow(64);
        for (int i = 0; i < 64; i++) {
            regular.append(T0 + i * 60_000L, i);
        }
        byte[] bytes = SERDE.serializer().serialize("t", regular);
        assertThat(bytes.length).as("format, capacity and size, count, first timestamp, spacing, then a byte each")
                .isEqualTo(1 + 8 + 1 + 8 + 3 + 62 + 64 * 8);
    }

    @Test
    void shouldCountEveryPointTheSeriesHasHadThroughItsBytesAndAResize() {
        SeriesWindow w = window(8, 1_000, 1_000);
        assertThat(w.size()).isEqualTo(8);
        assertThat(w.count()).isEqualTo(1_000);
        assertThat(roundTrip(w).count()).isEqualTo(1_000);
        assertThat(w.resized(16).count()).isEqualTo(1_000);
        assertThat(w.lastTimestamps(3)).containsExactly(T0 + 997_000L, T0 + 998_000L, T0 + 999_007L);
        assertThat(window(8, 2, 1_000).lastTimestamps(3)).as("all it has").containsExactly(T0 + 7L, T0 + 1_000L);
    }

    @Test
    void shouldReadWindowsWrittenInTheSecondFormatCountingTheirSizeAsTheirPoints() {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.put((byte) 2).putInt(4).putInt(2).putLong(T0).put((byte) 0xC0).put((byte) 0xA9).put((byte) 0x07); // 60,000 as a zigzag varint
        b.putDouble(10.5).putDouble(11.25);
        SeriesWindow w = SERDE.deserializer().deserialize("t", Arrays.copyOf(b.array(), b.position()));
        assertThat(w.values()).containsExactly(10.5, 11.25);
        assertThat(w.lastTimestamps(2)).containsExactly(T0, T0 + 60_000L);
        assertThat(w.count()).isEqualTo(2);
    }

    @Test
    void shouldReadWindowsWrittenInTheFirstFormat() {
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 2 * 16);
        b.put((byte) 1).putInt(4).putInt(2);
        b.putLong(T0).putDouble(10.5);
        b.putLong(T0 + 60_000).putDouble(11.25);
        SeriesWindow w = SERDE.deserializer().deserialize("t", b.array());
        assertThat(w.capacity()).isEqualTo(4);
        assertThat(w.values()).containsExactly(10.5, 11.25);
        assertThat(w.medianSpacingMs()).isEqualTo(60_000);
    }
}

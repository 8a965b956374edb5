package io.streamcast.app.topology;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The most recent points of one series, oldest first, at most {@code capacity} of them: what the window store
 * keeps per series. Stored in a compact binary form (never Java serialisation).
 */
final class SeriesWindow {
    private static final byte FORMAT = 1;
    private final long[] timestamps;
    private final double[] values;
    private int size;

    SeriesWindow(int capacity) {
        this(new long[capacity], new double[capacity], 0);
    }

    private SeriesWindow(long[] timestamps, double[] values, int size) {
        this.timestamps = timestamps;
        this.values = values;
        this.size = size;
    }

    int size() {
        return size;
    }

    int capacity() {
        return values.length;
    }

    /** Adds the newest point, dropping the oldest when full. */
    void append(long ts, double value) {
        if (size == values.length) {
            System.arraycopy(timestamps, 1, timestamps, 0, size - 1);
            System.arraycopy(values, 1, values, 0, size - 1);
            size--;
        }
        timestamps[size] = ts;
        values[size] = value;
        size++;
    }

    double[] values() {
        return Arrays.copyOf(values, size);
    }

    /** Median spacing between consecutive points, or 0 with fewer than two points. */
    long medianSpacingMs() {
        if (size < 2) {
            return 0;
        }
        long[] d = new long[size - 1];
        for (int i = 1; i < size; i++) {
            d[i - 1] = timestamps[i] - timestamps[i - 1];
        }
        Arrays.sort(d);
        return d[d.length / 2];
    }

    /** The same points in a window of another capacity (the newest kept), e.g. after the window setting changed. */
    SeriesWindow resized(int capacity) {
        SeriesWindow w = new SeriesWindow(capacity);
        for (int i = Math.max(0, size - capacity); i < size; i++) {
            w.append(timestamps[i], values[i]);
        }
        return w;
    }

    static Serde<SeriesWindow> serde() {
        Serializer<SeriesWindow> ser = (topic, w) -> {
            ByteBuffer b = ByteBuffer.allocate(1 + 8 + w.size * 16);
            b.put(FORMAT).putInt(w.capacity()).putInt(w.size);
            for (int i = 0; i < w.size; i++) {
                b.putLong(w.timestamps[i]).putDouble(w.values[i]);
            }
            return b.array();
        };
        Deserializer<SeriesWindow> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte format = b.get();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown series window format " + format);
            }
            int capacity = b.getInt();
            int size = b.getInt();
            long[] ts = new long[capacity];
            double[] vs = new double[capacity];
            for (int i = 0; i < size; i++) {
                ts[i] = b.getLong();
                vs[i] = b.getDouble();
            }
            return new SeriesWindow(ts, vs, size);
        };
        return Serdes.serdeFrom(ser, de);
    }
}

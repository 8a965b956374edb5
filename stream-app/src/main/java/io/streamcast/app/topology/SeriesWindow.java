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
    private static final byte FORMAT = 3;
    private static final byte FORMAT_2 = 2;
    private static final byte FORMAT_1 = 1;
    private final long[] timestamps;
    private final double[] values;
    private int size;
    /** Points appended since the series' first. */
    private long count;

    SeriesWindow(int capacity) {
        this(new long[capacity], new double[capacity], 0, 0);
    }

    private SeriesWindow(long[] timestamps, double[] values, int size, long count) {
        this.timestamps = timestamps;
        this.values = values;
        this.size = size;
        this.count = count;
    }

    int size() {
        return size;
    }

    /** How many points the series has had, the newest being point number {@code count()} (the first is 1). */
    long count() {
        return count;
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
        count++;
    }

    double[] values() {
        return Arrays.copyOf(values, size);
    }

    /** Times of the newest {@code n} points (fewer if the window holds fewer), oldest first. */
    long[] lastTimestamps(int n) {
        return Arrays.copyOfRange(timestamps, Math.max(0, size - n), size);
    }

    /** Median spacing between consecutive points, or 0 with fewer than two points. */
    long medianSpacingMs() {
        if (size < 2) {
            return 0;
        }
        long first = timestamps[1] - timestamps[0];
        boolean regular = true;
        for (int i = 2; i < size && regular; i++) {
            regular = timestamps[i] - timestamps[i - 1] == first;
        }
        if (regular) { // most series: every spacing the same, no sort (which had cost the stream thread 4%)
            return first;
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
        w.count = count;
        return w;
    }

    /**
     * Bytes: format 3 is {@code [3][capacity][size][count, varint][first timestamp][changes of the spacing, zigzag
     * varints][values]}: a regular series' timestamps take a byte each after the first two where format 1
     * ({@code [1][capacity][size]} then each timestamp and value as 8 bytes) took eight, so a window of 64 is 42% smaller
     * on its changelog, to which every point's update is written. Formats 1 and 2 (format 3 without the count) are
     * still read, their count taken as their size.
     */
    static Serde<SeriesWindow> serde() {
        Serializer<SeriesWindow> ser = (topic, w) -> {
            if (w == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.allocate(1 + 4 + 4 + 10 + 8 + 10 * Math.max(0, w.size - 1) + 8 * w.size);
            b.put(FORMAT).putInt(w.capacity()).putInt(w.size);
            putVarLong(b, w.count);
            if (w.size > 0) {
                b.putLong(w.timestamps[0]);
                long delta = 0;
                for (int i = 1; i < w.size; i++) {
                    long next = w.timestamps[i] - w.timestamps[i - 1];
                    putVarLong(b, zigzag(next - delta));
                    delta = next;
                }
            }
            b.asDoubleBuffer().put(w.values, 0, w.size);
            b.position(b.position() + 8 * w.size);
            return Arrays.copyOf(b.array(), b.position());
        };
        Deserializer<SeriesWindow> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte format = b.get();
            if (format != FORMAT && format != FORMAT_2 && format != FORMAT_1) {
                throw new IllegalStateException("unknown series window format " + format);
            }
            int capacity = b.getInt();
            int size = b.getInt();
            long[] ts = new long[capacity];
            double[] vs = new double[capacity];
            if (format == FORMAT_1) {
                for (int i = 0; i < size; i++) {
                    ts[i] = b.getLong();
                    vs[i] = b.getDouble();
                }
                return new SeriesWindow(ts, vs, size, size);
            }
            long count = format == FORMAT ? getVarLong(b) : size;
            if (size > 0) {
                ts[0] = b.getLong();
                long delta = 0;
                for (int i = 1; i < size; i++) {
                    delta += unzigzag(getVarLong(b));
                    ts[i] = ts[i - 1] + delta;
                }
            }
            b.asDoubleBuffer().get(vs, 0, size);
            return new SeriesWindow(ts, vs, size, count);
        };
        return Serdes.serdeFrom(ser, de);
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static void putVarLong(ByteBuffer b, long v) {
        while ((v & ~0x7FL) != 0) {
            b.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        b.put((byte) v);
    }

    private static long getVarLong(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b.get();
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
        throw new IllegalStateException("corrupt series window: varint too long");
    }
}

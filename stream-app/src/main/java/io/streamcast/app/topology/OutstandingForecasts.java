package io.streamcast.app.topology;

import io.streamcast.app.scoring.ModelId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One series' forecasts still waiting for actual values, and the series' most recent points they are scored
 * against: what the scoring store keeps per series. Step k of a forecast is the k-th point of the series after
 * its origin, so each new point completes one more step of every outstanding forecast, and a forecast is done after
 * H points: at most H are ever outstanding, and the last H points are all a completed forecast needs. Stored in a
 * compact binary form (never Java serialisation).
 */
final class OutstandingForecasts {
    private static final byte FORMAT = 1;

    /**
     * A forecast as it was served.
     *
     * @param originTs  time of its last observed point
     * @param model     the model version that made it
     * @param scale     the scale of the window it was made from (residuals are calibrated in these units)
     * @param mean      point forecast per step
     * @param lower     lower interval bound served, per step
     * @param upper     upper interval bound served, per step
     */
    record Forecast(long originTs, ModelId model, double scale, double[] mean, double[] lower, double[] upper) {
        int horizon() {
            return mean.length;
        }
    }

    /** An outstanding forecast and how many of its steps have an actual value. */
    static final class Entry {
        final Forecast forecast;
        int stepsDone;

        Entry(Forecast forecast, int stepsDone) {
            this.forecast = forecast;
            this.stepsDone = stepsDone;
        }
    }

    /** The most recent points, oldest first. */
    private long[] timestamps;
    private double[] values;
    private int points;
    private final List<Entry> entries;

    OutstandingForecasts() {
        this(new long[0], new double[0], 0, new ArrayList<>());
    }

    private OutstandingForecasts(long[] timestamps, double[] values, int points, List<Entry> entries) {
        this.timestamps = timestamps;
        this.values = values;
        this.points = points;
        this.entries = entries;
    }

    List<Entry> entries() {
        return entries;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int points() {
        return points;
    }

    /** Time of the {@code i}-th most recent point (0 = the newest). */
    long timestampBack(int i) {
        return timestamps[points - 1 - i];
    }

    /** Value of the {@code i}-th most recent point (0 = the newest). */
    double valueBack(int i) {
        return values[points - 1 - i];
    }

    /** Told of each forecast step a new point completes. */
    interface StepListener {
        void scored(Forecast forecast, int step);
    }

    /**
     * Records the series' next point: it is the next step of every outstanding forecast, which {@code listener}
     * hears of one by one. Returns the forecasts this completes, which leave the outstanding list; their actual
     * values are the last H points ({@link #valueBack}) until the next call.
     */
    List<Forecast> advance(long ts, double value, StepListener listener) {
        if (entries.isEmpty()) {
            points = 0;
            return List.of();
        }
        int keep = 0;
        for (Entry e : entries) {
            keep = Math.max(keep, e.forecast.horizon());
        }
        if (timestamps.length < keep) {
            timestamps = Arrays.copyOf(timestamps, keep);
            values = Arrays.copyOf(values, keep);
        }
        if (points >= keep) {
            int drop = points - keep + 1;
            System.arraycopy(timestamps, drop, timestamps, 0, points - drop);
            System.arraycopy(values, drop, values, 0, points - drop);
            points -= drop;
        }
        timestamps[points] = ts;
        values[points] = value;
        points++;
        List<Forecast> done = new ArrayList<>();
        entries.removeIf(e -> {
            listener.scored(e.forecast, ++e.stepsDone);
            if (e.stepsDone < e.forecast.horizon()) {
                return false;
            }
            done.add(e.forecast);
            return true;
        });
        return done;
    }

    /** A new forecast, made at the newest point so far: none of its steps is known yet. */
    void add(Forecast f) {
        entries.add(new Entry(f, 0));
    }

    static Serde<OutstandingForecasts> serde() {
        Serializer<OutstandingForecasts> ser = (topic, o) -> {
            int size = 1 + 4 + o.points * 16 + 4;
            List<byte[]> names = new ArrayList<>(o.entries.size());
            for (Entry e : o.entries) {
                byte[] name = e.forecast.model.name().getBytes(StandardCharsets.UTF_8);
                names.add(name);
                size += 8 + 4 + name.length + 8 + 8 + 4 + 4 + 24 * e.forecast.horizon();
            }
            ByteBuffer b = ByteBuffer.allocate(size);
            b.put(FORMAT).putInt(o.points);
            for (int i = 0; i < o.points; i++) {
                b.putLong(o.timestamps[i]).putDouble(o.values[i]);
            }
            b.putInt(o.entries.size());
            for (int j = 0; j < o.entries.size(); j++) {
                Entry e = o.entries.get(j);
                Forecast f = e.forecast;
                b.putLong(f.originTs).putInt(names.get(j).length).put(names.get(j)).putLong(f.model.version()).putDouble(f.scale)
                        .putInt(f.horizon()).putInt(e.stepsDone);
                putDoubles(b, f.mean);
                putDoubles(b, f.lower);
                putDoubles(b, f.upper);
            }
            return b.array();
        };
        Deserializer<OutstandingForecasts> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte format = b.get();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown outstanding-forecasts format " + format);
            }
            int points = b.getInt();
            long[] ts = new long[points];
            double[] vs = new double[points];
            for (int i = 0; i < points; i++) {
                ts[i] = b.getLong();
                vs[i] = b.getDouble();
            }
            int n = b.getInt();
            List<Entry> entries = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                long origin = b.getLong();
                byte[] name = new byte[b.getInt()];
                b.get(name);
                long version = b.getLong();
                double scale = b.getDouble();
                int h = b.getInt();
                int done = b.getInt();
                double[][] arrays = new double[3][h];
                for (double[] a : arrays) {
                    getDoubles(b, a);
                }
                entries.add(new Entry(new Forecast(origin, new ModelId(new String(name, StandardCharsets.UTF_8), version), scale,
                        arrays[0], arrays[1], arrays[2]), done));
            }
            return new OutstandingForecasts(ts, vs, points, entries);
        };
        return Serdes.serdeFrom(ser, de);
    }

    /** Bulk copies (the same big-endian bytes as putDouble one by one, at a fraction of the cost). */
    static void putDoubles(ByteBuffer b, double[] values) {
        b.asDoubleBuffer().put(values);
        b.position(b.position() + 8 * values.length);
    }

    static void getDoubles(ByteBuffer b, double[] into) {
        b.asDoubleBuffer().get(into);
        b.position(b.position() + 8 * into.length);
    }
}

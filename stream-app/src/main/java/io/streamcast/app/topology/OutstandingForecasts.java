package io.streamcast.app.topology;

import io.streamcast.app.scoring.ModelId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Forecasts waiting for their actual values, as the scoring store keeps them: each under the series and the number
 * of the series' point that completes it ({@link Due}). Step k of a forecast is the k-th point of the series after
 * its origin, so a forecast made at the series' n-th point with horizon H is due at point n + H, when its actual
 * values are the series' last H points. A forecast is written once when served and deleted once when scored:
 * nothing is rewritten as its steps come in. Stored in a compact binary form (never Java serialisation).
 */
final class OutstandingForecasts {
    private static final byte FORMAT = 2;

    private OutstandingForecasts() {
    }

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

    /** The key: a series, and the number of the series' point that completes the forecast ({@link SeriesWindow#count()}). */
    record Due(String series, long point) {
    }

    /** Keys as {@code [length of the series id][its UTF-8 bytes][point]}: distinct for distinct keys, whatever the id holds. */
    static Serde<Due> keySerde() {
        Serializer<Due> ser = (topic, k) -> {
            byte[] id = k.series.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(4 + id.length + 8).putInt(id.length).put(id).putLong(k.point).array();
        };
        Deserializer<Due> de = (topic, bytes) -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte[] id = new byte[b.getInt()];
            b.get(id);
            return new Due(new String(id, StandardCharsets.UTF_8), b.getLong());
        };
        return Serdes.serdeFrom(ser, de);
    }

    /** Values: the forecasts due at one point, oldest first (more than one only when the served horizon changed). */
    static Serde<List<Forecast>> valueSerde() {
        Serializer<List<Forecast>> ser = (topic, forecasts) -> {
            if (forecasts == null) {
                return null;
            }
            int size = 1 + 4;
            List<byte[]> names = new ArrayList<>(forecasts.size());
            for (Forecast f : forecasts) {
                byte[] name = f.model.name().getBytes(StandardCharsets.UTF_8);
                names.add(name);
                size += 8 + 4 + name.length + 8 + 8 + 4 + 24 * f.horizon();
            }
            ByteBuffer b = ByteBuffer.allocate(size);
            b.put(FORMAT).putInt(forecasts.size());
            for (int j = 0; j < forecasts.size(); j++) {
                Forecast f = forecasts.get(j);
                b.putLong(f.originTs).putInt(names.get(j).length).put(names.get(j)).putLong(f.model.version()).putDouble(f.scale)
                        .putInt(f.horizon());
                putDoubles(b, f.mean);
                putDoubles(b, f.lower);
                putDoubles(b, f.upper);
            }
            return b.array();
        };
        Deserializer<List<Forecast>> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte format = b.get();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown outstanding-forecast format " + format);
            }
            int n = b.getInt();
            List<Forecast> forecasts = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                long origin = b.getLong();
                byte[] name = new byte[b.getInt()];
                b.get(name);
                long version = b.getLong();
                double scale = b.getDouble();
                int h = b.getInt();
                double[][] arrays = new double[3][h];
                for (double[] a : arrays) {
                    getDoubles(b, a);
                }
                forecasts.add(new Forecast(origin, new ModelId(new String(name, StandardCharsets.UTF_8), version), scale,
                        arrays[0], arrays[1], arrays[2]));
            }
            return forecasts;
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

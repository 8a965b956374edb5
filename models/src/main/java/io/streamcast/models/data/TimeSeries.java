package io.streamcast.models.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One numeric series: points {@code (timestamps[i], values[i])} in time order.
 *
 * <p>Timestamps never decrease; equal timestamps keep the order they arrived in. Their meaning is given by
 * {@link #timeKind()}: epoch milliseconds for {@link TimeKind#INSTANT}, or, for {@link TimeKind#ORDINAL}, the
 * source's own ordering number (a decimal year, a row index) as fixed-point with six decimals, i.e. multiplied by
 * {@link #ORDINAL_SCALE} and rounded. Six decimals keep the order of every sample data set (daily data in decimal
 * years steps by about 0.0027, half-hourly by 0.00003) and let {@code timestamps[i] / (double) ORDINAL_SCALE}
 * give back the original number; ordinal numbers beyond ±9.2e12 do not fit.
 *
 * <p>The record takes ownership of the arrays: do not modify them after construction. {@code equals} and
 * {@code hashCode} compare array contents.
 *
 * @param id         the series id (a long-layout {@code series} value or a wide-layout column name)
 * @param timestamps point times, non-decreasing, interpreted as {@code timeKind} says
 * @param values     point values, as many as timestamps
 * @param timeKind   what the timestamps mean
 */
public record TimeSeries(String id, long[] timestamps, double[] values, TimeKind timeKind) {

    /** Factor applied to {@link TimeKind#ORDINAL} numbers before rounding to a {@code long} timestamp. */
    public static final long ORDINAL_SCALE = 1_000_000L;

    /** What a {@link TimeSeries} timestamp means. */
    public enum TimeKind {
        /** Epoch milliseconds, UTC. */
        INSTANT,
        /** A source number times {@link TimeSeries#ORDINAL_SCALE}: it orders the points but is not a time. */
        ORDINAL
    }

    public TimeSeries {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timestamps, "timestamps");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(timeKind, "timeKind");
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("series " + id + ": " + timestamps.length + " timestamps but "
                    + values.length + " values");
        }
        for (int i = 1; i < timestamps.length; i++) {
            if (timestamps[i] < timestamps[i - 1]) {
                throw new IllegalArgumentException("series " + id + ": timestamps decrease at index " + i);
            }
        }
    }

    /** Number of points. */
    public int size() {
        return values.length;
    }

    /** The first {@code min(n, size())} points. */
    public TimeSeries head(int n) {
        return slice(0, Math.min(requireCount(n), size()));
    }

    /** The last {@code min(n, size())} points. */
    public TimeSeries tail(int n) {
        return slice(Math.max(0, size() - requireCount(n)), size());
    }

    private TimeSeries slice(int from, int to) {
        return new TimeSeries(id, Arrays.copyOfRange(timestamps, from, to), Arrays.copyOfRange(values, from, to),
                timeKind);
    }

    private static int requireCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("point count must be >= 0, was " + n);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeSeries other
                && id.equals(other.id)
                && timeKind == other.timeKind
                && Arrays.equals(timestamps, other.timestamps)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, timeKind, Arrays.hashCode(timestamps), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return size() == 0
                ? "TimeSeries[" + id + ", " + timeKind + ", empty]"
                : "TimeSeries[" + id + ", " + timeKind + ", " + size() + " points, " + timestamps[0] + ".."
                        + timestamps[size() - 1] + "]";
    }
}

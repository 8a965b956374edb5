package io.streamcast.models.anomaly;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the detector remembers about one series: its recent points, each marked when it was kept out of training;
 * the series' normaliser, fitted on those points; and its recent reconstruction errors, against which each new
 * error is calibrated. Small (16.4 KB with the defaults) and serialisable ({@link #toBytes()}), so it can live
 * in a key-value state store.
 *
 * <p>Per point, the caller {@link #add adds} the value; once a model exists, it computes the reconstruction error
 * of the {@link #latestWindow() latest window} (batched across series if it likes) and hands it to {@link #score}.
 * Until then the point's verdict is {@link AnomalyScore#WARMING_UP}. The normaliser is fitted when first needed and
 * refitted, after the point is scored, at the points {@link AnomalyConfig#nextFitAt} names, so it always describes
 * data before the point being scored. Not thread-safe: one series, one owner.
 */
public final class SeriesState {
    /** Layout version of {@link #toBytes()}. */
    private static final byte FORMAT = 1;
    /** A window value beyond this many standard deviations is an error target, not a number to square. */
    private static final double TARGET_LIMIT = 1e6;

    private final AnomalyConfig config;
    /** Recent points in a ring: the oldest at {@code (nextValue - valueCount) mod capacity}. */
    private final double[] values;
    /** Per point: kept out of training (flagged, or in the anomalous stretch a flag started). */
    private final boolean[] excluded;
    private int nextValue;
    private int valueCount;
    /** Recent log reconstruction errors in a ring (the score does not depend on their order). */
    private final float[] logErrors;
    /** Per error: its point was in an anomalous stretch. */
    private final boolean[] errorInStretch;
    private int nextError;
    private int errorCount;
    private long count;
    /** The count at the last {@link #score}: each point is scored at most once. */
    private long scoredAt;
    private Normaliser normaliser;
    /** The count at whose score the normaliser is refitted. */
    private long nextRefresh;
    /** Whether the latest scored point is in an anomalous stretch. */
    private boolean inStretch;

    /** The empty state of a series that has not been seen yet. */
    public SeriesState(AnomalyConfig config) {
        this.config = config;
        this.values = new double[config.trainingPoints()];
        this.excluded = new boolean[config.trainingPoints()];
        this.logErrors = new float[config.errorHistory()];
        this.errorInStretch = new boolean[config.errorHistory()];
        this.nextRefresh = config.warmup();
    }

    /** Points seen so far, including those no longer kept. */
    public long count() {
        return count;
    }

    /** Reconstruction errors kept for calibration. */
    public int errorCount() {
        return errorCount;
    }

    /** Records the next point of the series. */
    public void add(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("values must be finite, got " + value);
        }
        values[nextValue] = value;
        excluded[nextValue] = false;
        nextValue = (nextValue + 1) % values.length;
        valueCount = Math.min(valueCount + 1, values.length);
        count++;
    }

    /** Whether enough points have arrived to form a window. */
    public boolean hasWindow() {
        return valueCount >= config.window();
    }

    /**
     * The window ending at the latest point, oldest first, in the series' normalised units: the input of
     * {@link AnomalyModel#reconstructionErrors}.
     */
    public double[] latestWindow() {
        int w = config.window();
        if (!hasWindow()) {
            throw new IllegalStateException("the series has " + valueCount + " points, a window needs " + w);
        }
        return normalise(recentValues(w));
    }

    /** The given raw points in the series' normalised units. */
    double[] normalise(double[] raw) {
        Normaliser n = normaliser();
        double[] out = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = Math.max(-TARGET_LIMIT, Math.min(TARGET_LIMIT, n.apply(raw[i])));
        }
        return out;
    }

    /** The last {@code n} kept points (fewer when fewer are kept), oldest first, as they arrived. */
    double[] recentValues(int n) {
        int m = Math.min(n, valueCount);
        double[] recent = new double[m];
        for (int i = 0; i < m; i++) {
            recent[i] = values[Math.floorMod(nextValue - m + i, values.length)];
        }
        return recent;
    }

    /**
     * Scores the latest point from the reconstruction error of the window ending at it, against the errors of
     * the points before it only; then remembers the error, whether the point is kept out of training, and refits
     * the normaliser when one is due.
     *
     * @throws IllegalStateException when the latest point was scored already
     */
    public AnomalyScore score(double error) {
        if (!(error >= 0) || Double.isInfinite(error)) {
            throw new IllegalArgumentException("a reconstruction error is finite and not negative, got " + error);
        }
        if (count == 0 || scoredAt == count) {
            throw new IllegalStateException("point " + count + " has been scored already or was never added");
        }
        scoredAt = count;
        float logError = Calibration.logError(error);
        AnomalyScore result;
        if (errorCount < config.calibrationPoints()) {
            result = new AnomalyScore(0.0, false, error, true);
        } else {
            double score = Calibration.score(logErrors, errorCount, logError);
            result = new AnomalyScore(score, score >= config.threshold(), error, false);
        }
        inStretch = result.anomaly() || (inStretch && stillAnomalous(logError));
        logErrors[nextError] = logError;
        errorInStretch[nextError] = inStretch;
        nextError = (nextError + 1) % logErrors.length;
        errorCount = Math.min(errorCount + 1, logErrors.length);
        excluded[Math.floorMod(nextValue - 1, values.length)] = inStretch;
        if (count >= nextRefresh) {
            fitNormaliser();
        }
        return result;
    }

    /**
     * Whether a point after a flagged one still belongs to the anomalous stretch: its error is at or above the
     * recovery quantile of the recent errors outside stretches. The stretch's own errors do not count, or an outage
     * would soon look ordinary against itself; once too few others are left, the stretch is the new normal.
     */
    private boolean stillAnomalous(float logError) {
        int normal = 0;
        int below = 0;
        for (int i = 0; i < errorCount; i++) {
            if (!errorInStretch[i]) {
                normal++;
                below += logErrors[i] < logError ? 1 : 0;
            }
        }
        return normal >= config.calibrationPoints() && below >= config.recoveryScore() * normal;
    }

    /**
     * The kept points, in normalised units, split at every point kept out of training, oldest first: the stretches
     * of at least a window with no such point, so no training window contains an anomaly.
     */
    public List<double[]> trainingSegments() {
        Normaliser n = normaliser();
        List<double[]> segments = new ArrayList<>();
        double[] run = new double[valueCount];
        int length = 0;
        int oldest = Math.floorMod(nextValue - valueCount, values.length);
        for (int i = 0; i <= valueCount; i++) {
            int at = (oldest + i) % values.length;
            if (i == valueCount || excluded[at]) {
                if (length >= config.window()) {
                    segments.add(Arrays.copyOf(run, length));
                }
                length = 0;
            } else {
                run[length++] = Math.max(-TARGET_LIMIT, Math.min(TARGET_LIMIT, n.apply(values[at])));
            }
        }
        return segments;
    }

    private Normaliser normaliser() {
        if (normaliser == null) {
            fitNormaliser();
        }
        return normaliser;
    }

    /** Fits the normaliser on the kept points that are not kept out of training (all of them if none is left). */
    private void fitNormaliser() {
        double[] normal = new double[valueCount];
        int n = 0;
        int oldest = Math.floorMod(nextValue - valueCount, values.length);
        for (int i = 0; i < valueCount; i++) {
            int at = (oldest + i) % values.length;
            if (!excluded[at]) {
                normal[n++] = values[at];
            }
        }
        if (n >= 2) {
            normaliser = Normaliser.fit(normal, n);
        } else if (normaliser == null) {
            normaliser = Normaliser.fit(recentValues(valueCount), valueCount);
        }
        nextRefresh = config.nextFitAt(count);
    }

    /**
     * The state as bytes: a small versioned binary layout (big-endian), no Java serialisation. Written and read with
     * bulk buffer copies: the stream loads and stores a series' state for every batch its points are in, and byte by
     * byte streams took most of the anomaly pipeline's time.
     */
    public byte[] toBytes() {
        int valueBits = (valueCount + 7) / 8;
        int errorBits = (errorCount + 7) / 8;
        ByteBuffer out = ByteBuffer.allocate(1 + 3 * 8 + 2 + (normaliser != null ? 16 : 0) + 4 + valueCount * 8 + valueBits
                + 4 + errorCount * 4 + errorBits);
        out.put(FORMAT).putLong(count).putLong(scoredAt).putLong(nextRefresh);
        out.put((byte) (inStretch ? 1 : 0)).put((byte) (normaliser != null ? 1 : 0));
        if (normaliser != null) {
            out.putDouble(normaliser.mean()).putDouble(normaliser.scale());
        }
        out.putInt(valueCount);
        int oldest = Math.floorMod(nextValue - valueCount, values.length);
        int first = Math.min(valueCount, values.length - oldest); // the ring in at most two runs, oldest first
        out.asDoubleBuffer().put(values, oldest, first).put(values, 0, valueCount - first);
        out.position(out.position() + valueCount * 8);
        byte[] bits = new byte[valueBits];
        for (int i = 0; i < valueCount; i++) {
            if (excluded[(oldest + i) % values.length]) {
                bits[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        out.put(bits);
        out.putInt(errorCount);
        int oldestError = Math.floorMod(nextError - errorCount, logErrors.length);
        int firstErrors = Math.min(errorCount, logErrors.length - oldestError);
        out.asFloatBuffer().put(logErrors, oldestError, firstErrors).put(logErrors, 0, errorCount - firstErrors);
        out.position(out.position() + errorCount * 4);
        byte[] stretchBits = new byte[errorBits];
        for (int i = 0; i < errorCount; i++) {
            if (errorInStretch[(oldestError + i) % logErrors.length]) {
                stretchBits[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        out.put(stretchBits);
        return out.array();
    }

    /**
     * Reads what {@link #toBytes()} wrote. When the config keeps fewer points or errors than the bytes hold, the
     * most recent ones are kept.
     *
     * @throws IllegalArgumentException when the bytes are not a series state
     */
    public static SeriesState fromBytes(byte[] bytes, AnomalyConfig config) {
        SeriesState state = new SeriesState(config);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            byte format = in.get();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown series state format " + format + " (this version reads " + FORMAT + ")");
            }
            state.count = in.getLong();
            state.scoredAt = in.getLong();
            state.nextRefresh = in.getLong();
            state.inStretch = in.get() != 0;
            if (in.get() != 0) {
                state.normaliser = new Normaliser(in.getDouble(), in.getDouble());
            }
            int n = in.getInt();
            if (n < 0 || n > state.count || n > in.remaining() / 8) {
                throw new IllegalArgumentException("corrupt series state: " + n + " values for " + state.count + " points");
            }
            double[] kept = new double[n];
            in.asDoubleBuffer().get(kept);
            in.position(in.position() + n * 8);
            if (in.remaining() < (n + 7) / 8) {
                throw new IllegalArgumentException("corrupt series state: truncated training marks");
            }
            byte[] bits = new byte[(n + 7) / 8];
            in.get(bits);
            for (int i = Math.max(0, n - state.values.length); i < n; i++) {
                state.values[state.nextValue] = kept[i];
                state.excluded[state.nextValue] = (bits[i / 8] & (1 << (i % 8))) != 0;
                state.nextValue = (state.nextValue + 1) % state.values.length;
                state.valueCount++;
            }
            int e = in.getInt();
            if (e < 0 || in.remaining() != e * 4 + (e + 7) / 8) {
                throw new IllegalArgumentException("corrupt series state: " + e + " errors in " + in.remaining() + " bytes");
            }
            float[] errors = new float[e];
            in.asFloatBuffer().get(errors);
            in.position(in.position() + e * 4);
            byte[] stretchBits = new byte[(e + 7) / 8];
            in.get(stretchBits);
            for (int i = Math.max(0, e - state.logErrors.length); i < e; i++) {
                state.logErrors[state.nextError] = errors[i];
                state.errorInStretch[state.nextError] = (stretchBits[i / 8] & (1 << (i % 8))) != 0;
                state.nextError = (state.nextError + 1) % state.logErrors.length;
                state.errorCount++;
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("corrupt series state: truncated", e);
        }
        return state;
    }
}

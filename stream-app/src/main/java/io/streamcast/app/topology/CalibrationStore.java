package io.streamcast.app.topology;

import io.streamcast.app.scoring.IntervalCalibrator;
import io.streamcast.app.scoring.ModelId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A stream task's {@link IntervalCalibrator}, kept in a changelogged store so a restart (or the task moving to
 * another instance) keeps its calibration. The residual windows are stored in chunks of {@value #CHUNK} per horizon
 * step, and only the chunks a batch wrote to are written again: with caching on, a commit sends a few hundred bytes
 * to the changelog rather than every window. A header names the model version the residuals belong to; when another
 * version serves, the calibration starts again from nothing.
 */
final class CalibrationStore {
    static final int CHUNK = 64;
    private static final long HEADER = -1L;
    private static final byte FORMAT = 1;

    private final KeyValueStore<Long, byte[]> store;
    private final double coverage;
    private final int window;
    private final int minResiduals;
    /** Whether the header changed since the last flush. */
    private boolean headerDirty;
    /** Per step (0-based), the chunks written to since the last flush. */
    private boolean[][] dirtyChunks = new boolean[0][];
    /** Per step (0-based), the residuals added since they were last put into the calibrator ({@link #applyAdded}). */
    private double[][] added = new double[0][];
    private int[] addedCount = new int[0];
    private IntervalCalibrator calibrator;
    private ModelId model;
    private boolean loaded;

    CalibrationStore(KeyValueStore<Long, byte[]> store, double coverage, int window, int minResiduals) {
        this.store = store;
        this.coverage = coverage;
        this.window = window;
        this.minResiduals = minResiduals;
    }

    /** The model version the calibration is for (null before the first {@link #use}). */
    ModelId model() {
        return model;
    }

    IntervalCalibrator calibrator() {
        applyAdded();
        return calibrator;
    }

    /** Makes the calibration the one of {@code serving}: restored from the store at first, started afresh on a change. */
    void use(ModelId serving, int horizon) {
        applyAdded(); // residuals of the version that served until now
        if (!loaded) {
            loaded = true;
            if (restore(serving, horizon)) {
                return;
            }
        }
        if (!serving.equals(model) || calibrator.horizon() != horizon) {
            clear();
            model = serving;
            serve(new IntervalCalibrator(horizon, coverage, window, minResiduals));
            headerDirty = true;
        }
    }

    /**
     * Adds a scaled residual of a step (1-based) of the calibrated version. It reaches the calibrator at the next
     * {@link #flush} (or read of {@link #calibrator}), step by step: a batch's residuals of one step then go into its
     * window one after another while its arrays are in the CPU's cache, where adding each as it was scored, between
     * the messages' writing, found them evicted.
     */
    void add(int step, double scaledResidual) {
        int k = step - 1;
        if (addedCount[k] == added[k].length) {
            added[k] = Arrays.copyOf(added[k], 2 * addedCount[k]);
        }
        added[k][addedCount[k]++] = scaledResidual;
    }

    /** Puts the residuals added since the last call into the calibrator, a step at a time, in the order they came. */
    private void applyAdded() {
        for (int k = 0; k < addedCount.length; k++) {
            int n = addedCount[k];
            if (n == 0) {
                continue;
            }
            int step = k + 1;
            double[] residuals = added[k];
            boolean[] chunks = dirtyChunks[k];
            for (int i = 0; i < n; i++) {
                long before = calibrator.written(step);
                calibrator.add(step, residuals[i]);
                if (calibrator.written(step) != before) {
                    chunks[calibrator.slotOf(before) / CHUNK] = true;
                    headerDirty = true;
                }
            }
            addedCount[k] = 0;
        }
    }

    /** Writes what changed since the last flush. */
    void flush() {
        applyAdded();
        if (headerDirty) {
            store.put(HEADER, header());
            headerDirty = false;
        }
        for (int k = 0; k < dirtyChunks.length; k++) {
            boolean[] chunks = dirtyChunks[k];
            for (int c = 0; c < chunks.length; c++) {
                if (chunks[c]) {
                    store.put(key(k + 1, c), chunk(k + 1, c));
                    chunks[c] = false;
                }
            }
        }
    }

    private static long key(int step, int chunk) {
        return ((long) step << 32) | chunk;
    }

    private byte[] header() {
        byte[] name = model.name().getBytes(StandardCharsets.UTF_8);
        int h = calibrator.horizon();
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + name.length + 8 + 4 + 4 + 8 * h);
        b.put(FORMAT).putInt(name.length).put(name).putLong(model.version()).putInt(h).putInt(window);
        for (int step = 1; step <= h; step++) {
            b.putLong(calibrator.written(step));
        }
        return b.array();
    }

    private byte[] chunk(int step, int chunk) {
        int from = chunk * CHUNK;
        int to = Math.min(window, from + CHUNK);
        ByteBuffer b = ByteBuffer.allocate(8 * (to - from));
        for (int slot = from; slot < to; slot++) {
            b.putDouble(calibrator.residual(step, slot));
        }
        return b.array();
    }

    /** Restores the stored calibration when it is of {@code serving} with the same shape. */
    private boolean restore(ModelId serving, int horizon) {
        byte[] header = store.get(HEADER);
        if (header == null) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(header);
        if (b.get() != FORMAT) {
            return false;
        }
        byte[] name = new byte[b.getInt()];
        b.get(name);
        ModelId stored = new ModelId(new String(name, StandardCharsets.UTF_8), b.getLong());
        int h = b.getInt();
        int w = b.getInt();
        if (!stored.equals(serving) || h != horizon || w != window) {
            return false;
        }
        long[] written = new long[h];
        for (int k = 0; k < h; k++) {
            written[k] = b.getLong();
        }
        IntervalCalibrator restored = new IntervalCalibrator(h, coverage, window, minResiduals);
        try (KeyValueIterator<Long, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> kv = it.next();
                if (kv.key == HEADER) {
                    continue;
                }
                int step = (int) (kv.key >>> 32);
                int chunk = (int) (long) kv.key;
                if (step < 1 || step > h) {
                    continue;
                }
                ByteBuffer c = ByteBuffer.wrap(kv.value);
                double[] slots = new double[kv.value.length / 8];
                for (int i = 0; i < slots.length; i++) {
                    slots[i] = c.getDouble();
                }
                restored.restore(step, written[step - 1], chunk * CHUNK, slots);
            }
        }
        for (int step = 1; step <= h; step++) {
            restored.restore(step, written[step - 1], 0, new double[0]); // steps without a chunk yet
        }
        model = stored;
        serve(restored);
        return true;
    }

    /** Serves {@code c}, with nothing added or changed since (residuals of the version before were put in already). */
    private void serve(IntervalCalibrator c) {
        calibrator = c;
        dirtyChunks = new boolean[c.horizon()][(window + CHUNK - 1) / CHUNK];
        added = new double[c.horizon()][16];
        addedCount = new int[c.horizon()];
    }

    private void clear() {
        List<Long> keys = new ArrayList<>();
        try (KeyValueIterator<Long, byte[]> it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(store::delete);
        headerDirty = false;
    }
}

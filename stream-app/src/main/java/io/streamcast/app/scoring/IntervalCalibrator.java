package io.streamcast.app.scoring;

import java.util.Arrays;

/**
 * Prediction-interval half-widths from recent live residuals, per horizon step (split conformal): for each step,
 * a rolling window of the last {@code window} absolute residuals, each divided by the scale of the window its
 * forecast was made from (so one calibration serves series of any scale, as the forecaster's own widths do), and
 * the half-width is their conformal quantile at the target coverage — the ⌈(n + 1)·coverage⌉-th smallest of n.
 * A step has a width once it holds {@link #requiredResiduals} residuals; until then the model's own interval stands.
 *
 * <p>With exchangeable residuals, an interval {@code forecast ± scale × width} covers the actual with probability
 * at least the target; over a rolling window it follows slow changes in the error. Not thread-safe.
 *
 * <p>Each step keeps its residuals twice: in arrival order (the ring, which says which one a new residual replaces)
 * and sorted, updated by two binary searches and one array move per residual (of the entries between where the new
 * residual goes and where the one it replaces was), so the width is a lookup. Copying and
 * sorting the window for each batch's widths had been a tenth of the stream thread's time.
 */
public final class IntervalCalibrator {
    private final double coverage;
    private final int window;
    private final int required;
    private final double[][] residuals;
    private final long[] written;
    /** Per step, the ring's residuals in increasing order (its first {@link #size} entries). */
    private final double[][] sorted;
    /** Per step, whether {@link #sorted} must be rebuilt from the ring (after a restore). */
    private final boolean[] unsorted;

    /**
     * @param horizon      steps per forecast
     * @param coverage     target coverage, strictly between 0 and 1
     * @param window       residuals kept per step
     * @param minResiduals residuals a step needs before its width is used (raised to what the coverage needs)
     */
    public IntervalCalibrator(int horizon, double coverage, int window, int minResiduals) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, was " + horizon);
        }
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("coverage must be strictly between 0 and 1, was " + coverage);
        }
        this.coverage = coverage;
        this.window = window;
        this.required = requiredResiduals(coverage, minResiduals);
        if (required > window) {
            throw new IllegalArgumentException("a window of " + window + " residuals cannot calibrate " + coverage
                    + " coverage from " + required);
        }
        this.residuals = new double[horizon][window];
        this.written = new long[horizon];
        this.sorted = new double[horizon][window];
        this.unsorted = new boolean[horizon];
    }

    /**
     * Residuals a step needs: {@code minResiduals}, and at least enough that the conformal quantile is one of
     * them rather than beyond the largest (n ≥ coverage / (1 − coverage), e.g. 9 for 90%).
     */
    public static int requiredResiduals(double coverage, int minResiduals) {
        return Math.max(Math.max(1, minResiduals), (int) Math.ceil(coverage / (1 - coverage) - 1e-9));
    }

    public int horizon() {
        return residuals.length;
    }

    public double coverage() {
        return coverage;
    }

    public int window() {
        return window;
    }

    /** Adds the scaled absolute residual of a forecast's step (1-based), dropping the step's oldest when full. */
    public void add(int step, double scaledResidual) {
        if (!(scaledResidual >= 0) || Double.isInfinite(scaledResidual)) {
            return; // only a finite, non-negative residual says anything about the width
        }
        int k = step - 1;
        int slot = slotOf(written[k]);
        if (!unsorted[k]) {
            int n = size(step);
            double[] s = sorted[k];
            int insert = lowerBound(s, n, scaledResidual);
            if (n < window) {
                System.arraycopy(s, insert, s, insert + 1, n - insert);
                s[insert] = scaledResidual;
            } else { // the residual in this slot leaves the window: only the entries between the two places move
                int leaves = lowerBound(s, n, residuals[k][slot]);
                if (insert > leaves) {
                    System.arraycopy(s, leaves + 1, s, leaves, insert - 1 - leaves);
                    s[insert - 1] = scaledResidual;
                } else {
                    System.arraycopy(s, insert, s, insert + 1, leaves - insert);
                    s[insert] = scaledResidual;
                }
            }
        }
        residuals[k][slot] = scaledResidual;
        written[k]++;
    }

    /** The first index of {@code a[0, n)} (ascending) whose value is not below {@code x}; n if none. */
    private static int lowerBound(double[] a, int n, double x) {
        if (n == 0) {
            return 0;
        }
        int base = 0;
        for (int len = n; len > 1; len -= len >>> 1) {
            int half = len >>> 1;
            base = a[base + half - 1] < x ? base + half : base; // no branch to mispredict: a conditional move
        }
        return a[base] < x ? base + 1 : base;
    }

    /** Residuals ever added to a step (1-based) since this calibration started; the slot of the next is this mod window. */
    public long written(int step) {
        return written[step - 1];
    }

    /** Residuals a step holds now. */
    public int size(int step) {
        return (int) Math.min(written[step - 1], window);
    }

    /** The ring slot the {@code n}-th residual of a step goes to. */
    public int slotOf(long n) {
        return (int) (n % window);
    }

    /** Half-width of a step (1-based) in scaled units, or NaN while it has too few residuals. */
    public double halfWidth(int step) {
        int k = step - 1;
        int n = size(step);
        if (n < required) {
            return Double.NaN;
        }
        if (unsorted[k]) {
            System.arraycopy(residuals[k], 0, sorted[k], 0, n);
            Arrays.sort(sorted[k], 0, n);
            unsorted[k] = false;
        }
        int rank = (int) Math.min(n, Math.ceil((n + 1) * coverage - 1e-9));
        return sorted[k][Math.max(1, rank) - 1];
    }

    /** The residual in a step's slot (for persisting the calibration). */
    public double residual(int step, int slot) {
        return residuals[step - 1][slot];
    }

    /** Puts back a step's state as it was persisted: its residual count and the slots from {@code from} on. */
    public void restore(int step, long writtenCount, int from, double[] slots) {
        int k = step - 1;
        written[k] = writtenCount;
        System.arraycopy(slots, 0, residuals[k], from, Math.min(slots.length, window - from));
        unsorted[k] = true;
    }
}

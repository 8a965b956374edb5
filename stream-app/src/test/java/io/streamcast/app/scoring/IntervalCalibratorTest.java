package io.streamcast.app.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntervalCalibratorTest {
    private static final int HORIZON = 4;
    private static final int BATCH = 16;
    private static final int WARM_UP = 1_000;

    /**
     * A simulated stream of forecasts for series of very different scales, with an error that grows with the step
     * and has heavy tails. As in the topology, forecasts come in batches served with the widths known when the batch
     * starts, and their residuals join the calibration as they arrive. Returns the measured coverage per step after
     * a warm-up.
     */
    private static double[] simulate(double target, long seed, int forecasts, int window) {
        IntervalCalibrator c = new IntervalCalibrator(HORIZON, target, window, 100);
        Random random = new Random(seed);
        double[] scales = {15_000, 1.1, 20, 0.001};
        int[] inside = new int[HORIZON];
        int[] served = new int[HORIZON];
        double[] widths = new double[HORIZON];
        for (int t = 0; t < forecasts; t++) {
            if (t % BATCH == 0) {
                for (int step = 1; step <= HORIZON; step++) {
                    widths[step - 1] = c.halfWidth(step);
                }
            }
            double scale = scales[t % scales.length] * (0.5 + random.nextDouble()); // the window's own spread
            for (int step = 1; step <= HORIZON; step++) {
                // Student-t with 3 degrees of freedom: heavy tails, unlike anything a normal interval assumes
                double chi = 0;
                for (int i = 0; i < 3; i++) {
                    double g = random.nextGaussian();
                    chi += g * g;
                }
                double error = scale * Math.sqrt(step) * random.nextGaussian() / Math.sqrt(chi / 3);
                double width = widths[step - 1];
                if (t >= WARM_UP) {
                    if (Double.isNaN(width)) {
                        throw new AssertionError("step " + step + " not calibrated after the warm-up");
                    }
                    served[step - 1]++;
                    if (Math.abs(error) <= scale * width) {
                        inside[step - 1]++;
                    }
                }
                c.add(step, Math.abs(error) / scale);
            }
        }
        double[] coverage = new double[HORIZON];
        for (int k = 0; k < HORIZON; k++) {
            coverage[k] = (double) inside[k] / served[k];
        }
        return coverage;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.8, 0.9, 0.95})
    void shouldCoverTheTargetWithinAFewPointsOnASimulatedStream(double target) {
        double[] coverage = simulate(target, 11, WARM_UP + 20_000, 1_000);
        for (int k = 0; k < HORIZON; k++) {
            // 20,000 forecasts per step: the sampling error alone is about 0.2 points
            assertThat(coverage[k]).as("coverage of step %d at target %s", k + 1, target).isBetween(target - 0.02, target + 0.02);
        }
    }

    @Test
    void shouldFollowAChangeInTheErrorWithinAWindow() {
        IntervalCalibrator c = new IntervalCalibrator(1, 0.9, 500, 100);
        Random random = new Random(5);
        for (int t = 0; t < 2_000; t++) {
            c.add(1, Math.abs(random.nextGaussian()));
        }
        double before = c.halfWidth(1);
        assertThat(before).as("90% of |N(0,1)|").isCloseTo(1.645, org.assertj.core.data.Offset.offset(0.15));
        int inside = 0;
        int n = 0;
        for (int t = 0; t < 3_000; t++) {
            double residual = 3 * Math.abs(random.nextGaussian()); // the error triples
            if (t >= 500) {
                n++;
                inside += residual <= c.halfWidth(1) ? 1 : 0;
            }
            c.add(1, residual);
        }
        assertThat(c.halfWidth(1)).isCloseTo(3 * 1.645, org.assertj.core.data.Offset.offset(0.4));
        assertThat((double) inside / n).as("coverage once a window has passed").isBetween(0.87, 0.93);
    }

    @Test
    void shouldUseTheConformalQuantileOfTheResiduals() {
        IntervalCalibrator c = new IntervalCalibrator(2, 0.9, 100, 9);
        for (int i = 1; i <= 19; i++) {
            c.add(1, i);
        }
        // n = 19: the ⌈20 × 0.9⌉ = 18th smallest
        assertThat(c.halfWidth(1)).isEqualTo(18);
        for (int i = 1; i <= 9; i++) {
            c.add(2, 10 - i);
        }
        // n = 9: the ⌈10 × 0.9⌉ = 9th smallest, the largest
        assertThat(c.halfWidth(2)).isEqualTo(9);
    }

    @Test
    void shouldHaveNoWidthUntilAStepHasEnoughResiduals() {
        IntervalCalibrator c = new IntervalCalibrator(2, 0.9, 1_000, 100);
        for (int i = 0; i < 99; i++) {
            c.add(1, 1);
        }
        assertThat(c.halfWidth(1)).isNaN();
        c.add(1, 1);
        assertThat(c.halfWidth(1)).isEqualTo(1);
        assertThat(c.halfWidth(2)).as("steps are calibrated on their own").isNaN();
    }

    @Test
    void shouldNeedAtLeastAsManyResidualsAsTheCoverageRequires() {
        assertThat(IntervalCalibrator.requiredResiduals(0.9, 1)).isEqualTo(9);
        assertThat(IntervalCalibrator.requiredResiduals(0.99, 10)).isEqualTo(99);
        assertThat(IntervalCalibrator.requiredResiduals(0.9, 100)).isEqualTo(100);
        assertThatThrownBy(() -> new IntervalCalibrator(1, 0.999, 500, 10)).hasMessageContaining("cannot calibrate");
        assertThatThrownBy(() -> new IntervalCalibrator(1, 1.0, 500, 10)).hasMessageContaining("strictly between 0 and 1");
    }

    @Test
    void shouldForgetTheOldestResidualsBeyondTheWindow() {
        IntervalCalibrator c = new IntervalCalibrator(1, 0.5, 10, 1);
        for (int i = 0; i < 10; i++) {
            c.add(1, 100);
        }
        for (int i = 0; i < 10; i++) {
            c.add(1, 1);
        }
        assertThat(c.size(1)).isEqualTo(10);
        assertThat(c.written(1)).isEqualTo(20);
        assertThat(c.halfWidth(1)).isEqualTo(1);
    }

    @Test
    void shouldIgnoreResidualsThatAreNotFiniteOrNegative() {
        IntervalCalibrator c = new IntervalCalibrator(1, 0.9, 100, 9);
        c.add(1, Double.NaN);
        c.add(1, Double.POSITIVE_INFINITY);
        c.add(1, -1);
        assertThat(c.written(1)).isZero();
    }

    /** The width kept up to date residual by residual is the one from sorting the window afresh, before and after a restore. */
    @Test
    void shouldKeepTheQuantileOfTheWindowAsResidualsComeAndGo() {
        int window = 50;
        IntervalCalibrator c = new IntervalCalibrator(1, 0.8, window, 10);
        Random random = new Random(7);
        java.util.ArrayDeque<Double> recent = new java.util.ArrayDeque<>();
        for (int i = 0; i < 400; i++) {
            double r = random.nextInt(5) == 0 ? 1.0 : random.nextDouble() * 3; // ties included
            c.add(1, r);
            recent.addLast(r);
            if (recent.size() > window) {
                recent.removeFirst();
            }
            if (i == 200) { // as after a restart: the ring put back, the order rebuilt once
                IntervalCalibrator restored = new IntervalCalibrator(1, 0.8, window, 10);
                double[] slots = new double[window];
                for (int slot = 0; slot < window; slot++) {
                    slots[slot] = c.residual(1, slot);
                }
                restored.restore(1, c.written(1), 0, slots);
                c = restored;
            }
            double[] sorted = recent.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = sorted.length;
            double expected = n < 10 ? Double.NaN : sorted[(int) Math.min(n, Math.ceil((n + 1) * 0.8 - 1e-9)) - 1];
            assertThat(Double.valueOf(c.halfWidth(1))).as("after %d residuals", i + 1).isEqualTo(Double.valueOf(expected));
        }
    }
}

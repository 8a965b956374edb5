package io.streamcast.models.anomaly;

import static io.streamcast.models.anomaly.AnomalyFixtures.SMALL;
import static io.streamcast.models.anomaly.AnomalyFixtures.seasonal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StreamingDetectorTest {

    private static final int LENGTH = 700;
    private static final int SPIKE_AT = 520;

    @Test
    void shouldScoreAPlantedSpikeNearOneAndItsNeighboursNot() {
        double[] series = seasonal(5, LENGTH);
        series[SPIKE_AT] += 60; // 15 noise standard deviations, 3 amplitudes

        AnomalyScore[] scores = new StreamingDetector(SMALL).next(series);

        assertThat(scores[SPIKE_AT].score()).as("score of the spike").isGreaterThanOrEqualTo(0.9999);
        assertThat(scores[SPIKE_AT].anomaly()).isTrue();
        for (int i = SPIKE_AT - 10; i <= SPIKE_AT + 10; i++) {
            if (i != SPIKE_AT) {
                // a tail probability above 0.005, fifty times the spike's
                assertThat(scores[i].score()).as("score of point %d, %d from the spike", i, i - SPIKE_AT).isLessThan(0.995);
                assertThat(scores[i].anomaly()).isFalse();
            }
        }
    }

    @Test
    void shouldScoreZeroWhileWarmingUpAndCalibrating() {
        AnomalyScore[] scores = new StreamingDetector(SMALL).next(seasonal(6, SMALL.warmup() + SMALL.calibrationPoints() + 1));

        for (int i = 0; i < SMALL.warmup() + SMALL.calibrationPoints(); i++) {
            assertThat(scores[i].warmingUp()).as("point %d", i).isTrue();
            assertThat(scores[i].score()).isZero();
            assertThat(scores[i].anomaly()).isFalse();
        }
        assertThat(scores[SMALL.warmup() - 1].error()).as("no model yet").isNaN();
        assertThat(scores[SMALL.warmup()].error()).as("first point the first model scores").isNotNaN();
        AnomalyScore first = scores[SMALL.warmup() + SMALL.calibrationPoints()];
        assertThat(first.warmingUp()).isFalse();
        assertThat(first.score()).isBetween(0.0, 1.0);
    }

    @Test
    void shouldNotChangeTheScoreOfARowWhenLaterRowsChange() {
        double[] original = seasonal(7, LENGTH);
        double[] changed = original.clone();
        int row = 450; // after the first fit and two refits, mid-way between refits
        for (int i = row + 1; i < LENGTH; i++) {
            changed[i] = original[i] * 3 + 50 * Math.sin(i);
        }
        changed[row + 1] = 1e6;

        AnomalyScore[] a = new StreamingDetector(SMALL).next(original);
        AnomalyScore[] b = new StreamingDetector(SMALL).next(changed);

        assertThat(Arrays.copyOf(b, row + 1)).containsExactly(Arrays.copyOf(a, row + 1));
        // and the change is seen, so the equality above is not vacuous
        assertThat(b[row + 1].score()).isGreaterThan(0.999);
    }

    @Test
    void shouldScoreTheSamePointByPointAsInOneCall() {
        double[] series = seasonal(8, 500);
        series[450] -= 80;

        AnomalyScore[] batched = new StreamingDetector(SMALL).next(series);
        StreamingDetector single = new StreamingDetector(SMALL);
        AnomalyScore[] pointByPoint = Arrays.stream(series).mapToObj(single::next).toArray(AnomalyScore[]::new);

        for (int i = 0; i < series.length; i++) {
            AnomalyScore a = batched[i];
            AnomalyScore b = pointByPoint[i];
            assertThat(b.warmingUp()).as("point %d", i).isEqualTo(a.warmingUp());
            assertThat(b.anomaly()).as("point %d", i).isEqualTo(a.anomaly());
            // a batched matrix product rounds differently from a one-row one
            assertThat(b.score()).as("point %d", i).isCloseTo(a.score(), within(0.01));
            if (!Double.isNaN(a.error())) {
                assertThat(b.error()).as("point %d", i).isCloseTo(a.error(), within(1e-6 + 1e-5 * a.error()));
            }
        }
        assertThat(batched[450].anomaly()).isTrue();
        assertThat(single.fits()).as("fits at 100, 200, 400").isEqualTo(3);
    }

    @Test
    void shouldRefitWithTheDoublingScheduleUpToTheRefitInterval() {
        StreamingDetector detector = new StreamingDetector(SMALL);

        detector.next(seasonal(9, 1_000));

        // 100, 200, 400, 600, 800, 1000
        assertThat(detector.fits()).isEqualTo(6);
        assertThat(detector.model()).hasValueSatisfying(m -> assertThat(m.card().version()).isEqualTo(6));
    }
}

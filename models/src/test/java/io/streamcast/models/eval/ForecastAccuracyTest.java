package io.streamcast.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ForecastAccuracyTest {

    private static final double EPS = 1e-12;

    @Test
    void shouldComputeSmapeCountingBothZeroAsNoError() {
        // terms: 200·10/210, 200·20/380, 0
        double smape = ForecastAccuracy.smape(new double[] {100, 200, 0}, new double[] {110, 180, 0});

        assertThat(smape).isCloseTo((2000.0 / 210 + 4000.0 / 380) / 3, within(EPS));
    }

    @Test
    void shouldGiveMaximalSmapeWhenOneSideIsZero() {
        assertThat(ForecastAccuracy.smape(new double[] {0, 5}, new double[] {5, 0})).isEqualTo(200.0);
    }

    @Test
    void shouldScaleMaseBySeasonalNaiveInSampleError() {
        // seasonal differences with m = 2: |3−1|, |4−2|, |5−3|, |6−4| → scale 2; errors 1 and 2 → mean 1.5
        double mase = ForecastAccuracy.mase(new double[] {1, 2, 3, 4, 5, 6}, new double[] {7, 8},
                new double[] {6, 10}, 2);

        assertThat(mase).isCloseTo(0.75, within(EPS));
    }

    @Test
    void shouldFallBackToPeriodOneWhenHistoryIsShorterThanASeasonPlusOne() {
        // m = 4 needs 5 points; with m = 1 the scale is |3−1| = 2
        double mase = ForecastAccuracy.mase(new double[] {1, 3}, new double[] {5}, new double[] {4}, 4);

        assertThat(mase).isCloseTo(0.5, within(EPS));
    }

    @Test
    void shouldReturnNanMaseWhenInSampleScaleIsZeroOrUndefined() {
        assertThat(ForecastAccuracy.mase(new double[] {3, 3, 3}, new double[] {4}, new double[] {3}, 1)).isNaN();
        assertThat(ForecastAccuracy.mase(new double[] {3}, new double[] {4}, new double[] {3}, 1)).isNaN();
    }

    @Test
    void shouldRepeatTheLastSeasonForSeasonalNaive() {
        double[] history = {1, 2, 3, 4, 5, 6, 7};

        assertThat(ForecastAccuracy.seasonalNaive(history, 3, 5)).containsExactly(5, 6, 7, 5, 6);
        assertThat(ForecastAccuracy.seasonalNaive(history, 1, 2)).containsExactly(7, 7);
        assertThat(ForecastAccuracy.seasonalNaive(new double[] {1, 2}, 4, 2)).containsExactly(2, 2);
    }

    @Test
    void shouldRejectMismatchedLengthsAndBadSeason() {
        assertThatThrownBy(() -> ForecastAccuracy.smape(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ForecastAccuracy.mase(new double[] {1, 2}, new double[] {1}, new double[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ForecastAccuracy.seasonalNaive(new double[0], 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.streamcast.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.models.forecast.SeasonalNaiveModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldoutEvaluationTest {
    private static double[] seasonal(int n, int period) {
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = 100 + 10 * Math.sin(2 * Math.PI * t / period);
        }
        return x;
    }

    @Test
    void shouldHoldBackTheLatestStretchOfEachSeriesFromTraining() {
        HoldoutEvaluation e = new HoldoutEvaluation(List.of(seasonal(100, 8), seasonal(50, 8)), 0.2, 4, 16, 10);
        List<double[]> training = e.trainingPart();
        assertThat(training).hasSize(2);
        assertThat(training.get(0)).hasSize(80).isEqualTo(java.util.Arrays.copyOf(seasonal(100, 8), 80));
        assertThat(training.get(1)).hasSize(40);
        assertThat(e.heldBack(10)).as("at least a horizon").isEqualTo(4);
    }

    @Test
    void shouldScoreEveryModelFromTheSameOriginsAndRankTheBetterOneLower() {
        HoldoutEvaluation e = new HoldoutEvaluation(List.of(seasonal(200, 8), seasonal(200, 8)), 0.2, 4, 16, 8);
        assertThat(e.origins()).isEqualTo(16);
        double lastValue = e.smape(new SeasonalNaiveModel(16, 4, 1));
        double lastSeason = e.smape(new SeasonalNaiveModel(16, 4, 8));
        assertThat(lastSeason).as("the seasonal-naive forecast of a pure season is exact").isLessThan(1e-9);
        assertThat(lastValue).isGreaterThan(1);
    }

    @Test
    void shouldRefuseAModelNeedingMoreHistoryThanTheOriginsHave() {
        HoldoutEvaluation e = new HoldoutEvaluation(List.of(seasonal(200, 8)), 0.2, 4, 16, 8);
        assertThatThrownBy(() -> e.smape(new SeasonalNaiveModel(32, 4, 1))).hasMessageContaining("window 32");
    }

    @Test
    void shouldScoreNothingWhenNoSeriesHasAFullWindowBeforeItsHeldBackStretch() {
        HoldoutEvaluation e = new HoldoutEvaluation(List.of(seasonal(12, 8)), 0.2, 4, 16, 8);
        assertThat(e.origins()).isZero();
        assertThat(e.smape(new SeasonalNaiveModel(16, 4, 1))).isNaN();
    }
}

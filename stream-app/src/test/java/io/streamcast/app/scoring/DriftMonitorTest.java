package io.streamcast.app.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {
    private static final ModelId V1 = new ModelId("forecaster", 1);
    private static final ModelId V2 = new ModelId("forecaster", 2);
    private static final int BASELINE = 100;
    private static final int WINDOW = 50;

    private final AtomicReference<ModelId> serving = new AtomicReference<>(V1);
    private final Random random = new Random(3);
    private DriftMonitor monitor;

    @BeforeEach
    void create() {
        monitor = new DriftMonitor(serving::get, BASELINE, WINDOW, 1.5);
    }

    /** Forecasts whose sMAPE scatters around {@code level} percent. */
    private void score(ModelId model, int n, double level) {
        for (int i = 0; i < n; i++) {
            monitor.record(model, level * (0.5 + random.nextDouble()));
        }
    }

    @Test
    void shouldLearnTheBaselineFromTheFirstForecastsOfTheVersion() {
        assertThat(monitor.status().baselineSmape()).isNaN();
        assertThat(monitor.status().liveSmape()).isNaN();
        score(V1, BASELINE - 1, 2.0);
        assertThat(monitor.status().baselineSmape()).as("one short of the baseline").isNaN();
        score(V1, 1, 2.0);
        DriftStatus s = monitor.status();
        assertThat(s.model()).isEqualTo(V1);
        assertThat(s.scored()).isEqualTo(BASELINE);
        assertThat(s.baselineSmape()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(s.drifted()).isFalse();
    }

    @Test
    void shouldNotDriftWhileTheLiveErrorStaysNearTheBaseline() {
        score(V1, BASELINE, 2.0);
        score(V1, 20 * WINDOW, 2.4);
        DriftStatus s = monitor.status();
        assertThat(s.liveOverBaseline()).isBetween(1.05, 1.35);
        assertThat(s.drifted()).isFalse();
        assertThat(monitor.drifted()).isFalse();
    }

    @Test
    void shouldDriftOnceAFullLiveWindowReachesTheRatio() {
        score(V1, BASELINE, 2.0);
        score(V1, WINDOW - 1, 4.0);
        assertThat(monitor.status().drifted()).as("one forecast short of a live window after the baseline").isFalse();
        score(V1, 1, 4.0);
        DriftStatus s = monitor.status();
        assertThat(s.liveOverBaseline()).isGreaterThanOrEqualTo(1.5);
        assertThat(s.drifted()).isTrue();
    }

    @Test
    void shouldRecoverWhenTheLiveErrorFallsBack() {
        score(V1, BASELINE, 2.0);
        score(V1, WINDOW, 5.0);
        assertThat(monitor.drifted()).isTrue();
        score(V1, WINDOW, 2.0);
        assertThat(monitor.drifted()).isFalse();
    }

    @Test
    void shouldStartAgainWhenAnotherVersionServesAndIgnoreOtherVersionsScores() {
        score(V1, BASELINE, 2.0);
        score(V1, WINDOW, 5.0);
        assertThat(monitor.drifted()).isTrue();

        serving.set(V2);
        DriftStatus fresh = monitor.status();
        assertThat(fresh.model()).isEqualTo(V2);
        assertThat(fresh.scored()).isZero();
        assertThat(fresh.baselineSmape()).isNaN();
        assertThat(fresh.drifted()).isFalse();

        score(V1, 10 * WINDOW, 50.0); // forecasts made by v1 before the swap, completed after it
        assertThat(monitor.status().scored()).isZero();
        score(V2, BASELINE + WINDOW, 1.0);
        assertThat(monitor.status().baselineSmape()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(monitor.drifted()).isFalse();
    }

    @Test
    void shouldUseAPresetBaselineInsteadOfLearningOne() {
        monitor.presetBaseline(V1, 1.0);
        score(V1, WINDOW, 2.0);
        DriftStatus s = monitor.status();
        assertThat(s.baselineSmape()).isEqualTo(1.0);
        assertThat(s.drifted()).as("live 2.0 against a preset 1.0").isTrue();
        monitor.presetBaseline(V2, 0.1);
        assertThat(monitor.status().baselineSmape()).as("a preset for a version not serving is ignored").isEqualTo(1.0);
    }

    @Test
    void shouldTreatAPerfectBaselineAsDriftedByAnyError() {
        monitor.presetBaseline(V1, 0.0);
        score(V1, WINDOW, 0.0);
        assertThat(monitor.drifted()).as("0 against 0").isFalse();
        score(V1, WINDOW, 1.0);
        assertThat(monitor.status().liveOverBaseline()).isInfinite();
        assertThat(monitor.drifted()).isTrue();
    }
}

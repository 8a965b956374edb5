package io.streamcast.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.scoring.ModelId;
import org.junit.jupiter.api.Test;

class ScoreMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScoreMetrics metrics = new ScoreMetrics(registry, "forecast", 0.9, 4);

    private int meters(long version) {
        return registry.find("streamcast.forecast.error").tag("version", Long.toString(version)).meters().size()
                + registry.find("streamcast.forecast.interval.coverage").tag("version", Long.toString(version)).meters().size();
    }

    @Test
    void shouldKeepTheMetersOfTheTwoMostRecentVersionsOnly() {
        ModelId v0 = new ModelId("seasonal-naive", 0);
        ModelId v1 = new ModelId("forecaster", 1);
        ModelId v2 = new ModelId("forecaster", 2);
        metrics.step(v0, 1, 1.0, 2.0, true);
        metrics.step(v0, 2, 1.0, 2.0, true);
        metrics.step(v1, 1, 1.0, 2.0, true);
        assertThat(meters(0)).isEqualTo(4);
        assertThat(meters(1)).isEqualTo(2);

        metrics.step(v2, 1, 1.0, 2.0, false);
        assertThat(meters(0)).as("the oldest version's meters are removed").isZero();
        assertThat(meters(1)).isEqualTo(2);
        assertThat(meters(2)).isEqualTo(2);

        metrics.step(v0, 1, 1.0, 2.0, true); // a late score of a retired version
        assertThat(meters(0)).as("not brought back").isZero();
        assertThat(meters(1)).as("nor pushing out a newer one").isEqualTo(2);
    }

    @Test
    void shouldMeasureCoverageOverTheMostRecentSteps() {
        ModelId v1 = new ModelId("forecaster", 1);
        assertThat(metrics.coverage(v1, 1)).isNaN();
        for (boolean inside : new boolean[] {false, false, true, true, true, true}) {
            metrics.step(v1, 1, 1.0, 2.0, inside);
        }
        assertThat(metrics.coverage(v1, 1)).as("the last 4").isEqualTo(1.0);
        metrics.step(v1, 1, 1.0, 2.0, false);
        assertThat(metrics.coverage(v1, 1)).isEqualTo(0.75);
        assertThat(registry.get("streamcast.forecast.interval.inside").tags("version", "1", "step", "1").counter().count())
                .as("the counter counts them all").isEqualTo(4);
    }
}

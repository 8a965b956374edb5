package io.streamcast.app.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.models.anomaly.AnomalyConfig;
import io.streamcast.models.anomaly.SeriesState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class AnomalyModelSourceTest {
    /** A small network, one epoch, the first fit after 20 points and refits every 10. */
    private static final AnomalyConfig CONFIG = AnomalyConfig.defaults().withNetwork(8, List.of(4))
            .withTraining(1, 1, 7L).withSchedule(20, 10, 40);
    private static final Duration GAP = Duration.ofSeconds(60);

    private final AtomicLong clock = new AtomicLong();
    private final SeriesState series = new SeriesState(CONFIG);
    private int points;

    @Test
    void shouldRefitAfterTheIntervalOnlyOnceTheGapSinceTheLastFitHasPassed() throws Exception {
        try (AnomalyModelSource source = new AnomalyModelSource("anomaly", CONFIG, GAP, clock::get, new SimpleMeterRegistry())) {
            feed(source, 20);
            awaitTrue(() -> version(source) == 1 && !source.fitting(), "the first fit, at the warmup");

            clock.addAndGet(Duration.ofSeconds(30).toNanos());
            feed(source, 25);
            assertThat(source.fitting()).as("refit due by points, 30 s after the last fit").isFalse();

            clock.addAndGet(Duration.ofSeconds(31).toNanos());
            feed(source, 1);
            assertThat(source.fitting()).as("refit once 61 s have passed").isTrue();
            awaitTrue(() -> version(source) == 2 && !source.fitting(), "the refit");

            feed(source, 10);
            assertThat(source.fitting()).as("the gap counts from the end of the last fit").isFalse();
        }
    }

    @Test
    void shouldRefitOnThePointCountAloneWithoutAGap() throws Exception {
        try (AnomalyModelSource source = new AnomalyModelSource("anomaly", CONFIG, Duration.ZERO, clock::get, new SimpleMeterRegistry())) {
            feed(source, 20);
            awaitTrue(() -> version(source) == 1 && !source.fitting(), "the first fit");
            feed(source, 9);
            assertThat(source.fitting()).as("9 points after the fit").isFalse();
            feed(source, 1);
            assertThat(source.fitting()).as("10 points after the fit, the clock standing still").isTrue();
            awaitTrue(() -> version(source) == 2, "the refit");
        }
    }

    @Test
    void shouldRejectANegativeGap() {
        assertThatThrownBy(() -> new AnomalyModelSource("anomaly", CONFIG, Duration.ofSeconds(-1), new SimpleMeterRegistry()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
    }

    private void feed(AnomalyModelSource source, int n) {
        for (int i = 0; i < n; i++) {
            points++;
            series.add(100 + 10 * Math.sin(points / 3.0));
            source.observe("s", series);
        }
    }

    private static long version(AnomalyModelSource source) {
        return source.current().map(m -> m.card().version()).orElse(0L);
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10); // polling a condition with a deadline, not synchronising by time
        }
    }
}

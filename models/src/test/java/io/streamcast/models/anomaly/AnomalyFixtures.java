package io.streamcast.models.anomaly;

import io.streamcast.models.forecast.SyntheticSeries;
import java.util.List;

/** Small, fast detector settings and series for the anomaly specs. */
final class AnomalyFixtures {
    /** Period of the synthetic series. */
    static final int PERIOD = 24;
    /**
     * W=16 and an 8-3 encoder, first fit after 100 points, refits every 200 at most on the last 400, scores
     * calibrated against 300 errors after 30: the default life cycle, shrunk to run in seconds.
     */
    static final AnomalyConfig SMALL = new AnomalyConfig(16, List.of(8, 3), 1e-2, 64, 15, 3, 3, 1_000, 42L,
            100, 200, 400, 300, 30, 0.999, 0.9);

    private AnomalyFixtures() {
    }

    /** A noisy seasonal series at level 100 (noise sd 4, amplitude 20), seeded. */
    static double[] seasonal(long seed, int length) {
        return SyntheticSeries.seasonal(seed, length, PERIOD, 100);
    }
}

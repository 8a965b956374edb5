package io.streamcast.models.anomaly;

import static io.streamcast.models.anomaly.AnomalyFixtures.SMALL;
import static io.streamcast.models.anomaly.AnomalyFixtures.seasonal;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.models.artifact.ModelCard.DataRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Points flagged anomalous, and the stretch a flag starts, stay out of the data refits train on. */
class AnomalyProtectedRefitTest {

    private static final int OUTAGE_FROM = 450;

    /** One fit as the detector asked for it: the last point it saw, and the segments it trained on. */
    private record Fit(long lastPoint, List<double[]> segments) {
        /** Whether a segment holds a window of the outage: W equal points in a row (noisy points never repeat). */
        boolean sawTheOutage() {
            for (double[] segment : segments) {
                int run = 1;
                for (int i = 1; i < segment.length; i++) {
                    run = segment[i] == segment[i - 1] ? run + 1 : 1;
                    if (run >= SMALL.window()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    @Test
    void shouldKeepALongOutageOutOfRefitsUntilItHasLastedTheErrorHistory() {
        double[] series = seasonal(11, 800);
        Arrays.fill(series, OUTAGE_FROM, series.length, 0.0); // a sensor that died: flat at zero
        List<Fit> fits = new ArrayList<>();
        StreamingDetector.Fitter trainer = StreamingDetector.Fitter.of(new AnomalyTrainer(SMALL));
        StreamingDetector detector = new StreamingDetector(SMALL, (previous, segments, provenance) -> {
            fits.add(new Fit(provenance.get(0).to(), segments));
            return trainer.fit(previous, segments, provenance);
        });

        AnomalyScore[] scores = detector.next(series);

        assertThat(scores[OUTAGE_FROM].anomaly()).as("the outage is flagged where it starts").isTrue();
        assertThat(fits).extracting(Fit::lastPoint).containsExactly(99L, 199L, 399L, 599L, 799L);
        Fit duringOutage = fits.get(3);
        assertThat(duringOutage.sawTheOutage()).as("the refit 150 points into the outage trained on it").isFalse();
        assertThat(duringOutage.segments()).as("but on the points before it").isNotEmpty();
        // errorHistory 300 − calibrationPoints 30: after 270 points the outage is the new normal
        assertThat(fits.get(4).sawTheOutage()).as("the refit 350 points into the outage").isTrue();
    }

    @Test
    void shouldKeepAFlaggedSpikeOutOfRefitsButNotItsNeighbours() {
        double[] series = seasonal(12, 600);
        int spike = 420;
        series[spike] += 80;
        List<List<double[]>> trainedOn = new ArrayList<>();
        StreamingDetector.Fitter trainer = StreamingDetector.Fitter.of(new AnomalyTrainer(SMALL));
        StreamingDetector detector = new StreamingDetector(SMALL, (previous, segments, provenance) -> {
            trainedOn.add(segments);
            return trainer.fit(previous, segments, provenance);
        });

        AnomalyScore[] scores = detector.next(series);

        assertThat(scores[spike].anomaly()).isTrue();
        List<double[]> refit = trainedOn.get(trainedOn.size() - 1); // at 600, on points 200 … 599
        assertThat(refit).as("split once, at the spike").hasSize(2);
        assertThat(refit.get(0)).hasSize(spike - 200);
        assertThat(refit.get(1)).hasSize(600 - spike - 1);
    }
}

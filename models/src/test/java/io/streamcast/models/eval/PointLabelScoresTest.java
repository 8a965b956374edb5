package io.streamcast.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PointLabelScoresTest {
    @Test
    void shouldCountFlaggedPointsAgainstTheLabels() {
        double[] scores = {0.1, 0.99, 0.2, 0.995, 0.3, 0.999};
        boolean[] labels = {false, true, false, false, false, true};
        PointLabelScores r = PointLabelScores.of(scores, labels, 0.99);
        assertThat(r.flagged()).isEqualTo(3);
        assertThat(r.truePositives()).isEqualTo(2);
        assertThat(r.precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(r.recall()).isEqualTo(1.0);
        assertThat(r.f1()).isCloseTo(0.8, within(1e-12));
        assertThat(r.rocAuc()).as("positives rank 2nd and 1st of six").isCloseTo(7 / 8.0, within(1e-12));
    }

    @Test
    void shouldGiveZeroF1AndNoPrecisionWhenNothingIsFlagged() {
        PointLabelScores r = PointLabelScores.of(new double[] {0.1, 0.2}, new boolean[] {true, false}, 0.9);
        assertThat(r.f1()).isZero();
        assertThat(r.precision()).isNaN();
        assertThat(r.recall()).isZero();
    }
}

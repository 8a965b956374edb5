package io.streamcast.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RocAucTest {

    @Test
    void shouldBeOneWhenEveryPositiveScoresAboveEveryNegative() {
        assertThat(RocAuc.of(new double[] {0.1, 0.2, 0.9, 0.8}, new boolean[] {false, false, true, true})).isEqualTo(1.0);
    }

    @Test
    void shouldBeZeroWhenTheRankingIsReversed() {
        assertThat(RocAuc.of(new double[] {0.9, 0.8, 0.1}, new boolean[] {false, false, true})).isEqualTo(0.0);
    }

    @Test
    void shouldCountTiesAsOneHalf() {
        assertThat(RocAuc.of(new double[] {0.5, 0.5, 0.5, 0.5}, new boolean[] {true, false, true, false})).isEqualTo(0.5);
        // pairs (positive, negative): (0.7, 0.3) wins, (0.7, 0.7) ties, (0.2, 0.3) loses, (0.2, 0.7) loses
        assertThat(RocAuc.of(new double[] {0.7, 0.2, 0.3, 0.7}, new boolean[] {true, true, false, false}))
                .isCloseTo(1.5 / 4, within(1e-12));
    }

    @Test
    void shouldRejectASingleClassOrMismatchedLengths() {
        assertThatThrownBy(() -> RocAuc.of(new double[] {0.1, 0.2}, new boolean[] {true, true}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both classes");
        assertThatThrownBy(() -> RocAuc.of(new double[] {0.1}, new boolean[] {true, false}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 scores but 2 labels");
    }
}

package io.streamcast.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    private static final List<String> HAM_SPAM = List.of("ham", "spam");

    @Test
    void shouldScoreTheMinorityClassOfTwo() {
        // 8 ham, 4 spam: 3 spam found, 1 missed, 1 ham flagged as spam
        int[] truth = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
        int[] predicted = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0};

        ClassificationMetrics m = ClassificationMetrics.of(HAM_SPAM, truth, predicted);

        assertThat(m.minorityClass()).isEqualTo(1);
        assertThat(m.accuracy()).isCloseTo(10.0 / 12, within(1e-12));
        assertThat(m.precision(1)).isCloseTo(0.75, within(1e-12));
        assertThat(m.recall(1)).isCloseTo(0.75, within(1e-12));
        assertThat(m.f1(1)).isCloseTo(0.75, within(1e-12));
        assertThat(m.f1(0)).isCloseTo(2 * (7.0 / 8) * (7.0 / 8) / (7.0 / 8 + 7.0 / 8), within(1e-12));
        assertThat(m.macroF1()).isCloseTo((m.f1(0) + m.f1(1)) / 2, within(1e-12));
        Map<String, Object> map = m.toMap();
        assertThat(map).containsEntry("n", 12L).containsEntry("positive_class", "spam")
                .containsEntry("precision", 0.75).containsEntry("recall", 0.75).containsEntry("f1", 0.75);
        assertThat(map.keySet()).containsExactly("n", "accuracy", "macro_f1", "positive_class", "precision", "recall", "f1");
    }

    @Test
    void shouldTakeTheFirstClassAsPositiveWhenItIsTheRarer() {
        ClassificationMetrics m = ClassificationMetrics.of(List.of("-1", "1"), new int[] {0, 1, 1}, new int[] {0, 1, 1});

        assertThat(m.minorityClass()).isZero();
        assertThat(m.toMap()).containsEntry("positive_class", "-1").containsEntry("f1", 1.0);
    }

    @Test
    void shouldGiveNoPositiveClassScoresForMoreThanTwoClasses() {
        ClassificationMetrics m = ClassificationMetrics.of(List.of("a", "b", "c"), new int[] {0, 1, 2, 2}, new int[] {0, 1, 2, 1});

        assertThat(m.accuracy()).isEqualTo(0.75);
        assertThat(m.toMap()).containsOnlyKeys("n", "accuracy", "macro_f1");
        // f1: a 1, b 2/3 (p 1/2, r 1), c 2/3 (p 1, r 1/2)
        assertThat(m.macroF1()).isCloseTo((1 + 2.0 / 3 + 2.0 / 3) / 3, within(1e-12));
    }

    @Test
    void shouldCountAClassNeverFoundAsZeroAndLeaveAbsentClassesOut() {
        // class c neither occurs nor is predicted: it is not in the macro mean; b occurs but is never predicted: F1 0
        ClassificationMetrics m = ClassificationMetrics.of(List.of("a", "b", "c"), new int[] {0, 0, 1}, new int[] {0, 0, 0});

        assertThat(m.f1(1)).isZero();
        assertThat(m.macroF1()).isCloseTo((0.8 + 0) / 2, within(1e-12));
    }

    @Test
    void shouldRejectMismatchedLengthsAndIndicesOutOfRange() {
        assertThatThrownBy(() -> ClassificationMetrics.of(HAM_SPAM, new int[] {0}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClassificationMetrics.of(HAM_SPAM, new int[] {2}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("example 0");
    }

    @Test
    void shouldGiveNanWithoutExamples() {
        ClassificationMetrics m = ClassificationMetrics.of(HAM_SPAM, new int[0], new int[0]);

        assertThat(m.accuracy()).isNaN();
        assertThat(m.toMap()).containsEntry("accuracy", null);
    }
}

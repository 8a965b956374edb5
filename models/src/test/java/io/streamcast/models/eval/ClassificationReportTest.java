package io.streamcast.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {

    private static ConfusionMatrix of(List<String> classes, int[] actual, int[] predicted) {
        ConfusionMatrix cm = new ConfusionMatrix(classes);
        for (int i = 0; i < actual.length; i++) {
            cm.add(actual[i], predicted[i]);
        }
        return cm;
    }

    @Test
    void shouldReportTheMinorityClassOfTwo() {
        // 8 ham, 4 spam: 3 spam found, 1 missed, 1 ham flagged as spam
        ConfusionMatrix cm = of(List.of("ham", "spam"), new int[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1},
                new int[] {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0});

        Map<String, Object> m = ClassificationReport.toMap(cm);

        assertThat(m.keySet()).containsExactly("n", "accuracy", "error", "macro_f1", "positive_class", "precision", "recall", "f1");
        assertThat(m).containsEntry("n", 12L).containsEntry("accuracy", 0.8333).containsEntry("error", 0.1667)
                .containsEntry("positive_class", "spam").containsEntry("precision", 0.75).containsEntry("recall", 0.75)
                .containsEntry("f1", 0.75).containsEntry("macro_f1", 0.8125); // (0.875 + 0.75) / 2
    }

    @Test
    void shouldTakeTheFirstClassAsPositiveWhenItIsTheRarer() {
        ConfusionMatrix cm = of(List.of("-1", "1"), new int[] {0, 1, 1}, new int[] {0, 1, 0});

        assertThat(ClassificationReport.minorityClass(cm)).isZero();
        assertThat(ClassificationReport.toMap(cm)).containsEntry("positive_class", "-1").containsEntry("recall", 1.0)
                .containsEntry("precision", 0.5);
    }

    @Test
    void shouldLeaveOutPositiveClassScoresForMoreThanTwoClasses() {
        ConfusionMatrix cm = of(List.of("a", "b", "c"), new int[] {0, 1, 2, 2}, new int[] {0, 1, 2, 1});

        assertThat(ClassificationReport.toMap(cm)).containsOnlyKeys("n", "accuracy", "error", "macro_f1");
        assertThatThrownBy(() -> ClassificationReport.minorityClass(cm)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveNullsWithoutExamples() {
        assertThat(ClassificationReport.toMap(new ConfusionMatrix(List.of("a", "b")))).containsEntry("accuracy", null);
    }
}

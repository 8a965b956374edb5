package io.streamcast.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.models.data.TimeSeries.TimeKind;
import org.junit.jupiter.api.Test;

class TimeSeriesTest {

    private static final TimeSeries ABC =
            new TimeSeries("abc", new long[] {1, 2, 3}, new double[] {10, 20, 30}, TimeKind.INSTANT);

    @Test
    void shouldTakeHeadAndTailUpToItsSize() {
        assertThat(ABC.head(2)).isEqualTo(new TimeSeries("abc", new long[] {1, 2}, new double[] {10, 20},
                TimeKind.INSTANT));
        assertThat(ABC.tail(1)).isEqualTo(new TimeSeries("abc", new long[] {3}, new double[] {30}, TimeKind.INSTANT));
        assertThat(ABC.head(5)).isEqualTo(ABC);
        assertThat(ABC.tail(0).size()).isZero();
    }

    @Test
    void shouldCompareByContent() {
        TimeSeries copy = new TimeSeries("abc", new long[] {1, 2, 3}, new double[] {10, 20, 30}, TimeKind.INSTANT);

        assertThat(copy).isEqualTo(ABC).hasSameHashCodeAs(ABC);
        assertThat(copy).isNotEqualTo(new TimeSeries("abc", copy.timestamps(), copy.values(), TimeKind.ORDINAL));
    }

    @Test
    void shouldRejectDecreasingTimestamps() {
        assertThatThrownBy(() -> new TimeSeries("x", new long[] {2, 1}, new double[] {0, 0}, TimeKind.ORDINAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decrease at index 1");
    }

    @Test
    void shouldRejectMismatchedLengths() {
        assertThatThrownBy(() -> new TimeSeries("x", new long[] {1}, new double[] {0, 0}, TimeKind.ORDINAL))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

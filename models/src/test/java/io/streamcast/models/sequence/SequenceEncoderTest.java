package io.streamcast.models.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.models.classify.EncodedBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceEncoderTest {

    @Test
    void shouldNormaliseEachSequenceOnItsOwn() {
        float[] a = SequenceEncoder.normalise(new double[] {1, 2, 3});
        float[] b = SequenceEncoder.normalise(new double[] {1000, 2000, 3000});

        assertThat(a).containsExactly(b);
        assertThat(a[1]).isZero();
        assertThat(a[2]).isCloseTo((float) Math.sqrt(1.5), within(1e-6f));
    }

    @Test
    void shouldTurnAConstantSequenceIntoZeros() {
        assertThat(SequenceEncoder.normalise(new double[] {5, 5, 5, 5})).containsOnly(0f);
        assertThat(SequenceEncoder.normalise(new double[] {7})).containsOnly(0f);
    }

    @Test
    void shouldShortenALongSequenceByAveragingStretches() {
        assertThat(SequenceEncoder.shorten(new double[] {1, 3, 5, 7}, 2)).containsExactly(2, 6);
        // 3 points into 2: stretches [0, 1.5) and [1.5, 3)
        assertThat(SequenceEncoder.shorten(new double[] {0, 3, 6}, 2)).containsExactly(1, 5);
        double[] shortOne = {1, 2};
        assertThat(SequenceEncoder.shorten(shortOne, 5)).isSameAs(shortOne);
    }

    @Test
    void shouldPadSequencesOfDifferentLengthsAndMaskThePadding() {
        EncodedBatch batch = new SequenceEncoder(100, 1).encode(List.of(new double[] {1, 2, 3, 4, 5}, new double[] {1, 3}));

        assertThat(batch.features().shape()).containsExactly(2, 1, 5);
        assertThat(batch.mask().getRow(0).toFloatVector()).containsExactly(1, 1, 1, 1, 1);
        assertThat(batch.mask().getRow(1).toFloatVector()).containsExactly(1, 1, 0, 0, 0);
        assertThat(batch.features().getFloat(1, 0, 0)).isEqualTo(-1f);
        assertThat(batch.features().getFloat(1, 0, 1)).isEqualTo(1f);
        assertThat(batch.features().getFloat(1, 0, 2)).isZero();
    }

    @Test
    void shouldPadToAMultipleOfThePoolingFactorWithAMask() {
        EncodedBatch batch = new SequenceEncoder(100, 4).encode(List.of(new double[] {1, 2, 3, 4, 5}));

        assertThat(batch.features().shape()).containsExactly(1, 1, 8);
        assertThat(batch.mask().toFloatVector()).containsExactly(1, 1, 1, 1, 1, 0, 0, 0);
    }

    @Test
    void shouldCapTheLengthAndLeaveOutTheMaskForEqualLengths() {
        EncodedBatch batch = new SequenceEncoder(8, 1).encode(List.of(new double[1000], new double[20]));

        assertThat(batch.features().shape()).containsExactly(2, 1, 8);
        assertThat(batch.mask()).isNull();
    }
}

package io.streamcast.models.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.models.classify.EncodedBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextEncoderTest {
    private static final TextClassifierConfig CONFIG = TextClassifierConfig.defaults().withHashing(1024, 3, 5, 4)
            .withTokens(5, TextClassifierConfig.Truncation.HEAD);

    @Test
    void shouldEncodeAnEmptyTextAsOneToken() {
        TextEncoder encoder = new TextEncoder(CONFIG);

        int[] empty = encoder.encode("");

        assertThat(encoder.tokens(empty)).isEqualTo(1);
        assertThat(encoder.encode("  \n ")).containsExactly(empty);
    }

    @Test
    void shouldCutAnOverLongTextAtTheConfiguredEnd() {
        TextEncoder head = new TextEncoder(CONFIG);
        TextEncoder tail = new TextEncoder(CONFIG.withTokens(5, TextClassifierConfig.Truncation.TAIL));
        String text = "one two three four five six seven";

        assertThat(head.tokens(head.encode(text))).isEqualTo(5);
        assertThat(head.encode(text)).containsExactly(head.encode("one two three four five"));
        assertThat(tail.encode(text)).containsExactly(tail.encode("three four five six seven"));
    }

    @Test
    void shouldPadABatchToItsLongestTextAndMaskThePadding() {
        TextEncoder encoder = new TextEncoder(CONFIG);

        EncodedBatch batch = encoder.encode(List.of(encoder.encode("hello"), encoder.encode("hello big world")));

        assertThat(batch.features().shape()).containsExactly(2, 12);
        assertThat(batch.mask().getRow(0).toFloatVector()).containsExactly(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(batch.mask().getRow(1).sumNumber().intValue()).isEqualTo(12);
    }

    @Test
    void shouldLeaveOutTheMaskWhenAllTextsAreAsLong() {
        TextEncoder encoder = new TextEncoder(CONFIG);

        EncodedBatch batch = encoder.encode(List.of(encoder.encode("a b"), encoder.encode("c d")));

        assertThat(batch.mask()).isNull();
    }
}

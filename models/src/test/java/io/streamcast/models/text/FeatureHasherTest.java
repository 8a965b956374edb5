package io.streamcast.models.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeatureHasherTest {
    private final FeatureHasher hasher = new FeatureHasher(1 << 15, 3, 5, 12);

    private int[] features(String token) {
        int[] out = new int[hasher.slots()];
        hasher.features(token, out, 0);
        return out;
    }

    private static Set<Integer> set(int[] ids) {
        return new HashSet<>(Arrays.stream(ids).boxed().toList());
    }

    @Test
    void shouldFillEverySlotWithBucketsInRange() {
        for (String token : new String[] {"a", "free", "internationalisation", "£££", "😀"}) {
            assertThat(Arrays.stream(features(token)).boxed().toList()).hasSize(12).allMatch(id -> id >= 0 && id < (1 << 15));
        }
    }

    @Test
    void shouldGiveTheSameFeaturesEveryTime() {
        assertThat(features("prize")).containsExactly(features("prize"));
        assertThat(hasher.bucket("w:prize")).isEqualTo(new FeatureHasher(1 << 15, 3, 5, 12).bucket("w:prize"));
    }

    @Test
    void shouldLetAnUnseenSpellingShareNgramsWithTheWord() {
        Set<Integer> free = set(features("free"));
        Set<Integer> freee = set(features("freee"));

        Set<Integer> shared = new HashSet<>(free);
        shared.retainAll(freee);
        assertThat(shared).hasSizeGreaterThanOrEqualTo(3);        // <fr, fre, ree, <fre, …
        assertThat(features("free")[0]).isNotEqualTo(features("freee")[0]); // but the words differ
    }

    @Test
    void shouldGiveNumbersOfTheSameShapeTheSameNgrams() {
        int[] a = features("07781482378");
        int[] b = features("08002986030");

        assertThat(a[0]).isNotEqualTo(b[0]);
        assertThat(Arrays.copyOfRange(a, 1, a.length)).containsExactly(Arrays.copyOfRange(b, 1, b.length));
    }

    @Test
    void shouldMarkWordBoundariesInTheNgrams() {
        assertThat(hasher.ngrams("ab")).containsExactly("<ab", "ab>", "<ab>");
    }
}

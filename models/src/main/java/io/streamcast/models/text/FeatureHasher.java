package io.streamcast.models.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a token to a fixed number of rows of the embedding table, fastText-style (Bojanowski et al. 2017): the
 * word itself and its character n-grams, each hashed (64-bit FNV-1a of its UTF-8 bytes, modulo the bucket count)
 * into one shared hash space. A word never seen in training still shares n-grams with words that were
 * ({@code freee} with {@code free}), so it carries signal; no vocabulary has to be stored, only the settings.
 *
 * <p>The n-grams are taken from the word between boundary marks ({@code <word>}) with every digit written as
 * {@code 0}, so {@code 07781 482378} and {@code 08002 986030} share the n-grams of an 11-digit number while the
 * word slot still tells them apart. When a word has more n-grams than slots, evenly spaced ones are kept; when it
 * has fewer, the slots cycle through its features again, so every token fills exactly {@code slots} entries.
 */
public final class FeatureHasher {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final int buckets;
    private final int minNgram;
    private final int maxNgram;
    private final int slots;

    public FeatureHasher(int buckets, int minNgram, int maxNgram, int slots) {
        this.buckets = buckets;
        this.minNgram = minNgram;
        this.maxNgram = maxNgram;
        this.slots = slots;
    }

    public int slots() {
        return slots;
    }

    /** Writes the token's {@link #slots()} bucket ids into {@code out} from {@code offset}. */
    public void features(String token, int[] out, int offset) {
        List<String> grams = ngrams(token);
        int[] ids = new int[1 + Math.min(grams.size(), slots - 1)];
        ids[0] = bucket("w:" + token);
        int kept = ids.length - 1;
        for (int j = 0; j < kept; j++) {
            // evenly spaced over all n-grams when there are more than slots
            int pick = (int) ((long) j * grams.size() / kept);
            ids[1 + j] = bucket("g:" + grams.get(pick));
        }
        for (int s = 0; s < slots; s++) {
            out[offset + s] = ids[s % ids.length];
        }
    }

    /** The character n-grams of {@code <token>} (digits as 0), shortest first. */
    List<String> ngrams(String token) {
        StringBuilder b = new StringBuilder("<");
        token.codePoints().forEach(cp -> b.appendCodePoint(Character.isDigit(cp) ? '0' : cp));
        b.append('>');
        int[] cps = b.codePoints().toArray();
        List<String> grams = new ArrayList<>();
        for (int n = minNgram; n <= maxNgram; n++) {
            for (int from = 0; from + n <= cps.length; from++) {
                grams.add(new String(cps, from, n));
            }
        }
        return grams;
    }

    /** The bucket of a feature string. */
    int bucket(String feature) {
        long h = FNV_OFFSET;
        for (byte x : feature.getBytes(StandardCharsets.UTF_8)) {
            h ^= x & 0xff;
            h *= FNV_PRIME;
        }
        return (int) Math.floorMod(h, (long) buckets);
    }
}

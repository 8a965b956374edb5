package io.streamcast.models.text;

import io.streamcast.models.classify.BatchEncoder;
import io.streamcast.models.classify.EncodedBatch;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Texts as network input. {@link #encode(String)} tokenises a text ({@link Tokenizer}, at most {@code maxTokens},
 * cut as the truncation setting says) and hashes every token into {@code slots} embedding rows
 * ({@link FeatureHasher}); a text without tokens becomes one "empty" token. As a {@link BatchEncoder} it pads
 * encoded texts to the longest of the batch ([n, tokens × slots] of row ids) with a mask for the padding.
 */
public final class TextEncoder implements BatchEncoder<int[]> {
    private final TextClassifierConfig config;
    private final FeatureHasher hasher;

    public TextEncoder(TextClassifierConfig config) {
        this.config = config;
        this.hasher = new FeatureHasher(config.buckets(), config.minNgram(), config.maxNgram(), config.featuresPerToken());
    }

    /** The text's token features: {@code slots} bucket ids per token, token after token. */
    public int[] encode(String text) {
        List<String> tokens = Tokenizer.tokens(text, config.maxTokens(),
                config.truncation() == TextClassifierConfig.Truncation.TAIL);
        int slots = hasher.slots();
        if (tokens.isEmpty()) {
            int[] empty = new int[slots];
            java.util.Arrays.fill(empty, hasher.bucket("e:"));
            return empty;
        }
        int[] ids = new int[tokens.size() * slots];
        for (int t = 0; t < tokens.size(); t++) {
            hasher.features(tokens.get(t), ids, t * slots);
        }
        return ids;
    }

    /** Tokens of an encoded text. */
    public int tokens(int[] encoded) {
        return encoded.length / hasher.slots();
    }

    @Override
    public EncodedBatch encode(List<int[]> encoded) {
        int n = encoded.size();
        int longest = encoded.stream().mapToInt(e -> e.length).max().orElse(0);
        boolean ragged = encoded.stream().anyMatch(e -> e.length != longest);
        float[] features = new float[n * longest];
        float[] mask = ragged ? new float[n * longest] : null;
        for (int i = 0; i < n; i++) {
            int[] e = encoded.get(i);
            for (int j = 0; j < e.length; j++) {
                features[i * longest + j] = e[j];
            }
            if (mask != null) {
                java.util.Arrays.fill(mask, i * longest, i * longest + e.length, 1f);
            }
        }
        return new EncodedBatch(Nd4j.create(features, new long[] {n, longest}, 'c'),
                mask == null ? null : Nd4j.create(mask, new long[] {n, longest}, 'c'));
    }
}

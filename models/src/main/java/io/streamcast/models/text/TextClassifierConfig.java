package io.streamcast.models.text;

import io.streamcast.models.classify.TrainingSettings;

/**
 * Tokenisation, feature hashing, network shape and training settings of the text classifier.
 *
 * @param maxTokens       tokens read per text at most; the rest is cut off as {@code truncation} says
 * @param truncation      which end of an over-long text is kept
 * @param buckets         size of the hash space words and character n-grams are hashed into (the embedding rows)
 * @param minNgram        shortest character n-gram of a word
 * @param maxNgram        longest character n-gram of a word
 * @param featuresPerToken hash slots per token: the word and up to this many minus one of its n-grams
 * @param embeddingSize   width of a token's vector (the mean of its slots' embeddings)
 * @param lstmSize        units of the LSTM in each direction
 * @param bidirectional   whether a second LSTM reads the text backwards. Off by default: DL4J 1.0.0-M2.1's
 *                        bidirectional wrapper reverses a padded text with its padding in front and does not reset the
 *                        state over masked steps, so a text's prediction changed with the length of the others in its
 *                        batch (measured: by up to 0.14 in probability); the forward LSTM alone is exact
 * @param dropout         dropout before the softmax layer (0 = none)
 * @param training        ensemble size, epochs, early stopping, batch size, learning rate, seed
 */
public record TextClassifierConfig(
        int maxTokens,
        Truncation truncation,
        int buckets,
        int minNgram,
        int maxNgram,
        int featuresPerToken,
        int embeddingSize,
        int lstmSize,
        boolean bidirectional,
        double dropout,
        TrainingSettings training) {

    /** Which end of an over-long text is kept. */
    public enum Truncation {
        /** the first {@code maxTokens} tokens */
        HEAD,
        /** the last {@code maxTokens} tokens */
        TAIL
    }

    public TextClassifierConfig {
        require(maxTokens >= 1 && maxTokens <= 4096, "max tokens must be between 1 and 4096, was " + maxTokens);
        require(truncation != null, "truncation is required");
        require(buckets >= 16 && buckets <= (1 << 24), "buckets must be between 16 and 2^24, was " + buckets);
        require(minNgram >= 1 && maxNgram >= minNgram && maxNgram <= 10,
                "n-gram range must satisfy 1 <= min <= max <= 10, was " + minNgram + ".." + maxNgram);
        require(featuresPerToken >= 1 && featuresPerToken <= 64, "features per token must be between 1 and 64, was " + featuresPerToken);
        require(embeddingSize >= 1, "embedding size must be at least 1, was " + embeddingSize);
        require(lstmSize >= 1, "lstm size must be at least 1, was " + lstmSize);
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), was " + dropout);
    }

    /** The default recipe (see the README's measured figures). */
    public static TextClassifierConfig defaults() {
        return new TextClassifierConfig(128, Truncation.HEAD, 1 << 15, 3, 5, 12, 32, 32, false, 0.3,
                new TrainingSettings(1, 20, 3, 32, 3e-3, 0.15, 42L));
    }

    public TextClassifierConfig withTraining(TrainingSettings t) {
        return new TextClassifierConfig(maxTokens, truncation, buckets, minNgram, maxNgram, featuresPerToken,
                embeddingSize, lstmSize, bidirectional, dropout, t);
    }

    public TextClassifierConfig withTokens(int max, Truncation end) {
        return new TextClassifierConfig(max, end, buckets, minNgram, maxNgram, featuresPerToken,
                embeddingSize, lstmSize, bidirectional, dropout, training);
    }

    public TextClassifierConfig withHashing(int newBuckets, int newMinNgram, int newMaxNgram, int slots) {
        return new TextClassifierConfig(maxTokens, truncation, newBuckets, newMinNgram, newMaxNgram, slots,
                embeddingSize, lstmSize, bidirectional, dropout, training);
    }

    public TextClassifierConfig withNetwork(int embedding, int lstm, boolean bi, double drop) {
        return new TextClassifierConfig(maxTokens, truncation, buckets, minNgram, maxNgram, featuresPerToken,
                embedding, lstm, bi, drop, training);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}

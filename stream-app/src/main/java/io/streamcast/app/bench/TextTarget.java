package io.streamcast.app.bench;

import io.streamcast.app.classify.text.TextInputDecoder;
import io.streamcast.app.classify.text.TextPipeline;
import io.streamcast.app.config.ClassifierSettings;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.config.TextSettings;
import io.streamcast.models.classify.ClassifierTrainer;
import io.streamcast.models.text.TextClassifier;
import io.streamcast.models.text.TextClassifierConfig;
import io.streamcast.models.text.TextClassifierTrainer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The LSTM text classifier: {@code texts} records {@code {"id":…,"text":"…"}} of SMS-like texts of varied length
 * ({@link SmsLikeTexts}), tokenised, feature-hashed and classified a batch per call (in chunks of similar length).
 * Without an artifact the pipeline's untrained start is served (the default recipe for ham and spam, seeded
 * weights): hashing needs no vocabulary, so its cost per text is a trained model's.
 */
final class TextTarget extends ClassifierTarget<String> {
    private final TextClassifier classifier;
    private final int refitMaxSeconds;

    TextTarget(TextClassifier model, StreamcastConfig config, int series) {
        super("text", TextSettings.KIND, "text", model, new TextInputDecoder(TextSettings.maxChars(config)), config, series,
                new SmsLikeTexts());
        this.classifier = model;
        this.refitMaxSeconds = TextSettings.refitMaxSeconds(config);
    }

    /** The pipeline's untrained start for the settings' classes. */
    static TextClassifier defaultModel(StreamcastConfig config) {
        return TextClassifier.untrained(TextPipeline.UNTRAINED_NAME, TextClassifierConfig.defaults(),
                ClassifierSettings.of(TextSettings.KIND, config).untrainedClasses());
    }

    /** As the text pipeline refits (its recipe, a time budget), within the bench's budget. */
    @Override
    ClassifierTrainer<String> trainer(Duration budget) {
        Duration max = Duration.ofSeconds(refitMaxSeconds);
        return new TextClassifierTrainer(classifier.config()).timeBudget(budget.compareTo(max) < 0 ? budget : max);
    }

    @Override
    Map<String, Object> shape() {
        TextClassifierConfig c = classifier.config();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("max_tokens", c.maxTokens());
        d.put("buckets", c.buckets());
        d.put("features_per_token", c.featuresPerToken());
        d.put("embedding", c.embeddingSize());
        d.put("lstm", c.lstmSize());
        d.put("bidirectional", c.bidirectional());
        d.put("members", c.training().members());
        d.put("payload", "SMS-like text, median ~10 words, ~13% spam-like");
        d.put("inference", "tokenise and hash per text; DL4J ComputationGraph (hashed embeddings, LSTM), chunks of similar length");
        return d;
    }
}

package io.streamcast.app.classify.text;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamcast.app.classify.ClassifierModelSource;
import io.streamcast.app.classify.ClassifierPipeline;
import io.streamcast.app.config.ClassifierSettings;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.config.TextSettings;
import io.streamcast.app.metrics.ClassifierMetrics;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.text.TextClassifier;
import io.streamcast.models.text.TextClassifierConfig;
import io.streamcast.models.text.TextClassifierTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;

/** Builds the text classification pipeline from the settings: its starting model, decoder, refits and meters. */
public final class TextPipeline {
    /** Name of an untrained starting model. */
    public static final String UNTRAINED_NAME = "text-classifier";

    private TextPipeline() {
    }

    /**
     * The artifact of {@code streamcast.text.model} (verified, with the signing key when one is configured), or an
     * untrained model of the default recipe for {@code streamcast.text.classes}; refits run on a thread of their own.
     */
    public static ClassifierPipeline<String> create(StreamcastConfig config, MeterRegistry registry) throws IOException {
        return create(config, registry, null, TextClassifierConfig.defaults());
    }

    /**
     * The same with the refits on {@code executor} (tests pass {@code Runnable::run}) and {@code untrained} as the
     * recipe of an untrained start (tests pass a small one).
     */
    public static ClassifierPipeline<String> create(StreamcastConfig config, MeterRegistry registry, Executor executor,
            TextClassifierConfig untrained) throws IOException {
        ClassifierSettings settings = ClassifierSettings.of(TextSettings.KIND, config);
        TextClassifier start;
        if (settings.modelFile().isPresent()) {
            Path file = settings.modelFile().get();
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException(TextSettings.KIND.prefix() + ClassifierSettings.MODEL + ": cannot read " + file);
            }
            start = TextClassifier.fromArtifact(ModelArtifact.read(file, config.signingKey()));
        } else {
            start = TextClassifier.untrained(UNTRAINED_NAME, untrained, settings.untrainedClasses());
        }
        TextClassifierTrainer trainer = new TextClassifierTrainer(start.config())
                .timeBudget(Duration.ofSeconds(TextSettings.refitMaxSeconds(config)));
        ClassifierModelSource.RefitPolicy policy = new ClassifierModelSource.RefitPolicy(settings.refitInterval(),
                settings.refitBuffer(), settings.refitEpochs(), settings.refitHoldout());
        ClassifierModelSource<String> models = executor == null
                ? new ClassifierModelSource<>(start, trainer, policy, settings.inputTopic())
                : new ClassifierModelSource<>(start, trainer, policy, settings.inputTopic(), executor);
        ClassifierMetrics metrics = new ClassifierMetrics(registry, settings.kind().name(), () -> models.current().card());
        return new ClassifierPipeline<>(settings, new TextInputDecoder(TextSettings.maxChars(config)), models, metrics);
    }
}

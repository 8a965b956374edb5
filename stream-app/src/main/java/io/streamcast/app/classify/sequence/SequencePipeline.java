package io.streamcast.app.classify.sequence;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamcast.app.classify.ClassifierModelSource;
import io.streamcast.app.classify.ClassifierPipeline;
import io.streamcast.app.config.ClassifierSettings;
import io.streamcast.app.config.SequenceSettings;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.metrics.ClassifierMetrics;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.sequence.SequenceClassifier;
import io.streamcast.models.sequence.SequenceClassifierConfig;
import io.streamcast.models.sequence.SequenceClassifierTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;

/** Builds the sequence classification pipeline from the settings: its starting model, decoder, refits and meters. */
public final class SequencePipeline {
    /** Name of an untrained starting model. */
    public static final String UNTRAINED_NAME = "sequence-classifier";

    private SequencePipeline() {
    }

    /**
     * The artifact of {@code streamcast.sequence.model} (verified, with the signing key when one is configured), or an
     * untrained model of the default recipe for {@code streamcast.sequence.classes}; refits run on a thread of their own.
     */
    public static ClassifierPipeline<double[]> create(StreamcastConfig config, MeterRegistry registry) throws IOException {
        return create(config, registry, null, SequenceClassifierConfig.defaults());
    }

    /**
     * The same with the refits on {@code executor} (tests pass {@code Runnable::run}) and {@code untrained} as the
     * recipe of an untrained start (tests pass a small one).
     */
    public static ClassifierPipeline<double[]> create(StreamcastConfig config, MeterRegistry registry, Executor executor,
            SequenceClassifierConfig untrained) throws IOException {
        ClassifierSettings settings = ClassifierSettings.of(SequenceSettings.KIND, config);
        SequenceClassifier start;
        if (settings.modelFile().isPresent()) {
            Path file = settings.modelFile().get();
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException(SequenceSettings.KIND.prefix() + ClassifierSettings.MODEL + ": cannot read " + file);
            }
            start = SequenceClassifier.fromArtifact(ModelArtifact.read(file, config.signingKey()));
        } else {
            start = SequenceClassifier.untrained(UNTRAINED_NAME, untrained, settings.untrainedClasses());
        }
        SequenceClassifierTrainer trainer = new SequenceClassifierTrainer(start.config())
                .timeBudget(Duration.ofSeconds(SequenceSettings.refitMaxSeconds(config)));
        ClassifierModelSource.RefitPolicy policy = new ClassifierModelSource.RefitPolicy(settings.refitInterval(),
                settings.refitBuffer(), settings.refitEpochs(), settings.refitHoldout());
        ClassifierModelSource<double[]> models = executor == null
                ? new ClassifierModelSource<>(start, trainer, policy, settings.inputTopic())
                : new ClassifierModelSource<>(start, trainer, policy, settings.inputTopic(), executor);
        ClassifierMetrics metrics = new ClassifierMetrics(registry, settings.kind().name(), () -> models.current().card());
        SequenceInputDecoder decoder = new SequenceInputDecoder(SequenceSettings.maxValues(config), SequenceSettings.maxAbsValue(config));
        return new ClassifierPipeline<>(settings, decoder, models, metrics);
    }
}

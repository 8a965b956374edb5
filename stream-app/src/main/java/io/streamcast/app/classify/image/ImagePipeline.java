package io.streamcast.app.classify.image;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamcast.app.classify.ClassifierModelSource;
import io.streamcast.app.classify.ClassifierPipeline;
import io.streamcast.app.config.ClassifierSettings;
import io.streamcast.app.config.ImageSettings;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.metrics.ClassifierMetrics;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.image.CnnConfig;
import io.streamcast.models.image.ImageClassifier;
import io.streamcast.models.image.ImageClassifierTrainer;
import io.streamcast.models.image.ImageDecoder;
import io.streamcast.models.image.ImageSpec;
import io.streamcast.models.image.PixelImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the image classification pipeline from the settings: its starting model, decoder, refits and meters. */
public final class ImagePipeline {
    /** Name of an untrained starting model. */
    public static final String UNTRAINED_NAME = "image-classifier";
    /** Epochs without a better held-back accuracy before a refit stops. */
    private static final int REFIT_PATIENCE = 2;

    private ImagePipeline() {
    }

    /**
     * The artifact of {@code streamcast.image.model} (verified, with the signing key when one is configured), or an
     * untrained CNN for {@code streamcast.image.classes} at {@code streamcast.image.width/height/channels}.
     */
    public static ClassifierPipeline<PixelImage> create(StreamcastConfig config, MeterRegistry registry) throws IOException {
        ClassifierSettings settings = ClassifierSettings.of(ClassifierSettings.IMAGES, config);
        ImageClassifier start;
        if (settings.modelFile().isPresent()) {
            Path file = settings.modelFile().get();
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException(ClassifierSettings.IMAGES.prefix() + ClassifierSettings.MODEL
                        + ": cannot read " + file);
            }
            start = ImageClassifier.fromArtifact(ModelArtifact.read(file, config.signingKey()));
        } else {
            ImageSpec spec = new ImageSpec(ImageSettings.width(config), ImageSettings.height(config), ImageSettings.channels(config));
            start = ImageClassifier.untrained(UNTRAINED_NAME, CnnConfig.defaults().withInput(spec), settings.untrainedClasses());
        }
        CnnConfig refits = start.config().withEarlyStopping(REFIT_PATIENCE, start.config().validationFraction());
        ClassifierModelSource<PixelImage> models = new ClassifierModelSource<>(start, new ImageClassifierTrainer(refits),
                new ClassifierModelSource.RefitPolicy(settings.refitInterval(), settings.refitBuffer(), settings.refitEpochs(),
                        settings.refitHoldout()), settings.inputTopic());
        ClassifierMetrics metrics = new ClassifierMetrics(registry, settings.kind().name(), () -> models.current().card());
        ImageInputDecoder decoder = new ImageInputDecoder(new ImageDecoder(ImageSettings.maxPixels(config)), start.spec());
        return new ClassifierPipeline<>(settings, decoder, models, metrics);
    }
}

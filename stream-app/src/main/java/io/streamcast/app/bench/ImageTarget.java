package io.streamcast.app.bench;

import io.streamcast.app.classify.image.ImageInputDecoder;
import io.streamcast.app.classify.image.ImagePipeline;
import io.streamcast.app.config.ClassifierSettings;
import io.streamcast.app.config.ImageSettings;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.demo.ShapeImageGenerator;
import io.streamcast.models.classify.ClassifierTrainer;
import io.streamcast.models.image.CnnConfig;
import io.streamcast.models.image.ImageClassifier;
import io.streamcast.models.image.ImageClassifierTrainer;
import io.streamcast.models.image.ImageDecoder;
import io.streamcast.models.image.ImageSpec;
import io.streamcast.models.image.PixelImage;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CNN image classifier: {@code images} records {@code {"id":…,"image":"<base64 PNG>"}} of 28×28 grey images (a
 * light shape on a dark noisy background, as the demo draws them; about 1 KB of base64 each), decoded and fitted to
 * the network's input on the stream thread, classified a batch per network call. Without an artifact the
 * pipeline's untrained start is served (the default CNN for the digits 0-9, seeded weights): its speed is the
 * shape's, whatever the weights.
 */
final class ImageTarget extends ClassifierTarget<PixelImage> {
    private final ImageClassifier classifier;

    ImageTarget(ImageClassifier model, StreamcastConfig config, int series) {
        super("image", ClassifierSettings.IMAGES, "image", model,
                new ImageInputDecoder(new ImageDecoder(ImageSettings.maxPixels(config)), model.spec()), config, series,
                new Shapes());
        this.classifier = model;
    }

    /** The pipeline's untrained start for the settings' image shape and classes. */
    static ImageClassifier defaultModel(StreamcastConfig config) {
        ImageSpec spec = new ImageSpec(ImageSettings.width(config), ImageSettings.height(config), ImageSettings.channels(config));
        return ImageClassifier.untrained(ImagePipeline.UNTRAINED_NAME, CnnConfig.defaults().withInput(spec),
                ClassifierSettings.of(ClassifierSettings.IMAGES, config).untrainedClasses());
    }

    /** As the image pipeline refits: early stopping after 2 epochs without progress; here within the budget. */
    @Override
    ClassifierTrainer<PixelImage> trainer(Duration budget) {
        CnnConfig c = classifier.config();
        return new ImageClassifierTrainer(c.withEarlyStopping(2, c.validationFraction())).timeBudget(budget);
    }

    @Override
    Map<String, Object> shape() {
        CnnConfig c = classifier.config();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("input", c.input().toString());
        d.put("conv_filters", List.of(c.conv1Filters(), c.conv2Filters()));
        d.put("kernel", c.kernel());
        d.put("dense_units", c.denseUnits());
        d.put("batch_norm", c.batchNorm());
        d.put("payload", "base64 PNG, 28x28 grey");
        d.put("inference", "PNG decode and fit on the stream thread; DL4J ComputationGraph (its own im2col + BLAS convolutions), a batch per call");
        return d;
    }

    /**
     * Shapes drawn 28×28 (the topic's typical input; the decoder fits any size to the model's), as PNG in base64,
     * with their class index among the demo's four shapes. One seeded generator, seeded by the first random.
     */
    static final class Shapes implements Examples {
        private static final int SIDE = 28;
        private ShapeImageGenerator generator;

        @Override
        public Example next(java.util.SplittableRandom random) {
            if (generator == null) {
                generator = new ShapeImageGenerator(random.nextLong(), SIDE);
            }
            ShapeImageGenerator.Labelled l = generator.next();
            return new Example(Base64.getEncoder().encodeToString(ShapeImageGenerator.png(l)),
                    ShapeImageGenerator.CLASSES.indexOf(l.label()));
        }
    }
}

package io.streamcast.app.classify;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamcast.app.classify.image.ImageInputDecoder;
import io.streamcast.app.config.ClassifierSettings;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.metrics.ClassifierMetrics;
import io.streamcast.models.image.CnnConfig;
import io.streamcast.models.image.ImageClassifier;
import io.streamcast.models.image.ImageClassifierTrainer;
import io.streamcast.models.image.ImageDecoder;
import io.streamcast.models.image.ImageSpec;
import io.streamcast.models.image.PixelImage;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executor;

/** Small labelled images and a tiny, fast image pipeline for the tests. */
public final class ImageFixtures {
    public static final int SIDE = 12;
    public static final List<String> CLASSES = List.of("vertical", "horizontal", "blob");

    private ImageFixtures() {
    }

    /** Class {@code label % 3}: a bright vertical bar, a horizontal bar or a square blob at a random place, with noise. */
    public static PixelImage bar(int label, Random r) {
        byte[] p = new byte[SIDE * SIDE];
        for (int k = 0; k < p.length; k++) {
            p[k] = (byte) r.nextInt(40);
        }
        int at = 2 + r.nextInt(SIDE - 4);
        if (label == 2) {
            int cx = 3 + r.nextInt(SIDE - 6);
            int cy = 3 + r.nextInt(SIDE - 6);
            for (int y = cy - 2; y <= cy + 2; y++) {
                for (int x = cx - 2; x <= cx + 2; x++) {
                    p[y * SIDE + x] = (byte) 230;
                }
            }
        } else {
            for (int a = 1; a < SIDE - 1; a++) {
                for (int t = -1; t <= 0; t++) {
                    p[label == 0 ? a * SIDE + at + t : (at + t) * SIDE + a] = (byte) 230;
                }
            }
        }
        return new PixelImage(SIDE, SIDE, 1, p);
    }

    /** A record value of the images topic carrying the image as base64 PNG. */
    public static String pngRecord(String id, PixelImage image, String label) {
        return "{\"id\":\"" + id + "\",\"image\":\"" + Base64.getEncoder().encodeToString(ImageDecoder.toPng(image)) + "\""
                + (label == null ? "" : ",\"label\":\"" + label + "\"") + "}";
    }

    /** A record value carrying the image as raw pixel values. */
    public static String pixelsRecord(String id, PixelImage image, String label) {
        StringBuilder values = new StringBuilder();
        for (byte b : image.pixels()) {
            values.append(values.length() == 0 ? "" : ",").append(b & 0xFF);
        }
        return "{\"id\":\"" + id + "\",\"width\":" + image.width() + ",\"height\":" + image.height() + ",\"channels\":"
                + image.channels() + ",\"pixels\":[" + values + "]" + (label == null ? "" : ",\"label\":\"" + label + "\"") + "}";
    }

    public static CnnConfig tinyConfig() {
        return CnnConfig.defaults().withInput(new ImageSpec(SIDE, SIDE, 1)).withLayers(3, 4, 8, 16)
                .withTraining(6, 16, 1e-2).withEarlyStopping(3, 0.1).withSeed(7L);
    }

    /**
     * An image pipeline serving an untrained tiny network (version 0), refitting after every {@code refitInterval}
     * labelled images on {@code executor}; the other settings from {@code settings} (defaults when empty).
     */
    public static ClassifierPipeline<PixelImage> pipeline(Map<String, Object> settings, int refitInterval, Executor executor,
                                                          MeterRegistry registry) {
        StreamcastConfig config = new StreamcastConfig(settings);
        ClassifierSettings s = ClassifierSettings.of(ClassifierSettings.IMAGES, config);
        ImageClassifier start = ImageClassifier.untrained("image-classifier", tinyConfig(), CLASSES);
        ClassifierModelSource.RefitPolicy policy = refitInterval == 0 ? ClassifierModelSource.RefitPolicy.never()
                : new ClassifierModelSource.RefitPolicy(refitInterval, 1_000, 6, 0.2);
        ClassifierModelSource<PixelImage> models = new ClassifierModelSource<>(start, new ImageClassifierTrainer(tinyConfig()),
                policy, s.inputTopic(), executor);
        ClassifierMetrics metrics = new ClassifierMetrics(registry, "image", () -> models.current().card());
        return new ClassifierPipeline<>(s, new ImageInputDecoder(new ImageDecoder(config.getLong("streamcast.image.max-pixels")),
                start.spec()), models, metrics);
    }
}

package io.streamcast.models.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.artifact.ModelCard.DataRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Wrote the golden image classifier ({@code image-classifier-v1.zip}) and its expected probabilities
 * ({@code image-classifier-v1-expected.json}) under {@code models/src/test/resources/golden/}, which
 * {@link ImageGoldenModelTest} loads with today's code. As with the forecaster's golden files: never regenerate v1;
 * when the format changes deliberately, keep it and add a v2 beside it.
 *
 * <pre>
 * mvn -q -o -pl models test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -cp models/target/test-classes:models/target/classes:$(cat models/target/test.classpath) \
 *     io.streamcast.models.image.ImageGoldenModelWriter models/src/test/resources/golden
 * </pre>
 */
public final class ImageGoldenModelWriter {
    static final String VERSION = "v1";
    static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");

    private ImageGoldenModelWriter() {
    }

    /** One input image (raw pixels) and the probabilities the golden model gave it. */
    record Case(String name, int width, int height, int channels, int[] pixels, float[] probabilities) {
    }

    /** The expectations file. */
    record Expected(String artifact, String note, List<Case> cases) {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path zip = dir.resolve("image-classifier-" + VERSION + ".zip");
        Path json = dir.resolve("image-classifier-" + VERSION + "-expected.json");
        for (Path p : List.of(zip, json)) {
            if (Files.exists(p)) {
                throw new IllegalStateException(p + " exists: golden files are never regenerated; add a new version");
            }
        }
        ImageDataset train = TestImages.bars(240, 12, 11);
        ImageClassifier trained = new ImageClassifierTrainer(TestImages.tinyConfig(12).withTraining(3, 16, 1e-2))
                .train("image-classifier", 1, train, List.of(DataRange.ofFile("bars-12x12", 0, 239)));
        ModelCard c = trained.card();
        ImageClassifier golden = trained.withCard(new ModelCard(c.name(), c.version(), c.kind(), CREATED, c.trainingData(),
                c.hyperParameters(), c.metrics(), c.libraries()));

        ImageDataset unseen = TestImages.bars(3, 12, 12);
        List<String> names = new ArrayList<>(List.of("unseen vertical bar", "unseen horizontal bar", "unseen blob"));
        List<PixelImage> images = new ArrayList<>(List.of(unseen.image(0), unseen.image(1), unseen.image(2)));
        names.add("colour ramp 40x30 (converted to grey, resized)");
        images.add(TestImages.colourRamp(40, 30));
        names.add("all black 5x7 (enlarged)");
        images.add(TestImages.uniform(5, 7, 1, 0));
        byte[] noise = new byte[12 * 12];
        new Random(13).nextBytes(noise);
        names.add("noise");
        images.add(new PixelImage(12, 12, 1, noise));
        float[][] p = golden.probabilities(images);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            PixelImage img = images.get(i);
            int[] values = new int[img.pixels().length];
            for (int k = 0; k < values.length; k++) {
                values[k] = img.pixels()[k] & 0xFF;
            }
            cases.add(new Case(names.get(i), img.width(), img.height(), img.channels(), values, p[i]));
        }
        Files.createDirectories(dir);
        golden.toArtifact().write(zip, Optional.empty());
        ObjectMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        mapper.writeValue(json.toFile(), new Expected(zip.getFileName().toString(),
                "written by ImageGoldenModelWriter; probabilities of the artifact when it was written, never regenerated", cases));
    }
}

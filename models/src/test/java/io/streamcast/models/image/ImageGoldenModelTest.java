package io.streamcast.models.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.artifact.ModelCard;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loads an image classifier artifact written by an earlier version ({@link ImageGoldenModelWriter}) and checks that
 * today's code reads its card and classes and gives the probabilities it gave then, decoding and resizing included.
 * A failure means saved image models would break.
 */
class ImageGoldenModelTest {
    private static final String DIR = "/golden/";
    private static final double TOLERANCE = 1e-5;

    record Expected(String artifact, String note, List<Case> cases) {
    }

    record Case(String name, int width, int height, int channels, int[] pixels, float[] probabilities) {
    }

    private static Expected expected;
    private static ModelArtifact artifact;

    @BeforeAll
    static void loadCommittedFiles() throws IOException {
        expected = JsonMapper.builder().build().readValue(resource("image-classifier-v1-expected.json"), Expected.class);
        artifact = ModelArtifact.fromBytes(resource(expected.artifact()), Optional.empty());
    }

    @Test
    void shouldGiveTheProbabilitiesTheV1ArtifactGaveWhenItWasWritten() throws Exception {
        ImageClassifier model = ImageClassifier.fromArtifact(artifact);
        ImageDecoder decoder = new ImageDecoder(1_000_000);
        List<PixelImage> images = new ArrayList<>();
        for (Case c : expected.cases()) {
            images.add(decoder.fromPixels(c.width(), c.height(), c.channels(), c.pixels()));
        }
        float[][] p = model.probabilities(images);
        assertThat(expected.cases()).hasSize(6);
        for (int i = 0; i < p.length; i++) {
            float[] want = expected.cases().get(i).probabilities();
            assertThat(p[i]).as(expected.cases().get(i).name()).hasSameSizeAs(want);
            for (int k = 0; k < want.length; k++) {
                assertThat((double) Math.abs(p[i][k] - want[k])).as("%s, class %d", expected.cases().get(i).name(), k)
                        .isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    @Test
    void shouldReadTheV1CardWithItsClassesAndShape() throws Exception {
        ModelCard card = artifact.card();
        assertThat(card.name()).isEqualTo("image-classifier");
        assertThat(card.version()).isEqualTo(1);
        assertThat(card.kind()).isEqualTo(ImageClassifier.KIND);
        assertThat(card.created()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(card.hyperParameters()).containsEntry(ImageClassifier.CLASSES, List.of("vertical", "horizontal", "blob"))
                .containsEntry("input", "12x12x1");
        assertThat(card.metrics()).containsKeys("validation_accuracy", "validation_macro_f1", "epochs");
        ImageClassifier model = ImageClassifier.fromArtifact(artifact);
        assertThat(model.classes()).containsExactly("vertical", "horizontal", "blob");
        assertThat(model.spec()).isEqualTo(new ImageSpec(12, 12, 1));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ImageGoldenModelTest.class.getResourceAsStream(DIR + name)) {
            assertThat(in).as("test resource %s", DIR + name).isNotNull();
            return in.readAllBytes();
        }
    }
}

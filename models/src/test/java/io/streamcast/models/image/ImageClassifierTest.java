package io.streamcast.models.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.models.artifact.InvalidArtifactException;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.classify.TopClasses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny CNN on 12×12 bars: fast, and learnable within a few epochs. */
class ImageClassifierTest {
    private static final int SIDE = 12;
    private static ImageDataset train;
    private static ImageDataset test;
    private static ImageClassifier model;

    @BeforeAll
    static void trainOnce() {
        train = TestImages.bars(360, SIDE, 1);
        test = TestImages.bars(90, SIDE, 2);
        model = new ImageClassifierTrainer(TestImages.tinyConfig(SIDE)).train("bars", 3, train, List.of());
    }

    @Test
    void shouldLearnToTellTheBarsApart() {
        ImageEvaluation.Result r = ImageEvaluation.evaluate(model, test);
        assertThat(r.confusion().accuracy()).isGreaterThan(0.9);
        assertThat(r.confusion().total()).isEqualTo(90);
        assertThat(r.imagesPerSecond()).isPositive();
    }

    @Test
    void shouldDescribeItselfOnTheCardWithItsClasses() {
        ModelCard card = model.card();
        assertThat(card.name()).isEqualTo("bars");
        assertThat(card.version()).isEqualTo(3);
        assertThat(card.kind()).isEqualTo(ImageClassifier.KIND);
        assertThat(card.hyperParameters().get(ImageClassifier.CLASSES)).isEqualTo(List.of("vertical", "horizontal", "blob"));
        assertThat(card.hyperParameters()).containsEntry("input", "12x12x1");
        assertThat(card.metrics()).containsKeys("validation_accuracy", "validation_macro_f1", "epochs", "best_epoch");
        assertThat(card.metrics().get("validation_images")).isEqualTo(72.0); // 20 % of 360, stratified
    }

    @Test
    void shouldGiveProbabilitiesThatSumToOneForImagesOfAnyShape() {
        List<PixelImage> images = List.of(test.image(0), TestImages.colourRamp(40, 30), TestImages.uniform(5, 5, 1, 0));
        float[][] p = model.copy().probabilities(images);
        assertThat(p).hasNumberOfRows(3);
        for (float[] row : p) {
            assertThat(row).hasSize(3);
            double sum = 0;
            for (float v : row) {
                sum += v;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void shouldPredictTheSameAfterAnArtifactRoundTrip(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bars.zip");
        model.toArtifact().write(file, Optional.empty());
        ImageClassifier loaded = ImageClassifier.fromArtifact(ModelArtifact.read(file, Optional.empty()));
        assertThat(loaded.classes()).isEqualTo(model.classes());
        assertThat(loaded.spec()).isEqualTo(model.spec());
        List<PixelImage> images = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            images.add(test.image(i));
        }
        float[][] before = model.copy().probabilities(images);
        float[][] after = loaded.probabilities(images);
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i]).containsExactly(before[i]);
        }
        assertThat(model.toArtifact().toBytes(Optional.empty())).as("deterministic bytes")
                .isEqualTo(loaded.toArtifact().toBytes(Optional.empty()));
    }

    @Test
    void shouldTrainTheSameModelFromTheSameSeed() {
        ImageDataset small = TestImages.bars(60, SIDE, 5);
        CnnConfig config = TestImages.tinyConfig(SIDE).withTraining(2, 16, 1e-2);
        ImageClassifier a = new ImageClassifierTrainer(config).train("a", 1, small, List.of());
        ImageClassifier b = new ImageClassifierTrainer(config).train("a", 1, small, List.of());
        assertThat(a.network().params().equalsWithEps(b.network().params(), 0)).isTrue();
    }

    @Test
    void shouldRefuseAnArtifactOfAnotherKindOrWithDisagreeingClasses() throws Exception {
        ModelArtifact artifact = model.toArtifact();
        ModelCard card = artifact.card();
        ModelCard otherKind = new ModelCard(card.name(), card.version(), "lstm-forecaster", card.created(), card.trainingData(),
                card.hyperParameters(), card.metrics(), card.libraries());
        assertThatThrownBy(() -> ImageClassifier.fromArtifact(artifact.withCard(otherKind)))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("lstm-forecaster");
        Map<String, Object> hp = new java.util.HashMap<>(card.hyperParameters());
        hp.put(ImageClassifier.CLASSES, List.of("a", "b", "c"));
        ModelCard renamed = new ModelCard(card.name(), card.version(), card.kind(), card.created(), card.trainingData(),
                hp, card.metrics(), card.libraries());
        assertThatThrownBy(() -> ImageClassifier.fromArtifact(artifact.withCard(renamed)))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("classes");
    }

    @Test
    void shouldRefitFromAModelIntoANewVersionLeavingTheOldOneAlone() {
        ImageClassifier untrained = ImageClassifier.untrained("stream", TestImages.tinyConfig(SIDE), train.classes());
        assertThat(untrained.card().version()).isZero();
        float[] before = untrained.network().params().dup().data().asFloat();
        List<PixelImage> inputs = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            inputs.add(train.image(i));
        }
        ImageClassifier refitted = new ImageClassifierTrainer(TestImages.tinyConfig(SIDE)).refit(untrained, 1, inputs,
                train.labels(), 6, List.of(ModelCard.DataRange.ofFile("stream", 0, 359)));
        assertThat(refitted.card().version()).isEqualTo(1);
        assertThat(refitted.card().name()).isEqualTo("stream");
        assertThat(untrained.network().params().data().asFloat()).containsExactly(before);
        assertThat(ImageEvaluation.evaluate(refitted, test).confusion().accuracy()).isGreaterThan(0.8);
    }

    @Test
    void shouldRefuseImagesTooSmallForTheNetwork() {
        assertThatThrownBy(() -> CnnConfig.defaults().withInput(new ImageSpec(9, 28, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 10");
    }

    @Test
    void shouldPickTheTopClassesLargestFirst() {
        assertThat(TopClasses.of(new float[] {0.1f, 0.5f, 0.1f, 0.3f}, 3)).containsExactly(1, 3, 0);
        assertThat(TopClasses.of(new float[] {0.6f, 0.4f}, 5)).containsExactly(0, 1);
        assertThat(TopClasses.argMax(new float[] {0.2f, 0.2f, 0.6f})).isEqualTo(2);
    }
}

package io.streamcast.models.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDirectoryTest {
    private static final ImageDecoder DECODER = new ImageDecoder(1_000_000);

    @TempDir
    Path dir;

    @Test
    void shouldReadTheSplitsOfAnIdxFolderWithClassesTxt() throws Exception {
        IdxReaderTest.threeImages(dir, "train-", true);
        IdxReaderTest.threeImages(dir, "t10k-", false);
        Files.writeString(dir.resolve("classes.txt"), "T-shirt/top\nTrouser\n\nPullover\n");
        ImageDirectory d = new ImageDirectory(dir);
        assertThat(d.isIdx()).isTrue();
        ImageDataset test = d.read(ImageDirectory.Split.TEST, null, List.of(), DECODER);
        assertThat(test.classes()).containsExactly("T-shirt/top", "Trouser", "Pullover");
        assertThat(test.spec()).isEqualTo(new ImageSpec(3, 2, 1));
        ImageDataset train = d.read(ImageDirectory.Split.TRAIN, new ImageSpec(6, 4, 1), List.of("a", "b", "c"), DECODER);
        assertThat(train.classes()).containsExactly("a", "b", "c");
        assertThat(train.spec()).as("fitted to the requested shape").isEqualTo(new ImageSpec(6, 4, 1));
    }

    @Test
    void shouldNameAMissingSplit() throws Exception {
        IdxReaderTest.threeImages(dir, "train-", false);
        assertThatThrownBy(() -> new ImageDirectory(dir).read(ImageDirectory.Split.TEST, null, List.of(), DECODER))
                .isInstanceOf(IOException.class).hasMessageContaining("t10k-images");
    }

    @Test
    void shouldReadClassFoldersOfPngAndJpegFilesFittedToTheShape() throws Exception {
        Path cats = Files.createDirectories(dir.resolve("cat"));
        Path dogs = Files.createDirectories(dir.resolve("dog"));
        Files.write(cats.resolve("a.png"), ImageDecoder.toPng(TestImages.uniform(40, 40, 1, 200)));
        Files.write(cats.resolve("b.PNG"), ImageDecoder.toPng(TestImages.colourRamp(10, 12)));
        Files.write(dogs.resolve("c.jpg"), TestImages.encode(ImageDecoder.toBufferedImage(TestImages.uniform(16, 16, 1, 20)), "jpeg"));
        Files.writeString(dogs.resolve("notes.txt"), "not an image");
        ImageDirectory d = new ImageDirectory(dir);
        assertThat(d.isIdx()).isFalse();
        ImageDataset data = d.read(ImageDirectory.Split.TRAIN, ImageSpec.mnist(), List.of(), DECODER);
        assertThat(data.classes()).containsExactly("cat", "dog");
        assertThat(data.labels()).containsExactly(0, 0, 1);
        assertThat(data.spec()).isEqualTo(ImageSpec.mnist());
        assertThat(data.image(0).value(14, 14, 0)).isEqualTo(200);
    }

    @Test
    void shouldNameTheFileThatIsNotAnImage() throws Exception {
        Path cats = Files.createDirectories(dir.resolve("cat"));
        Files.writeString(cats.resolve("broken.png"), "not a png");
        assertThatThrownBy(() -> new ImageDirectory(dir).read(ImageDirectory.Split.TRAIN, ImageSpec.mnist(), List.of(), DECODER))
                .isInstanceOf(IOException.class).hasMessageContaining("broken.png").hasMessageContaining("not a PNG or JPEG");
    }

    @Test
    void shouldSayWhatAnEmptyFolderLacks() throws Exception {
        assertThatThrownBy(() -> new ImageDirectory(dir).read(ImageDirectory.Split.TRAIN, ImageSpec.mnist(), List.of(), DECODER))
                .isInstanceOf(IOException.class).hasMessageContaining("neither IDX files");
        assertThatThrownBy(() -> new ImageDirectory(dir.resolve("missing"))).isInstanceOf(IOException.class)
                .hasMessageContaining("not a directory");
    }
}

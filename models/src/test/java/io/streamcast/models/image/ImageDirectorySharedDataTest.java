package io.streamcast.models.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads the real IDX sets beside the project; skipped where they are absent (e.g. on a user's machine). */
class ImageDirectorySharedDataTest {

    private static Path dataDir(String relative) {
        String configured = System.getProperty("streamcast.data.dir", "");
        Path dir = (configured.isBlank() ? Path.of("..", "..", "shared", "data") : Path.of(configured)).resolve(relative);
        assumeTrue(Files.isDirectory(dir), () -> "skipped: " + dir.toAbsolutePath().normalize()
                + " is absent (set -Dstreamcast.data.dir to the shared data directory)");
        return dir;
    }

    @Test
    void shouldReadFashionMnistAsSixtyAndTenThousandGreyImagesOfTenBalancedClasses() throws IOException {
        ImageDirectory d = new ImageDirectory(dataDir("images/fashion-mnist"));
        ImageDataset train = d.read(ImageDirectory.Split.TRAIN, null, List.of(), null);
        ImageDataset test = d.read(ImageDirectory.Split.TEST, null, List.of(), null);
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(train.spec()).isEqualTo(ImageSpec.mnist());
        assertThat(train.classes()).hasSize(10);
        assertThat(train.classCounts()).containsOnly(6_000);
        assertThat(test.classCounts()).containsOnly(1_000);
    }

    @Test
    void shouldReadTheTenThousandMnistTrainingDigitsWhichHaveNoTestSplit() throws IOException {
        ImageDirectory d = new ImageDirectory(dataDir("images/mnist-train-10k"));
        ImageDataset train = d.read(ImageDirectory.Split.TRAIN, null, List.of(), null);
        assertThat(train.size()).isEqualTo(10_000);
        assertThat(train.classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(d.hasIdx(ImageDirectory.Split.TEST)).isFalse();
    }
}

package io.streamcast.models.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** Writes an IDX file: the magic for unsigned bytes of rank dims.length, the dimensions, the data. */
    static void idx(Path file, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        out.flush();
        try (OutputStream f = file.getFileName().toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            f.write(bytes.toByteArray());
        }
    }

    /** Three 3×2 images with pixel values i*10 + k, labelled 2, 0, 1. */
    static void threeImages(Path dir, String prefix, boolean gz) throws IOException {
        byte[] pixels = new byte[3 * 6];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i / 6) * 10 + i % 6);
        }
        String suffix = gz ? ".gz" : "";
        idx(dir.resolve(prefix + "images-idx3-ubyte" + suffix), new int[] {3, 2, 3}, pixels);
        idx(dir.resolve(prefix + "labels-idx1-ubyte" + suffix), new int[] {3}, new byte[] {2, 0, 1});
    }

    @Test
    void shouldReadImagesAndLabelsPlainOrGzipped() throws Exception {
        for (boolean gz : new boolean[] {false, true}) {
            Path d = Files.createDirectory(dir.resolve("gz-" + gz));
            threeImages(d, "train-", gz);
            String s = gz ? ".gz" : "";
            ImageDataset data = IdxReader.read(d.resolve("train-images-idx3-ubyte" + s), d.resolve("train-labels-idx1-ubyte" + s), List.of());
            assertThat(data.size()).isEqualTo(3);
            assertThat(data.spec()).isEqualTo(new ImageSpec(3, 2, 1)); // rows = 2, columns = 3
            assertThat(data.classes()).containsExactly("0", "1", "2");
            assertThat(data.labels()).containsExactly(2, 0, 1);
            assertThat(data.image(1).value(2, 1, 0)).isEqualTo(15); // image 1, row 1, column 2: index 5
        }
    }

    @Test
    void shouldNameTheClassesWhenGivenNames() throws Exception {
        threeImages(dir, "t10k-", false);
        ImageDataset data = IdxReader.read(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"),
                List.of("cat", "dog", "bird"));
        assertThat(data.classes()).containsExactly("cat", "dog", "bird");
        assertThatThrownBy(() -> IdxReader.read(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"),
                List.of("cat", "dog"))).isInstanceOf(IOException.class).hasMessageContaining("label 2");
    }

    @Test
    void shouldRefuseFilesThatDisagreeAreTruncatedOrAreNotIdx() throws Exception {
        threeImages(dir, "train-", false);
        Path images = dir.resolve("train-images-idx3-ubyte");
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        Path twoLabels = dir.resolve("two-labels");
        idx(twoLabels, new int[] {2}, new byte[] {0, 1});
        assertThatThrownBy(() -> IdxReader.read(images, twoLabels, List.of())).hasMessageContaining("3 images").hasMessageContaining("2 labels");

        Path cut = dir.resolve("cut");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(images), 25));
        assertThatThrownBy(() -> IdxReader.read(cut, labels, List.of())).hasMessageContaining("truncated");

        Path text = dir.resolve("text");
        Files.writeString(text, "label,pixels\n");
        assertThatThrownBy(() -> IdxReader.read(text, labels, List.of())).hasMessageContaining("not an IDX file");
        assertThatThrownBy(() -> IdxReader.read(labels, labels, List.of())).hasMessageContaining("not an IDX file");

        Path empty = Files.createFile(dir.resolve("empty"));
        assertThatThrownBy(() -> IdxReader.read(images, empty, List.of())).hasMessageContaining("empty");
    }
}

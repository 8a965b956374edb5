package io.streamcast.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.models.classify.LabelledExamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UcrReaderTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("X_TRAIN.tsv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void shouldReadLabelsAndSequencesOfDifferentLengths() throws IOException {
        LabelledExamples<double[]> s = UcrReader.read(file("1\t0.5\t1.5\t2.5\n-1\t3\t4\tNaN\tNaN\n10\t7\n"));

        assertThat(s.labels()).containsExactly("1", "-1", "10");
        assertThat(s.examples().get(0)).containsExactly(0.5, 1.5, 2.5);
        assertThat(s.examples().get(1)).containsExactly(3, 4);
        assertThat(s.examples().get(2)).containsExactly(7);
        assertThat(s.classes()).containsExactly("-1", "1", "10"); // numeric order
    }

    @Test
    void shouldReadTheOlderCommaLayoutAndNormaliseIntegerLabels() throws IOException {
        LabelledExamples<double[]> s = UcrReader.read(file("1.0,1,2\n2.0,3,4\n"));

        assertThat(s.labels()).containsExactly("1", "2");
        assertThat(s.examples().get(1)).containsExactly(3, 4);
    }

    @Test
    void shouldInterpolateMissingValuesBetweenValues() throws IOException {
        LabelledExamples<double[]> s = UcrReader.read(file("a\tNaN\t1\tNaN\tNaN\t4\n"));

        assertThat(s.examples().get(0)).containsExactly(1, 1, 2, 3, 4);
    }

    @Test
    void shouldNameTheLineAndValueThatIsNotANumber() throws IOException {
        Path f = file("1\t1\t2\n2\t3\tabc\n");

        assertThatThrownBy(() -> UcrReader.read(f)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 2").hasMessageContaining("abc");
    }

    @Test
    void shouldRejectALineWithoutValues() throws IOException {
        Path f = file("1\tNaN\n");

        assertThatThrownBy(() -> UcrReader.read(f)).isInstanceOf(IOException.class).hasMessageContaining("line 1");
    }
}

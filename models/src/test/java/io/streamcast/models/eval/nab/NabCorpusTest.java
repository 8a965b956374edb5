package io.streamcast.models.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabCorpusTest {

    private static final String DATA = """
            timestamp,value
            2014-04-01 00:00:00,1.5
            2014-04-01 00:05:00,2.0
            2014-04-01 00:10:00,2.5
            2014-04-01 00:15:00,3.0
            2014-04-01 00:20:00,3.5
            2014-04-01 00:20:00,3.6
            2014-04-01 00:25:00,4.0
            """;

    @TempDir
    Path dir;

    private void write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void writeNabDirectory(String windowsPath) throws IOException {
        write("data/realTest/a.csv", DATA);
        write("data/realTest/b.csv", DATA);
        write("data/artificialTest/c.csv", DATA);
        write(windowsPath, """
                {
                  "realTest/a.csv": [["2014-04-01 00:05:00.000000", "2014-04-01 00:15:00.000000"]],
                  "realTest/b.csv": [],
                  "artificialTest/c.csv": []
                }
                """);
    }

    @Test
    void shouldReadDataFilesAndTheirWindowsInNabLayout() throws IOException {
        writeNabDirectory(NabCorpus.WINDOWS_FILE);

        NabCorpus corpus = NabCorpus.read(dir);

        assertThat(corpus.files()).containsOnlyKeys("artificialTest/c.csv", "realTest/a.csv", "realTest/b.csv");
        NabDataFile a = corpus.file("realTest/a.csv");
        assertThat(a.category()).isEqualTo("realTest");
        assertThat(a.name()).isEqualTo("a.csv");
        assertThat(a.rows()).isEqualTo(7);
        assertThat(a.values()).startsWith(1.5, 2.0);
        assertThat(a.timestamps().get(6)).isEqualTo(LocalDateTime.of(2014, 4, 1, 0, 25));
        assertThat(a.windows()).containsExactly(new NabWindow(LocalDateTime.of(2014, 4, 1, 0, 5),
                LocalDateTime.of(2014, 4, 1, 0, 15), 1, 3));
        assertThat(corpus.windowCount()).isEqualTo(1);
    }

    @Test
    void shouldFindTheWindowsUnderLabelsAsInACheckoutOfNab() throws IOException {
        writeNabDirectory("labels/" + NabCorpus.WINDOWS_FILE);

        assertThat(NabCorpus.read(dir).files()).hasSize(3);
    }

    @Test
    void shouldRejectAWindowWhoseEndIsNotOnExactlyOneRow() throws IOException {
        write("data/realTest/a.csv", DATA);
        write(NabCorpus.WINDOWS_FILE, """
                {"realTest/a.csv": [["2014-04-01 00:05:00", "2014-04-01 00:20:00"]]}
                """);

        assertThatThrownBy(() -> NabCorpus.read(dir))
                .hasMessageContaining("realTest/a.csv").hasMessageContaining("2014-04-01T00:20")
                .hasMessageContaining("exactly one row");
    }

    @Test
    void shouldRejectADirectoryWithoutWindows() {
        assertThatThrownBy(() -> NabCorpus.read(dir)).hasMessageContaining("not a NAB directory");
    }

    @Test
    void shouldSelectCategoriesAndFiles() throws IOException {
        writeNabDirectory(NabCorpus.WINDOWS_FILE);
        NabCorpus corpus = NabCorpus.read(dir);

        assertThat(corpus.select(List.of("realTest")).files()).containsOnlyKeys("realTest/a.csv", "realTest/b.csv");
        assertThat(corpus.select(List.of("artificialTest", "realTest/b.csv")).files())
                .containsOnlyKeys("artificialTest/c.csv", "realTest/b.csv");
        assertThatThrownBy(() -> corpus.select(List.of("realTest/zzz.csv")))
                .hasMessageContaining("'realTest/zzz.csv' is neither a category nor a file");
    }
}

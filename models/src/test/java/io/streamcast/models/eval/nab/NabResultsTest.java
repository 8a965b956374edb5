package io.streamcast.models.eval.nab;

import static io.streamcast.models.eval.nab.NabFixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabResultsTest {

    private static final NabCorpus CORPUS = NabCorpus.of(List.of(file("realTest/a.csv", 4, new int[] {1, 2})));

    @TempDir
    Path dir;

    @Test
    void shouldReadTheScoresItWroteInNabLayout() throws IOException {
        double[] scores = {0.0, 0.25, 1.0, 0.125};

        Path written = NabResults.write(dir, "mine_", CORPUS.file("realTest/a.csv"), scores);
        Map<String, double[]> read = NabResults.read(dir, "mine_", CORPUS);

        assertThat(written).isEqualTo(dir.resolve("realTest").resolve("mine_a.csv"));
        assertThat(Files.readAllLines(written)).startsWith("timestamp,value,anomaly_score",
                "2014-04-01 00:00:00,0.0,0.0");
        assertThat(read).containsOnlyKeys("realTest/a.csv");
        assertThat(read.get("realTest/a.csv")).containsExactly(scores);
    }

    @Test
    void shouldRejectResultsWhoseTimestampsAreNotTheDataFilesRows() throws IOException {
        Files.createDirectories(dir.resolve("realTest"));
        Files.writeString(dir.resolve("realTest/a.csv"), """
                timestamp,value,anomaly_score
                2014-04-01 00:00:00,0,0.1
                2014-04-01 00:02:00,0,0.1
                2014-04-01 00:03:00,0,0.1
                2014-04-01 00:04:00,0,0.1
                """);

        assertThatThrownBy(() -> NabResults.read(dir, "", CORPUS))
                .hasMessageContaining("timestamps are not those of the data file realTest/a.csv");
    }

    @Test
    void shouldRejectAMissingResultsFile() {
        assertThatThrownBy(() -> NabResults.read(dir, "", CORPUS))
                .hasMessageContaining("no results for realTest/a.csv");
    }
}

package io.streamcast.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamcast.models.data.TimeSeries.TimeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads the real data sets beside the project; skipped where they are absent (e.g. on a user's machine). */
class SeriesCsvReaderSharedDataTest {

    private static Path dataFile(String relative) {
        String configured = System.getProperty("streamcast.data.dir", "");
        // without Surefire (an IDE run), the module directory is the working directory
        Path dir = configured.isBlank() ? Path.of("..", "..", "shared", "data") : Path.of(configured);
        Path file = dir.resolve(relative);
        assumeTrue(Files.isRegularFile(file), () -> "skipped: " + file.toAbsolutePath().normalize()
                + " is absent (set -Dstreamcast.data.dir to the shared data directory)");
        return file;
    }

    @Test
    void shouldReadEuStockMarketsAsFourOrdinalSeries() throws IOException {
        List<TimeSeries> series = SeriesCsvReader.read(dataFile("prices/EuStockMarkets.csv"));

        assertThat(series).extracting(TimeSeries::id).containsExactly("DAX", "SMI", "CAC", "FTSE");
        assertThat(series).allSatisfy(s -> {
            assertThat(s.size()).isEqualTo(1860);
            assertThat(s.timeKind()).isEqualTo(TimeKind.ORDINAL);
        });
        assertThat(series.get(0).values()[0]).isEqualTo(1628.75);
    }

    @Test
    void shouldReadTaylorAsOneSeries() throws IOException {
        List<TimeSeries> series = SeriesCsvReader.read(dataFile("series/taylor.csv"));

        assertThat(series).hasSize(1);
        assertThat(series.get(0).size()).isEqualTo(4032);
    }

    @Test
    void shouldReadEtth1AsSevenHourlySeries() throws IOException {
        List<TimeSeries> series = SeriesCsvReader.read(dataFile("series/ETTh1.csv"));

        assertThat(series).hasSize(7);
        TimeSeries ot = series.get(6);
        assertThat(ot.id()).isEqualTo("OT");
        assertThat(ot.timeKind()).isEqualTo(TimeKind.INSTANT);
        assertThat(ot.timestamps()[0]).isEqualTo(Instant.parse("2016-07-01T00:00:00Z").toEpochMilli());
        assertThat(ot.timestamps()[1] - ot.timestamps()[0]).isEqualTo(3_600_000L);
    }

    @Test
    void shouldReadExchangeRatesAsEightSeries() throws IOException {
        List<TimeSeries> series = SeriesCsvReader.read(dataFile("prices/exchange_rate.csv"));

        assertThat(series).hasSize(8).allSatisfy(s -> assertThat(s.size()).isEqualTo(7588));
    }
}

package io.streamcast.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.models.data.TimeSeries.TimeKind;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesCsvReaderTest {

    private static final long NEW_YEAR_2026 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final long ONE_MINUTE = 60_000L;
    private static final long ONE_HOUR = 3_600_000L;

    private static List<TimeSeries> read(String csv) throws IOException {
        return SeriesCsvReader.read(new StringReader(csv), "test.csv");
    }

    @Test
    void shouldReadLongLayoutInOrderOfFirstAppearance() throws IOException {
        List<TimeSeries> series = read("""
                series,timestamp,value
                DAX,2026-01-01T00:00:00Z,1628.75
                SMI,2026-01-01T00:00:00Z,1678.1
                DAX,2026-01-01T00:01:00Z,1613.63
                """);

        assertThat(series).containsExactly(
                new TimeSeries("DAX", new long[] {NEW_YEAR_2026, NEW_YEAR_2026 + ONE_MINUTE},
                        new double[] {1628.75, 1613.63}, TimeKind.INSTANT),
                new TimeSeries("SMI", new long[] {NEW_YEAR_2026}, new double[] {1678.1}, TimeKind.INSTANT));
    }

    @Test
    void shouldSortUnsortedLongRowsByTimeKeepingTiesInFileOrder() throws IOException {
        List<TimeSeries> series = read("""
                series,timestamp,value
                a,3,30
                a,1,10
                b,2,200
                a,2,21
                a,2,22
                """);

        assertThat(series.get(0).timestamps()).containsExactly(1_000_000, 2_000_000, 2_000_000, 3_000_000);
        assertThat(series.get(0).values()).containsExactly(10, 21, 22, 30);
        assertThat(series.get(1).values()).containsExactly(200);
    }

    @Test
    void shouldDetectLongLayoutBySynonymsInAnyCaseAndIgnoreOtherColumns() throws IOException {
        List<TimeSeries> series = read("""
                "Unique_ID",note,"DS","Y"
                s1,first,2026-01-01,1.5
                s1,second,2026-01-02,2.5
                """);

        assertThat(series).containsExactly(new TimeSeries("s1",
                new long[] {NEW_YEAR_2026, NEW_YEAR_2026 + 24 * ONE_HOUR}, new double[] {1.5, 2.5}, TimeKind.INSTANT));
    }

    @Test
    void shouldReadWideCsvWithQuotedHeaders() throws IOException {
        List<TimeSeries> series = read("""
                "time","DAX","SMI"
                1991.49615384615,1628.75,1678.1
                1991.5,1613.63,1688.5
                """);

        assertThat(series).extracting(TimeSeries::id).containsExactly("DAX", "SMI");
        assertThat(series.get(1).values()).containsExactly(1678.1, 1688.5);
    }

    @Test
    void shouldKeepDecimalYearsAsOrdinalFixedPointNumbers() throws IOException {
        TimeSeries dax = read("time,DAX\n1991.49615384615,1628.75\n1991.5,1613.63\n").get(0);

        assertThat(dax.timeKind()).isEqualTo(TimeKind.ORDINAL);
        assertThat(dax.timestamps()).containsExactly(1_991_496_154L, 1_991_500_000L);
    }

    @Test
    void shouldTreatSmallIntegerTimesAsOrdinalRowNumbers() throws IOException {
        TimeSeries aud = read("day,AUD\n0,0.7855\n1,0.7818\n").get(0);

        assertThat(aud.timeKind()).isEqualTo(TimeKind.ORDINAL);
        assertThat(aud.timestamps()).containsExactly(0, TimeSeries.ORDINAL_SCALE);
    }

    @Test
    void shouldReadLargeIntegerTimesAsEpochMillis() throws IOException {
        TimeSeries a = read("ts,a\n1767225600000,1\n1767225660000,2\n").get(0);

        assertThat(a.timeKind()).isEqualTo(TimeKind.INSTANT);
        assertThat(a.timestamps()).containsExactly(NEW_YEAR_2026, NEW_YEAR_2026 + ONE_MINUTE);
    }

    @Test
    void shouldReadDateTimeStringsWithoutOffsetAsUtc() throws IOException {
        List<TimeSeries> series = read("""
                date,HUFL,OT
                2026-01-01 00:00:00,5.827,30.531
                2026-01-01 01:00,5.692,27.787
                2026-01-01T02:00:00.000,5.157,27.787
                """);

        assertThat(series).hasSize(2);
        assertThat(series.get(1).timeKind()).isEqualTo(TimeKind.INSTANT);
        assertThat(series.get(1).timestamps())
                .containsExactly(NEW_YEAR_2026, NEW_YEAR_2026 + ONE_HOUR, NEW_YEAR_2026 + 2 * ONE_HOUR);
    }

    @Test
    void shouldApplyIsoOffsets() throws IOException {
        TimeSeries a = read("time,a\n2026-01-01T02:00:00+02:00,1\n2026-01-01T00:01Z,2\n").get(0);

        assertThat(a.timestamps()).containsExactly(NEW_YEAR_2026, NEW_YEAR_2026 + ONE_MINUTE);
    }

    @Test
    void shouldUseRowNumberAsTimeForSingleColumnFileAndBlankLinesAsMissing() throws IOException {
        TimeSeries x = read("x\n5\n6\n\n8\n").get(0);

        assertThat(x.id()).isEqualTo("x");
        assertThat(x.timeKind()).isEqualTo(TimeKind.ORDINAL);
        assertThat(x.timestamps()).containsExactly(0, TimeSeries.ORDINAL_SCALE, 3 * TimeSeries.ORDINAL_SCALE);
        assertThat(x.values()).containsExactly(5, 6, 8);
    }

    @Test
    void shouldSkipMissingCellsForThatSeriesOnly() throws IOException {
        List<TimeSeries> series = read("t,a,b,c\n1,1,NA,\n2,,2,nan\n\n3,3,3,N/A\n");

        assertThat(series.get(0).timestamps()).containsExactly(TimeSeries.ORDINAL_SCALE, 3 * TimeSeries.ORDINAL_SCALE);
        assertThat(series.get(0).values()).containsExactly(1, 3);
        assertThat(series.get(1).values()).containsExactly(2, 3);
        assertThat(series.get(2).size()).isZero();
    }

    @Test
    void shouldSplitQuotedFieldsWithCommasEscapedQuotesAndCrlf() throws IOException {
        List<TimeSeries> series = read("series,time,value\r\n\"a,b\",1,1\r\n\"say \"\"hi\"\"\",1,2\r\n");

        assertThat(series).extracting(TimeSeries::id).containsExactly("a,b", "say \"hi\"");
    }

    @Test
    void shouldStripByteOrderMarkFromFirstColumnName() throws IOException {
        assertThat(read("\uFEFFseries,timestamp,value\na,1,1\n")).extracting(TimeSeries::id).containsExactly("a");
    }

    @Test
    void shouldRejectNonNumericValueNamingLineAndColumn() {
        assertThatThrownBy(() -> read("time,x\n1,2\n2,abc\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("test.csv line 3: value 'abc' in column 'x' is not a number");
    }

    @Test
    void shouldCountPhysicalLinesAcrossQuotedLineBreaks() {
        assertThatThrownBy(() -> read("series,time,value\n\"two\nlines\",1,1\nb,2,oops\n"))
                .hasMessage("test.csv line 4: value 'oops' in column 'value' is not a number");
    }

    @Test
    void shouldRejectInvalidDateNamingLineAndColumn() {
        assertThatThrownBy(() -> read("date,a\n2016-07-01,1\n2016-02-30,2\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test.csv line 3: timestamp '2016-02-30' in column 'date'");
    }

    @Test
    void shouldRejectNumberInDateTimeColumn() {
        assertThatThrownBy(() -> read("date,a\n2016-07-01,1\n17,2\n"))
                .hasMessageStartingWith("test.csv line 3: timestamp '17' in column 'date' is a number");
    }

    @Test
    void shouldRejectMissingTimestamp() {
        assertThatThrownBy(() -> read("date,a\n2016-07-01,1\n,2\n"))
                .hasMessage("test.csv line 3: missing timestamp in column 'date'");
    }

    @Test
    void shouldRejectRowWithWrongNumberOfFields() {
        assertThatThrownBy(() -> read("t,a,b\n1,2,3\n2,3\n"))
                .hasMessage("test.csv line 3: expected 3 fields as in the header but found 2");
    }

    @Test
    void shouldRejectUnclosedQuoteNamingTheLineItOpensOn() {
        assertThatThrownBy(() -> read("t,a\n1,2\n\"2,3\n"))
                .hasMessage("test.csv line 3: quoted field is never closed");
    }

    @Test
    void shouldRejectDuplicateColumnNames() {
        assertThatThrownBy(() -> read("t,a,A\n1,2,3\n"))
                .hasMessage("test.csv line 1: column 'A' appears twice");
    }

    @Test
    void shouldRejectEmptyFile() {
        assertThatThrownBy(() -> read(""))
                .hasMessage("test.csv line 1: empty file, expected a header line");
    }

    @Test
    void shouldReturnEmptySeriesForHeaderOnlyWideFile() throws IOException {
        List<TimeSeries> series = read("timestamp,a,b\n");

        assertThat(series).extracting(TimeSeries::id).containsExactly("a", "b");
        assertThat(series).allSatisfy(s -> assertThat(s.size()).isZero());
    }

    @Test
    void shouldReturnNoSeriesForHeaderOnlyLongFile() throws IOException {
        assertThat(read("series,timestamp,value\n")).isEmpty();
    }

    @Test
    void shouldReadFileAndNameItInErrors(@TempDir Path dir) throws IOException {
        Path good = Files.writeString(dir.resolve("good.csv"), "time,value\n1,22262\n1.5,21756\n");
        Path bad = Files.writeString(dir.resolve("taylor.csv"), "time,x\n1,abc\n");

        assertThat(SeriesCsvReader.read(good).get(0).values()).containsExactly(22262, 21756);
        assertThatThrownBy(() -> SeriesCsvReader.read(bad))
                .hasMessage(bad + " line 2: value 'abc' in column 'x' is not a number");
    }
}

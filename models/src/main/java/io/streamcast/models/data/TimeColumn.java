package io.streamcast.models.data;

import io.streamcast.models.data.TimeSeries.TimeKind;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.Locale;

/**
 * The time column of a series file: collects one cell per row, then decides what the cells mean.
 *
 * <p>The first cell fixes the column's type. Date-times ({@code 2016-07-01}, {@code 2016-07-01 00:00[:00]},
 * {@code 2016-07-01T00:00:00[.SSS]}, optionally followed by {@code Z} or an offset such as {@code +02:00}; without
 * an offset, UTC) become {@link TimeKind#INSTANT} epoch milliseconds. Numbers are epoch milliseconds
 * ({@link TimeKind#INSTANT}) when every one of them is an integer of at least 1e11 (March 1973; smaller integers
 * are far more likely years or row numbers), and otherwise {@link TimeKind#ORDINAL} numbers scaled by
 * {@link TimeSeries#ORDINAL_SCALE}.
 */
final class TimeColumn {

    private static final double MIN_EPOCH_MILLIS = 1e11;
    private static final double MAX_ORDINAL = Long.MAX_VALUE / (double) TimeSeries.ORDINAL_SCALE;

    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .optionalEnd()
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(IsoChronology.INSTANCE);

    private final String source;
    private final String name;
    private Boolean numeric;
    private long[] instants = new long[0];
    private double[] numbers = new double[0];
    private int[] lines = new int[0];
    private int size;
    private TimeKind kind;
    private long[] timestamps;

    TimeColumn(String source, String name) {
        this.source = source;
        this.name = name;
    }

    /** Adds the time cell of the next row, found on {@code line}. */
    void add(String cell, int line) {
        String text = cell.strip();
        if (text.isEmpty()) {
            throw SeriesCsvReader.problem(source, line, "missing timestamp in column '" + name + "'");
        }
        boolean isNumber = SeriesCsvReader.NUMBER.matcher(text).matches();
        if (numeric == null) {
            numeric = isNumber;
        } else if (numeric != isNumber) {
            throw SeriesCsvReader.problem(source, line, "timestamp " + SeriesCsvReader.quote(text) + " in column '"
                    + name + "' is " + (isNumber ? "a number but earlier rows hold date-times"
                            : "not a number but earlier rows hold numbers"));
        }
        grow();
        if (isNumber) {
            numbers[size] = Double.parseDouble(text);
        } else {
            instants[size] = epochMillis(text, line);
        }
        lines[size++] = line;
    }

    /** Adds the next row with its row index (0-based) as the time, for files without a time column. */
    void addRowIndex(int line) {
        if (numeric == null) {
            numeric = true;
        }
        grow();
        numbers[size] = size;
        lines[size++] = line;
    }

    /** The kind of every timestamp, decided once all rows are in. */
    TimeKind kind() {
        resolve();
        return kind;
    }

    /** The timestamp of row {@code row} (0-based, counting every data row added). */
    long timestamp(int row) {
        resolve();
        return timestamps[row];
    }

    private void resolve() {
        if (kind != null) {
            return;
        }
        if (Boolean.FALSE.equals(numeric)) {
            kind = TimeKind.INSTANT;
            timestamps = instants;
            return;
        }
        boolean epochMillis = size > 0;
        for (int i = 0; i < size && epochMillis; i++) {
            epochMillis = numbers[i] >= MIN_EPOCH_MILLIS && numbers[i] == Math.rint(numbers[i]);
        }
        kind = epochMillis ? TimeKind.INSTANT : TimeKind.ORDINAL;
        timestamps = new long[size];
        for (int i = 0; i < size; i++) {
            double x = numbers[i];
            if (!epochMillis && Math.abs(x) >= MAX_ORDINAL) {
                throw SeriesCsvReader.problem(source, lines[i], "timestamp " + x + " in column '" + name
                        + "' is too large for an ordering number (and not every timestamp is epoch milliseconds)");
            }
            timestamps[i] = epochMillis ? (long) x : Math.round(x * TimeSeries.ORDINAL_SCALE);
        }
    }

    private long epochMillis(String text, int line) {
        // "2016-07-01 00:00:00", as pandas and R write it, is ISO-8601 with a space for the 'T'
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11)
                : text;
        try {
            // asks what was parsed rather than parseBest(), whose failed attempts cost an exception per cell
            TemporalAccessor t = DATE_TIME.parse(iso);
            if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
                return OffsetDateTime.from(t).toInstant().toEpochMilli();
            }
            if (t.isSupported(ChronoField.HOUR_OF_DAY)) {
                return LocalDateTime.from(t).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            return LocalDate.from(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw SeriesCsvReader.problem(source, line, "timestamp " + SeriesCsvReader.quote(text) + " in column '"
                    + name + "' is neither a number nor an ISO-8601 date-time");
        }
    }

    private void grow() {
        if (size == lines.length) {
            int capacity = Math.max(16, 2 * size);
            lines = Arrays.copyOf(lines, capacity);
            if (numeric) {
                numbers = Arrays.copyOf(numbers, capacity);
            } else {
                instants = Arrays.copyOf(instants, capacity);
            }
        }
    }
}

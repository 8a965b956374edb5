package io.streamcast.models.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a series CSV file with a header line into {@link TimeSeries}, in either layout.
 *
 * <ul>
 *   <li><b>Long</b>: one point per row. Chosen when the header names a series, a time and a value column
 *       (case-insensitive): {@code series}, {@code series_id}, {@code unique_id} or {@code id}; {@code timestamp},
 *       {@code time}, {@code date}, {@code datetime}, {@code ts} or {@code ds}; {@code value} or {@code y}. Other
 *       columns are ignored; series come in the order they first appear.
 *   <li><b>Wide</b>: any other header. The first column is the time and every other column is one series, named
 *       by its header. A file with a single column has no time column: the row number (0-based, counting data
 *       rows) is the time.
 * </ul>
 *
 * <p>Timestamps are ISO-8601 date-times ({@code 2016-07-01}, {@code 2016-07-01 00:00[:00]},
 * {@code 2016-07-01T00:00:00.000}, optionally with {@code Z} or an offset; without one, UTC) or numbers, and all
 * cells of the time column must be of the same type. Date-times, and integers that are all at least 1e11, are
 * epoch milliseconds ({@link TimeSeries.TimeKind#INSTANT}); other numbers (decimal years, row numbers) only order
 * the rows ({@link TimeSeries.TimeKind#ORDINAL}). Every series is sorted by time; equal times keep file order.
 *
 * <p>A missing value (an empty cell, {@code NA}, {@code N/A}, {@code NaN} or {@code null}, in any case) drops
 * that point from its series only; the series itself is still returned, even when it ends up empty. A missing
 * time or series id is an error. Blank lines are skipped, except in a single-column file, where they are
 * missing values. A header without data rows gives wide-layout series with no points, or no long-layout series.
 *
 * <p>Malformed input throws {@link IllegalArgumentException} with a message naming the source, the line and,
 * where there is one, the column: {@code taylor.csv line 17: value 'abc' in column 'x' is not a number}.
 */
public final class SeriesCsvReader {

    /** A decimal number as written in data files: no hex, no {@code Infinity}, no {@code NaN}. */
    static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static final Set<String> MISSING = Set.of("", "NA", "N/A", "NAN", "NULL");
    private static final List<String> SERIES_NAMES = List.of("series", "series_id", "unique_id", "id");
    private static final List<String> TIME_NAMES = List.of("timestamp", "time", "date", "datetime", "ts", "ds");
    private static final List<String> VALUE_NAMES = List.of("value", "y");

    private SeriesCsvReader() {
    }

    /** Reads a UTF-8 file; error messages name it by its path. */
    public static List<TimeSeries> read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        }
    }

    /** Reads CSV text from {@code reader} (not closed here); error messages name it {@code sourceName}. */
    public static List<TimeSeries> read(Reader reader, String sourceName) throws IOException {
        CsvRecords csv = new CsvRecords(reader, sourceName);
        List<String> header = csv.next();
        if (header == null) {
            throw problem(sourceName, 1, "empty file, expected a header line");
        }
        header = columnNames(header, sourceName);
        int series = indexOf(header, SERIES_NAMES);
        int time = indexOf(header, TIME_NAMES);
        int value = indexOf(header, VALUE_NAMES);
        return series >= 0 && time >= 0 && value >= 0
                ? readLong(csv, sourceName, header, series, time, value)
                : readWide(csv, sourceName, header);
    }

    private static List<TimeSeries> readLong(CsvRecords csv, String source, List<String> header, int series,
            int time, int value) throws IOException {
        TimeColumn times = new TimeColumn(source, header.get(time));
        Map<String, Points> bySeries = new LinkedHashMap<>();
        int row = 0;
        for (List<String> record = csv.next(); record != null; record = csv.next()) {
            if (isBlank(record)) {
                continue;
            }
            int line = csv.line();
            requireWidth(record, header.size(), source, line);
            String id = record.get(series).strip();
            if (id.isEmpty()) {
                throw problem(source, line, "missing series id in column '" + header.get(series) + "'");
            }
            times.add(record.get(time), line);
            bySeries.computeIfAbsent(id, Points::new)
                    .add(row++, value(record.get(value), header.get(value), source, line));
        }
        return toSeries(bySeries.values(), times);
    }

    private static List<TimeSeries> readWide(CsvRecords csv, String source, List<String> header)
            throws IOException {
        boolean rowNumberTime = header.size() == 1;
        if (rowNumberTime && TIME_NAMES.contains(header.get(0).toLowerCase(Locale.ROOT))) {
            throw problem(source, 1, "the only column, '" + header.get(0) + "', is a time column: no series to read");
        }
        TimeColumn times = new TimeColumn(source, rowNumberTime ? "(row number)" : header.get(0));
        int first = rowNumberTime ? 0 : 1;
        List<Points> series = new ArrayList<>();
        for (String name : header.subList(first, header.size())) {
            series.add(new Points(name));
        }
        int row = 0;
        for (List<String> record = csv.next(); record != null; record = csv.next()) {
            if (!rowNumberTime && isBlank(record)) {
                continue;
            }
            int line = csv.line();
            requireWidth(record, header.size(), source, line);
            if (rowNumberTime) {
                times.addRowIndex(line);
            } else {
                times.add(record.get(0), line);
            }
            for (int j = first; j < header.size(); j++) {
                series.get(j - first).add(row, value(record.get(j), header.get(j), source, line));
            }
            row++;
        }
        return toSeries(series, times);
    }

    private static List<String> columnNames(List<String> header, String source) {
        List<String> names = new ArrayList<>(header.size());
        Set<String> seen = new HashSet<>();
        for (String cell : header) {
            // a UTF-8 byte order mark, as spreadsheet exports write, is not part of the first name
            String name = (names.isEmpty() && cell.startsWith("\uFEFF") ? cell.substring(1) : cell).strip();
            if (name.isEmpty()) {
                throw problem(source, 1, "column " + (names.size() + 1) + " has no name");
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw problem(source, 1, "column '" + name + "' appears twice");
            }
            names.add(name);
        }
        return names;
    }

    private static int indexOf(List<String> header, List<String> candidates) {
        for (String candidate : candidates) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).equalsIgnoreCase(candidate)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean isBlank(List<String> record) {
        return record.size() == 1 && record.get(0).isBlank();
    }

    private static void requireWidth(List<String> record, int width, String source, int line) {
        if (record.size() != width) {
            throw problem(source, line, "expected " + width + " fields as in the header but found " + record.size());
        }
    }

    /** The cell's number, or NaN when the value is missing. */
    private static double value(String cell, String column, String source, int line) {
        String text = cell.strip();
        if (MISSING.contains(text.toUpperCase(Locale.ROOT))) {
            return Double.NaN;
        }
        if (!NUMBER.matcher(text).matches()) {
            throw problem(source, line, "value " + quote(text) + " in column '" + column + "' is not a number");
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw problem(source, line, "value " + quote(text) + " in column '" + column + "' is out of range");
        }
        return value;
    }

    private static List<TimeSeries> toSeries(Collection<Points> series, TimeColumn times) {
        List<TimeSeries> result = new ArrayList<>(series.size());
        for (Points points : series) {
            result.add(points.toSeries(times));
        }
        return List.copyOf(result);
    }

    static IllegalArgumentException problem(String source, int line, String message) {
        return new IllegalArgumentException(source + " line " + line + ": " + message);
    }

    static String quote(String text) {
        return "'" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "'";
    }

    /** The points of one series in file order, as row numbers into the time column. */
    private static final class Points {
        private final String id;
        private int[] rows = new int[16];
        private double[] values = new double[16];
        private int size;

        Points(String id) {
            this.id = id;
        }

        void add(int row, double value) {
            if (Double.isNaN(value)) {
                return;
            }
            if (size == rows.length) {
                rows = Arrays.copyOf(rows, 2 * size);
                values = Arrays.copyOf(values, 2 * size);
            }
            rows[size] = row;
            values[size++] = value;
        }

        TimeSeries toSeries(TimeColumn times) {
            long[] timestamps = new long[size];
            boolean sorted = true;
            for (int i = 0; i < size; i++) {
                timestamps[i] = times.timestamp(rows[i]);
                sorted &= i == 0 || timestamps[i] >= timestamps[i - 1];
            }
            if (sorted) {
                return new TimeSeries(id, timestamps, Arrays.copyOf(values, size), times.kind());
            }
            Integer[] order = new Integer[size];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingLong(i -> timestamps[i])); // object sort is stable
            long[] sortedTimes = new long[size];
            double[] sortedValues = new double[size];
            for (int i = 0; i < size; i++) {
                sortedTimes[i] = timestamps[order[i]];
                sortedValues[i] = values[order[i]];
            }
            return new TimeSeries(id, sortedTimes, sortedValues, times.kind());
        }
    }
}

package io.streamcast.models.eval.nab;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One NAB CSV file, read strictly: a header naming {@code timestamp} and the wanted numeric columns (in any order,
 * other columns ignored), then one row per line with every wanted cell present. NAB's files have no quoting, and
 * rows are kept in file order because NAB's scoring is by row.
 */
final class NabCsv {

    static final String TIMESTAMP = "timestamp";

    final List<LocalDateTime> timestamps;
    /** One array per wanted column, in the order asked for. */
    final double[][] columns;

    private NabCsv(List<LocalDateTime> timestamps, double[][] columns) {
        this.timestamps = timestamps;
        this.columns = columns;
    }

    static NabCsv read(Path file, String... numericColumns) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null) {
                throw new IllegalArgumentException(file + ": empty file, expected a header line");
            }
            List<String> header = Arrays.stream(headerLine.split(",", -1)).map(String::strip).toList();
            int time = column(header, TIMESTAMP, file);
            int[] wanted = Arrays.stream(numericColumns).mapToInt(name -> column(header, name, file)).toArray();

            List<LocalDateTime> timestamps = new ArrayList<>();
            List<double[]> rows = new ArrayList<>();
            int lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                String where = file + " line " + lineNumber;
                if (cells.length != header.size()) {
                    throw new IllegalArgumentException(where + ": " + cells.length + " cells, the header has "
                            + header.size());
                }
                timestamps.add(NabTimestamps.parse(cells[time], where));
                double[] row = new double[wanted.length];
                for (int c = 0; c < wanted.length; c++) {
                    row[c] = number(cells[wanted[c]], where, numericColumns[c]);
                }
                rows.add(row);
            }
            double[][] columns = new double[wanted.length][rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < wanted.length; c++) {
                    columns[c][r] = rows.get(r)[c];
                }
            }
            return new NabCsv(List.copyOf(timestamps), columns);
        }
    }

    private static int column(List<String> header, String name, Path file) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(file + ": no column '" + name + "' in header " + header);
        }
        return index;
    }

    private static double number(String cell, String where, String column) {
        try {
            double value = Double.parseDouble(cell.strip());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the column
        }
        throw new IllegalArgumentException(where + ": " + column + " '" + cell + "' is not a finite number");
    }
}

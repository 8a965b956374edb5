package io.streamcast.models.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A point-labelled series CSV (e.g. the Suthaharan sensor set): a header, one row per point in time order, a label
 * column of 0/1 (or false/true), value columns, and optionally a column naming the series of each row.
 *
 * @param series per row, its series (all "" without a series column)
 * @param values per value column, one value per row
 * @param labels per row, whether it is labelled anomalous
 */
public record LabelledCsv(List<String> series, Map<String, double[]> values, boolean[] labels) {

    public int rows() {
        return labels.length;
    }

    /**
     * Reads the file.
     *
     * @param labelColumn  name of the 0/1 label column
     * @param seriesColumn name of the series column, or null for one series
     * @param valueColumns the value columns; empty = every column but the first (the time or row order), the label
     *                     and the series column
     * @throws IllegalArgumentException naming the column, line and text of a missing column or a bad value
     */
    public static LabelledCsv read(Path file, String labelColumn, String seriesColumn, List<String> valueColumns) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CsvRecords csv = new CsvRecords(in, file.toString());
            List<String> header = csv.next();
            if (header == null) {
                throw new IllegalArgumentException(file + ": empty file");
            }
            header = header.stream().map(h -> h.strip().replace("\uFEFF", "")).toList();
            int label = column(file, header, labelColumn);
            int seriesAt = seriesColumn == null ? -1 : column(file, header, seriesColumn);
            List<String> names = new ArrayList<>(valueColumns);
            if (names.isEmpty()) {
                for (int i = 1; i < header.size(); i++) {
                    if (i != label && i != seriesAt) {
                        names.add(header.get(i));
                    }
                }
            }
            int[] at = new int[names.size()];
            for (int i = 0; i < at.length; i++) {
                at[i] = column(file, header, names.get(i));
            }
            List<String> series = new ArrayList<>();
            List<double[]> rows = new ArrayList<>();
            List<Boolean> labels = new ArrayList<>();
            for (List<String> r; (r = csv.next()) != null; ) {
                if (r.size() == 1 && r.get(0).isBlank()) {
                    continue;
                }
                if (r.size() < header.size()) {
                    throw new IllegalArgumentException(file + " line " + csv.line() + ": " + r.size() + " fields, the header has " + header.size());
                }
                double[] v = new double[at.length];
                for (int i = 0; i < at.length; i++) {
                    v[i] = number(file, csv.line(), names.get(i), r.get(at[i]));
                }
                rows.add(v);
                labels.add(label(file, csv.line(), labelColumn, r.get(label)));
                series.add(seriesAt < 0 ? "" : r.get(seriesAt).strip());
            }
            Map<String, double[]> values = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                double[] col = new double[rows.size()];
                for (int j = 0; j < col.length; j++) {
                    col[j] = rows.get(j)[i];
                }
                values.put(names.get(i), col);
            }
            boolean[] l = new boolean[labels.size()];
            for (int i = 0; i < l.length; i++) {
                l[i] = labels.get(i);
            }
            return new LabelledCsv(List.copyOf(series), values, l);
        }
    }

    private static int column(Path file, List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(file + ": no column '" + name + "' (columns: " + String.join(", ", header) + ")");
        }
        return i;
    }

    private static double number(Path file, int line, String column, String text) {
        try {
            double d = Double.parseDouble(text.strip());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(file + " line " + line + ", column " + column + ": '" + text + "' is not a finite number");
    }

    private static boolean label(Path file, int line, String column, String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "1.0", "true" -> true;
            case "0", "0.0", "false" -> false;
            default -> throw new IllegalArgumentException(file + " line " + line + ", column " + column + ": label '" + text
                    + "' is not 0/1 or true/false");
        };
    }
}

package io.streamcast.models.data;

import io.streamcast.models.classify.LabelledExamples;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads labelled sequences in the UCR archive's layout: one per line, the label first, then the values, separated
 * by tabs (the 2018 archive) or commas (the older one). Trailing {@code NaN}s pad shorter sequences in the
 * variable-length sets and are dropped; a {@code NaN} between values (a missing value) is filled by linear
 * interpolation from its neighbours, as the archive suggests.
 */
public final class UcrReader {
    private UcrReader() {
    }

    /** @throws IOException with the file and line when a value is not a number or a line has no value */
    public static LabelledExamples<double[]> read(Path file) throws IOException {
        List<double[]> sequences = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.strip().split(line.indexOf('\t') >= 0 ? "\t" : ",");
                String label = fields[0].strip();
                double[] values = new double[fields.length - 1];
                int last = -1;
                for (int i = 1; i < fields.length; i++) {
                    String f = fields[i].strip();
                    double v;
                    try {
                        v = Double.parseDouble(f);
                    } catch (NumberFormatException e) {
                        throw new IOException(file + " line " + lineNo + ": value " + i + " is not a number: '" + f + "'");
                    }
                    if (Double.isInfinite(v)) {
                        throw new IOException(file + " line " + lineNo + ": value " + i + " is infinite");
                    }
                    values[i - 1] = v;
                    if (!Double.isNaN(v)) {
                        last = i - 1;
                    }
                }
                if (last < 0) {
                    throw new IOException(file + " line " + lineNo + ": no values after the label '" + label + "'");
                }
                labels.add(normaliseLabel(label));
                sequences.add(interpolateGaps(java.util.Arrays.copyOf(values, last + 1)));
                lines.add(lineNo);
            }
        }
        if (sequences.isEmpty()) {
            throw new IOException(file + ": no sequences");
        }
        return new LabelledExamples<>(sequences, labels, lines);
    }

    /** UCR writes integer labels as {@code 1} in some files and {@code 1.0} in others: both become {@code 1}. */
    static String normaliseLabel(String label) {
        try {
            double d = Double.parseDouble(label);
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
        } catch (NumberFormatException e) {
            // not a number: keep as written
        }
        return label;
    }

    /** Missing values (NaN) before the last value, filled linearly; a leading gap takes the first value. */
    static double[] interpolateGaps(double[] x) {
        int prev = -1;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                continue;
            }
            if (i - prev > 1) {
                for (int j = prev + 1; j < i; j++) {
                    x[j] = prev < 0 ? x[i] : x[prev] + (x[i] - x[prev]) * (j - prev) / (i - prev);
                }
            }
            prev = i;
        }
        return x;
    }
}

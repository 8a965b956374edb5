package io.streamcast.models.eval.nab;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * One NAB data file: its rows in file order and its anomaly windows in row order.
 *
 * <p>{@code key} is the file's path under NAB's {@code data/} directory, {@code category/file.csv}, as in
 * {@code combined_windows.json}. Timestamps may repeat (NAB's real files have a few duplicates); a window's
 * bounds are on its own rows, windows do not share rows.
 */
public record NabDataFile(String key, List<LocalDateTime> timestamps, double[] values, List<NabWindow> windows) {

    public NabDataFile {
        Objects.requireNonNull(key, "key");
        int slash = key.indexOf('/');
        if (slash <= 0 || slash != key.lastIndexOf('/') || slash == key.length() - 1) {
            throw new IllegalArgumentException("NAB file key '" + key + "' is not of the form category/file.csv");
        }
        timestamps = List.copyOf(timestamps);
        values = values.clone();
        windows = List.copyOf(windows);
        if (timestamps.size() != values.length) {
            throw new IllegalArgumentException(key + ": " + timestamps.size() + " timestamps but " + values.length
                    + " values");
        }
        int previousLast = -1;
        for (NabWindow window : windows) {
            if (window.firstRow() <= previousLast || window.lastRow() >= timestamps.size()) {
                throw new IllegalArgumentException(key + ": window " + window + " overlaps the one before it or"
                        + " ends after the last of " + timestamps.size() + " rows");
            }
            if (!timestamps.get(window.firstRow()).equals(window.start())
                    || !timestamps.get(window.lastRow()).equals(window.end())) {
                throw new IllegalArgumentException(key + ": window " + window + " does not start and end on the"
                        + " timestamps of its rows");
            }
            previousLast = window.lastRow();
        }
    }

    /** The directory under {@code data/}, e.g. {@code realAWSCloudwatch}. */
    public String category() {
        return key.substring(0, key.indexOf('/'));
    }

    /** The file name, e.g. {@code ec2_cpu_utilization_24ae8d.csv}. */
    public String name() {
        return key.substring(key.indexOf('/') + 1);
    }

    public int rows() {
        return values.length;
    }

    /** A copy of the values, row by row. */
    @Override
    public double[] values() {
        return values.clone();
    }
}

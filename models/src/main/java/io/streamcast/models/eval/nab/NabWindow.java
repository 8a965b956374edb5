package io.streamcast.models.eval.nab;

import java.time.LocalDateTime;
import java.util.Objects;

/** A labelled anomaly window of one data file: its first and last timestamps and the rows they are on (inclusive). */
public record NabWindow(LocalDateTime start, LocalDateTime end, int firstRow, int lastRow) {

    public NabWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (firstRow < 0 || lastRow < firstRow) {
            throw new IllegalArgumentException("window [" + start + ", " + end + "] has rows " + firstRow + ".."
                    + lastRow + ": expected 0 <= firstRow <= lastRow");
        }
    }

    /** The number of rows in the window, both ends included. */
    public int rows() {
        return lastRow - firstRow + 1;
    }
}

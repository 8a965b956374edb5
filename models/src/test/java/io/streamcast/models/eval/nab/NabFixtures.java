package io.streamcast.models.eval.nab;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Small hand-made NAB files: one row a minute from {@link #BEGINNING}, every value 0. */
final class NabFixtures {

    static final LocalDateTime BEGINNING = LocalDateTime.of(2014, 4, 1, 0, 0);

    private NabFixtures() {
    }

    static LocalDateTime row(int i) {
        return BEGINNING.plusMinutes(i);
    }

    /** A file of {@code rows} rows with windows given as {@code {firstRow, lastRow}} pairs. */
    static NabDataFile file(String key, int rows, int[]... windows) {
        List<NabWindow> list = new ArrayList<>();
        for (int[] w : windows) {
            list.add(new NabWindow(row(w[0]), row(w[1]), w[0], w[1]));
        }
        return new NabDataFile(key, IntStream.range(0, rows).mapToObj(NabFixtures::row).toList(),
                new double[rows], list);
    }

    /** Anomaly scores of 1 on the given rows and 0 elsewhere. */
    static double[] detectionsAt(int rows, int... detected) {
        double[] scores = new double[rows];
        for (int i : detected) {
            scores[i] = 1.0;
        }
        return scores;
    }
}

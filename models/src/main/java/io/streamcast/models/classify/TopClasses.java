package io.streamcast.models.classify;

/** The most probable classes of one row of class probabilities. */
public final class TopClasses {
    private TopClasses() {
    }

    /** Indices of the {@code k} largest probabilities, largest first; ties go to the lower index. */
    public static int[] of(float[] probabilities, int k) {
        int n = Math.min(k, probabilities.length);
        int[] top = new int[n];
        boolean[] taken = new boolean[probabilities.length];
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int c = 0; c < probabilities.length; c++) {
                if (!taken[c] && (best < 0 || probabilities[c] > probabilities[best])) {
                    best = c;
                }
            }
            taken[best] = true;
            top[i] = best;
        }
        return top;
    }

    /** Index of the largest probability (the lowest index on ties). */
    public static int argMax(float[] probabilities) {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return best;
    }
}

package io.streamcast.app.cli;

import io.streamcast.models.forecast.ForecasterTrainer;
import java.io.PrintStream;

/** A one-line progress bar on stderr, redrawn each epoch. */
final class TrainingProgress implements ForecasterTrainer.Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final long started = System.nanoTime();

    TrainingProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onEpoch(int epoch, int maxEpochs, double trainMse, double validationMse) {
        int filled = (int) Math.round(WIDTH * (double) epoch / maxEpochs);
        out.printf("\repoch %3d/%d [%s%s] train mse %.4f  validation mse %.4f  %5.0f s", epoch, maxEpochs,
                "=".repeat(filled), " ".repeat(WIDTH - filled), trainMse, validationMse, (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    void done() {
        out.println();
    }
}

package io.streamcast.app.cli;

import io.streamcast.models.forecast.ForecasterTrainer;
import io.streamcast.models.image.ImageClassifierTrainer;
import java.io.PrintStream;

/** A one-line progress bar on stderr, redrawn each epoch. */
final class TrainingProgress implements ForecasterTrainer.Progress, ImageClassifierTrainer.Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String trainLabel;
    private final String validationLabel;
    private final long started = System.nanoTime();

    /** A bar for the forecaster: training and validation mse. */
    TrainingProgress(PrintStream out) {
        this(out, "train mse", "validation mse");
    }

    /** A bar naming its two figures, e.g. "train loss" and "validation accuracy". */
    TrainingProgress(PrintStream out, String trainLabel, String validationLabel) {
        this.out = out;
        this.trainLabel = trainLabel;
        this.validationLabel = validationLabel;
    }

    @Override
    public void onEpoch(int epoch, int maxEpochs, double train, double validation) {
        int filled = (int) Math.round(WIDTH * (double) epoch / maxEpochs);
        out.printf("\repoch %3d/%d [%s%s] %s %.4f  %s %.4f  %5.0f s", epoch, maxEpochs,
                "=".repeat(filled), " ".repeat(WIDTH - filled), trainLabel, train, validationLabel, validation,
                (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    void done() {
        out.println();
    }
}

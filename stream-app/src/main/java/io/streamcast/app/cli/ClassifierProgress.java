package io.streamcast.app.cli;

import io.streamcast.models.classify.EnsembleTrainer;
import java.io.PrintStream;

/** A one-line progress display on stderr for ensemble training, redrawn each epoch. */
final class ClassifierProgress implements EnsembleTrainer.Progress {
    private final PrintStream out;
    private final long started = System.nanoTime();
    private boolean drawn;

    ClassifierProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onEpoch(int member, int members, int epoch, int maxEpochs, double trainLoss, double validationLoss) {
        out.printf("\rmember %d/%d  epoch %3d/%d  train loss %.4f  validation loss %.4f  %5.0f s ", member + 1, members,
                epoch, maxEpochs, trainLoss, validationLoss, (System.nanoTime() - started) / 1e9);
        out.flush();
        drawn = true;
    }

    void done() {
        if (drawn) {
            out.println();
        }
    }
}

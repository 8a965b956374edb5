package io.streamcast.app.cli;

import io.streamcast.models.sequence.SequenceClassifierConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Sequence classifier options of {@code train sequence} and {@code evaluate sequence}. */
final class SequenceOptions {
    @Option(names = "--max-length", description = "Longer sequences are shortened to this many points by averaging (default: 512).")
    Integer maxLength;

    @Option(names = "--lstm-steps", description = "The convolution features are max-pooled so that the LSTM reads at most "
            + "about this many steps of the longest training sequence (default: 24).")
    Integer lstmSteps;

    @Mixin
    ClassifierOptions training;

    SequenceClassifierConfig config() {
        SequenceClassifierConfig d = SequenceClassifierConfig.defaults();
        try {
            SequenceClassifierConfig c = d.withTraining(training.apply(d.training()));
            c = maxLength == null ? c : c.withMaxLength(maxLength);
            return lstmSteps == null ? c : c.withLstmMaxSteps(lstmSteps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sequence options: " + e.getMessage(), e);
        }
    }
}

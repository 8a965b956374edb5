package io.streamcast.app.cli;

import io.streamcast.models.sequence.SequenceClassifierConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Sequence classifier options of {@code train sequence} and {@code evaluate sequence}. */
final class SequenceOptions {
    @Option(names = "--max-length", description = "Longer sequences are shortened to this many points by averaging (default: 512).")
    Integer maxLength;

    @Mixin
    ClassifierOptions training;

    SequenceClassifierConfig config() {
        SequenceClassifierConfig d = SequenceClassifierConfig.defaults();
        try {
            SequenceClassifierConfig c = d.withTraining(training.apply(d.training()));
            return maxLength == null ? c : c.withMaxLength(maxLength);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sequence options: " + e.getMessage(), e);
        }
    }
}

package io.streamcast.app.cli;

import io.streamcast.models.text.TextClassifierConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Text classifier options of {@code train text} and {@code evaluate text}. */
final class TextOptions {
    @Option(names = "--max-tokens", description = "Tokens read per text at most (default: 128).")
    Integer maxTokens;

    @Option(names = "--truncation", description = "Which end of a longer text is kept: ${COMPLETION-CANDIDATES} (default: HEAD).")
    TextClassifierConfig.Truncation truncation;

    @Mixin
    ClassifierOptions training;

    TextClassifierConfig config() {
        TextClassifierConfig d = TextClassifierConfig.defaults();
        try {
            return d.withTokens(maxTokens != null ? maxTokens : d.maxTokens(), truncation != null ? truncation : d.truncation())
                    .withTraining(training.apply(d.training()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("text options: " + e.getMessage(), e);
        }
    }
}

package io.streamcast.app.cli;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.models.classify.LabelledExamples;
import io.streamcast.models.data.UcrReader;
import io.streamcast.models.sequence.SequenceClassifier;
import io.streamcast.models.sequence.SequenceClassifierTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train sequence}: trains the sequence classifier from a UCR-layout file and writes its artifact. */
@Command(name = "sequence", mixinStandardHelpOptions = true,
        description = "Trains the sequence classifier on a UCR-layout file (label, then the values) and writes the artifact.")
final class TrainSequenceCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "TRAIN.tsv", description = "Training sequences, UCR layout.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "MODEL.zip", description = "Where to write the artifact.")
    Path out;

    @Option(names = "--name", defaultValue = "sequence-classifier", description = "Model name on the card (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--config", paramLabel = "FILE", description = "streamcast.* settings; with streamcast.model.signing-key the artifact is signed.")
    Path config;

    @Mixin
    SequenceOptions options;

    @Override
    public Integer call() throws Exception {
        StreamcastConfig settings = new StreamcastConfig(RunCommand.settings(config));
        LabelledExamples<double[]> sequences = UcrReader.read(ClassifierCommands.readable(data, "--data"));
        ClassifierProgress progress = new ClassifierProgress(System.err);
        SequenceClassifier model = new SequenceClassifierTrainer(options.config()).progress(progress)
                .train(name, 1, sequences, List.of(ClassifierCommands.provenance(data, sequences)));
        progress.done();
        model.toArtifact().write(out, settings.signingKey());
        ClassifierCommands.printWritten(out, model);
        return 0;
    }
}

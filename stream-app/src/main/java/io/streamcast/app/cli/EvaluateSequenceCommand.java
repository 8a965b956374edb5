package io.streamcast.app.cli;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.classify.LabelledExamples;
import io.streamcast.models.data.UcrReader;
import io.streamcast.models.sequence.SequenceClassifier;
import io.streamcast.models.sequence.SequenceClassifierTrainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate sequence}: accuracy and F1 scores of the sequence classifier, as one JSON line. */
@Command(name = "sequence", mixinStandardHelpOptions = true,
        description = "Scores the sequence classifier on a UCR-layout file with the stream's prediction code and prints "
                + "accuracy, error, macro F1 and, for two classes, precision, recall and F1 of the rarer class as one "
                + "JSON line. With --model every line is test data; with --train a model is trained on that file first.")
final class EvaluateSequenceCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "TEST.tsv", description = "Labelled sequences, UCR layout.")
    Path data;

    @Option(names = "--model", paramLabel = "MODEL.zip", description = "Artifact to score.")
    Path model;

    @Option(names = "--train", paramLabel = "TRAIN.tsv", description = "Without --model: train on this file first.")
    Path train;

    @Option(names = "--config", paramLabel = "FILE", description = "streamcast.* settings (e.g. the signing key).")
    Path config;

    @Mixin
    SequenceOptions options;

    @Override
    public Integer call() throws Exception {
        if ((model == null) == (train == null)) {
            throw new IllegalArgumentException("give either --model (an artifact to score) or --train (a file to train on)");
        }
        LabelledExamples<double[]> test = UcrReader.read(ClassifierCommands.readable(data, "--data"));
        Map<String, Object> extra = new LinkedHashMap<>();
        SequenceClassifier classifier;
        if (model != null) {
            classifier = SequenceClassifier.fromArtifact(ModelArtifact.read(ClassifierCommands.readable(model, "--model"),
                    new StreamcastConfig(RunCommand.settings(config)).signingKey()));
        } else {
            LabelledExamples<double[]> training = UcrReader.read(ClassifierCommands.readable(train, "--train"));
            extra.put("train", train.getFileName().toString());
            long started = System.nanoTime();
            ClassifierProgress progress = new ClassifierProgress(System.err);
            classifier = new SequenceClassifierTrainer(options.config()).progress(progress)
                    .train("sequence-classifier", 1, training, List.of());
            progress.done();
            extra.put("training_seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
        }
        ClassifierCommands.printEvaluation(data, classifier, test, extra);
        return 0;
    }
}

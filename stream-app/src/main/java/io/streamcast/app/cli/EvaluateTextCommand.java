package io.streamcast.app.cli;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.classify.LabelledExamples;
import io.streamcast.models.data.LabelledTextReader;
import io.streamcast.models.text.TextClassifier;
import io.streamcast.models.text.TextClassifierTrainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate text}: accuracy, macro F1 and minority-class scores of the text classifier, as one JSON line. */
@Command(name = "text", mixinStandardHelpOptions = true,
        description = "Scores the text classifier on a TSV file of label<TAB>text lines with the stream's prediction code "
                + "and prints accuracy, macro F1 and, for two classes, precision, recall and F1 of the rarer class as one "
                + "JSON line. With --model every line is test data; without it a model is trained first, on --train or "
                + "else on a seeded stratified split of --data (--test-fraction held out).")
final class EvaluateTextCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE.tsv", description = "Labelled texts, label<TAB>text per line.")
    Path data;

    @Option(names = "--model", paramLabel = "MODEL.zip", description = "Artifact to score.")
    Path model;

    @Option(names = "--train", paramLabel = "TRAIN.tsv", description = "Without --model: train on this file and test on all of --data.")
    Path train;

    @Option(names = "--test-fraction", defaultValue = "0.2",
            description = "Without --model and --train: share of each class of --data held out for the test (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--config", paramLabel = "FILE", description = "streamcast.* settings (e.g. the signing key).")
    Path config;

    @Mixin
    TextOptions options;

    @Override
    public Integer call() throws Exception {
        LabelledExamples<String> all = LabelledTextReader.read(ClassifierCommands.readable(data, "--data"));
        Map<String, Object> extra = new LinkedHashMap<>();
        TextClassifier classifier;
        LabelledExamples<String> test = all;
        if (model != null) {
            classifier = TextClassifier.fromArtifact(ModelArtifact.read(ClassifierCommands.readable(model, "--model"),
                    new StreamcastConfig(RunCommand.settings(config)).signingKey()));
        } else {
            LabelledExamples<String> training;
            if (train != null) {
                training = LabelledTextReader.read(ClassifierCommands.readable(train, "--train"));
                extra.put("train", train.getFileName().toString());
            } else {
                LabelledExamples.Split<String> split = all.stratifiedSplit(testFraction, options.training.seed);
                training = split.train();
                test = split.test();
                extra.put("split", Map.of("test_fraction", testFraction, "seed", options.training.seed, "train_n", training.size()));
            }
            long started = System.nanoTime();
            ClassifierProgress progress = new ClassifierProgress(System.err);
            classifier = new TextClassifierTrainer(options.config()).progress(progress).train("text-classifier", 1, training, List.of());
            progress.done();
            extra.put("training_seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
        }
        ClassifierCommands.printEvaluation(data, classifier, test, extra);
        return 0;
    }
}

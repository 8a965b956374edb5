package io.streamcast.app.cli;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.models.artifact.ModelCard.DataRange;
import io.streamcast.models.classify.LabelledExamples;
import io.streamcast.models.data.LabelledTextReader;
import io.streamcast.models.text.TextClassifier;
import io.streamcast.models.text.TextClassifierTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train text}: trains the text classifier from a labelled TSV file and writes its artifact. */
@Command(name = "text", mixinStandardHelpOptions = true,
        description = "Trains the text classifier on a TSV file of label<TAB>text lines and writes the artifact.")
final class TrainTextCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE.tsv", description = "Training texts, label<TAB>text per line.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "MODEL.zip", description = "Where to write the artifact.")
    Path out;

    @Option(names = "--name", defaultValue = "text-classifier", description = "Model name on the card (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--config", paramLabel = "FILE", description = "streamcast.* settings; with streamcast.model.signing-key the artifact is signed.")
    Path config;

    @Mixin
    TextOptions options;

    @Override
    public Integer call() throws Exception {
        StreamcastConfig settings = new StreamcastConfig(RunCommand.settings(config));
        LabelledExamples<String> texts = LabelledTextReader.read(ClassifierCommands.readable(data, "--data"));
        ClassifierProgress progress = new ClassifierProgress(System.err);
        TextClassifier model = new TextClassifierTrainer(options.config()).progress(progress)
                .train(name, 1, texts, List.of(ClassifierCommands.provenance(data, texts)));
        progress.done();
        model.toArtifact().write(out, settings.signingKey());
        ClassifierCommands.printWritten(out, model);
        return 0;
    }
}

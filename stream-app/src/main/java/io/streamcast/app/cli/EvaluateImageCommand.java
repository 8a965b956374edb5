package io.streamcast.app.cli;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.eval.ConfusionMatrix;
import io.streamcast.models.eval.ConfusionMatrixPlot;
import io.streamcast.models.image.ImageClassifier;
import io.streamcast.models.image.ImageDataset;
import io.streamcast.models.image.ImageDirectory;
import io.streamcast.models.image.ImageEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate image}: accuracy, macro F1 and the confusion matrix of an image classifier, as one JSON line. */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Scores an image classifier on labelled images (IDX t10k-* files or class folders) with the stream's "
                + "prediction code; prints accuracy, macro F1, n and the confusion matrix as one JSON line.")
final class EvaluateImageCommand implements Callable<Integer> {
    /** Which IDX files to score. */
    enum Split { test, train }

    @Mixin
    ImageDataOptions input;

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "The image classifier artifact.")
    Path model;

    @Option(names = "--split", defaultValue = "test",
            description = "IDX files to score: test (t10k-*) or train (train-*) (default: ${DEFAULT-VALUE}; class folders are read whole).")
    Split split;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw the confusion matrix into this PNG.")
    Path plot;

    @Option(names = "--config", paramLabel = "FILE", description = "streamcast.* settings (e.g. the signing key).")
    Path config;

    @Override
    public Integer call() throws Exception {
        StreamcastConfig settings = new StreamcastConfig(RunCommand.settings(config));
        if (!Files.isReadable(model)) {
            throw new IllegalArgumentException("--model: cannot read " + model);
        }
        ImageClassifier classifier = ImageClassifier.fromArtifact(ModelArtifact.read(model, settings.signingKey()));
        ImageDataset data = input.read(split == Split.test ? ImageDirectory.Split.TEST : ImageDirectory.Split.TRAIN,
                classifier.spec(), settings);
        if (input.directory().isIdx() && input.classes == null && data.classes().size() <= classifier.classes().size()
                && data.classes().stream().allMatch(c -> c.matches("\\d+"))) {
            data = data.withClasses(classifier.classes()); // IDX labels are the model's class indices
        }
        ImageEvaluation.Result r;
        try {
            r = ImageEvaluation.evaluate(classifier, data);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--data: " + e.getMessage(), e);
        }
        ConfusionMatrix cm = r.confusion();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("data", input.data.getFileName().toString());
        line.put("split", input.directory().isIdx() ? split.name() : "all");
        line.put("n", cm.total());
        line.put("accuracy", round(cm.accuracy()));
        line.put("macro_f1", round(cm.macroF1()));
        line.put("classes", cm.classes());
        line.put("confusion", cm.counts());
        line.put("model", Map.of("name", classifier.card().name(), "version", classifier.card().version()));
        line.put("images_per_s", Math.round(r.imagesPerSecond()));
        if (plot != null) {
            ConfusionMatrixPlot.write(cm, String.format(Locale.ROOT, "%s v%d on %s: accuracy %.4f, macro F1 %.4f",
                    classifier.card().name(), classifier.card().version(), input.data.getFileName(), cm.accuracy(), cm.macroF1()), plot);
            line.put("plot", plot.toString());
        }
        System.out.println(Json.MAPPER.writeValueAsString(line));
        return 0;
    }

    private static Object round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10_000) / 10_000.0 : null;
    }
}

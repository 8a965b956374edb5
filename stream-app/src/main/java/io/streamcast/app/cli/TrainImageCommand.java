package io.streamcast.app.cli;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.artifact.ModelCard.DataRange;
import io.streamcast.models.image.CnnConfig;
import io.streamcast.models.image.ImageClassifier;
import io.streamcast.models.image.ImageClassifierTrainer;
import io.streamcast.models.image.ImageDataset;
import io.streamcast.models.image.ImageDirectory;
import io.streamcast.models.image.ImageEvaluation;
import io.streamcast.models.image.ImageSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train image}: trains the CNN image classifier on a folder of labelled images and writes its artifact. */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Trains the CNN image classifier on labelled images (IDX train-* files or class folders) and writes the artifact.")
final class TrainImageCommand implements Callable<Integer> {
    @Mixin
    ImageDataOptions input;

    @Option(names = "--out", required = true, paramLabel = "MODEL.zip", description = "Where to write the artifact.")
    Path out;

    @Option(names = "--name", defaultValue = "image-classifier", description = "Model name on the card (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--epochs", defaultValue = "15", description = "Maximum epochs; early stopping may end sooner (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", defaultValue = "3", description = "Epochs without a better validation accuracy before stopping (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--validation", defaultValue = "0.1", description = "Share of the training images held back for early stopping (default: ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--test-fraction", defaultValue = "0",
            description = "Share of the images set aside before training and scored once at the end, as test_accuracy (default: ${DEFAULT-VALUE} = none).")
    double testFraction;

    @Option(names = "--batch-size", defaultValue = "64", description = "Images per training step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--learning-rate-decay", defaultValue = "0.85",
            description = "The learning rate is multiplied by this after every epoch (default: ${DEFAULT-VALUE}; 1 = constant).")
    double learningRateDecay;

    @Option(names = "--filters", split = ",", defaultValue = "32,64", paramLabel = "N1,N2",
            description = "Filters of the two convolutions (default: ${DEFAULT-VALUE}).")
    List<Integer> filters;

    @Option(names = "--kernel", defaultValue = "3", description = "Convolution kernel side (default: ${DEFAULT-VALUE}).")
    int kernel;

    @Option(names = "--dense", defaultValue = "128", description = "Units of the dense layer (default: ${DEFAULT-VALUE}).")
    int dense;

    @Option(names = "--dropout", defaultValue = "0.5", description = "Share of the dense layer's outputs dropped in training (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--batch-norm", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Batch normalisation after each convolution (default: on; --no-batch-norm turns it off).")
    boolean batchNorm;

    @Option(names = "--augment-shift", defaultValue = "0",
            description = "Shift training images randomly by up to this many pixels each way (default: ${DEFAULT-VALUE} = off).")
    int augmentShift;

    @Option(names = "--width", description = "Input width; images are resized (default: the IDX files' own, 28 for class folders).")
    Integer width;

    @Option(names = "--height", description = "Input height (default: as the width).")
    Integer height;

    @Option(names = "--channels", description = "1 (grey) or 3 (RGB); images are converted (default: the IDX files' own, 1 for class folders).")
    Integer channels;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--time-budget", description = "Stop training after this long, keeping the best epoch so far (e.g. 20m).")
    Duration timeBudget;

    @Option(names = "--config", paramLabel = "FILE", description = "streamcast.* settings; with streamcast.model.signing-key the artifact is signed.")
    Path config;

    @Override
    public Integer call() throws Exception {
        StreamcastConfig settings = new StreamcastConfig(RunCommand.settings(config));
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in [0, 1), was " + testFraction);
        }
        if (filters.size() != 2) {
            throw new IllegalArgumentException("--filters takes two numbers, e.g. 32,64");
        }
        ImageSpec requested = null;
        if (width != null || height != null || channels != null) {
            int w = width != null ? width : height != null ? height : 28;
            requested = spec(w, height != null ? height : w, channels != null ? channels : 1);
        }
        ImageDataset all = input.read(ImageDirectory.Split.TRAIN, requested, settings);
        CnnConfig cnn;
        try {
            cnn = CnnConfig.defaults().withInput(all.spec()).withLayers(kernel, filters.get(0), filters.get(1), dense)
                    .withRegularisation(dropout, batchNorm).withTraining(epochs, batchSize, learningRate).withLearningRateDecay(learningRateDecay)
                    .withEarlyStopping(patience, validation).withAugmentShift(augmentShift).withSeed(seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("image model options: " + e.getMessage(), e);
        }
        ImageDataset train = all;
        ImageDataset test = null;
        if (testFraction > 0) {
            ImageDataset[] parts = all.split(testFraction, seed + 1);
            train = parts[0];
            test = parts[1];
        }
        List<DataRange> provenance = List.of(DataRange.ofFile(input.data.getFileName() + "/" + ImageDirectory.Split.TRAIN.prefix() + "*",
                0, all.size() - 1L));
        System.err.printf("training on %,d images of %s, %d classes%s%n", train.size(), all.spec(), all.classes().size(),
                test == null ? "" : String.format(" (%,d set aside for the test)", test.size()));
        TrainingProgress progress = new TrainingProgress(System.err, "train loss", "validation accuracy");
        ImageClassifierTrainer trainer = new ImageClassifierTrainer(cnn).progress(progress);
        if (timeBudget != null) {
            trainer.timeBudget(timeBudget);
        }
        ImageClassifier model = trainer.train(name, 1, train, provenance);
        progress.done();
        if (test != null) {
            ImageEvaluation.Result r = ImageEvaluation.evaluate(model, test);
            Map<String, Double> metrics = new LinkedHashMap<>(model.card().metrics());
            metrics.put("test_accuracy", r.confusion().accuracy());
            metrics.put("test_macro_f1", r.confusion().macroF1());
            metrics.put("test_images", (double) test.size());
            ModelCard c = model.card();
            model = model.withCard(new ModelCard(c.name(), c.version(), c.kind(), c.created(), c.trainingData(),
                    c.hyperParameters(), metrics, c.libraries()));
        }
        model.toArtifact().write(out, settings.signingKey());
        Map<String, Double> m = model.card().metrics();
        System.out.printf("wrote %s: %s v%d, %s, %d classes, %d epochs (best %d), validation accuracy %.4f, macro F1 %.4f%s%n",
                out, name, model.card().version(), model.spec(), model.classes().size(), m.get("epochs").intValue(),
                m.get("best_epoch").intValue(), m.get("validation_accuracy"), m.get("validation_macro_f1"),
                test == null ? "" : String.format(", test accuracy %.4f on %d set-aside images", m.get("test_accuracy"), test.size()));
        return 0;
    }

    private static ImageSpec spec(int w, int h, int c) {
        try {
            return new ImageSpec(w, h, c);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--width/--height/--channels: " + e.getMessage(), e);
        }
    }
}

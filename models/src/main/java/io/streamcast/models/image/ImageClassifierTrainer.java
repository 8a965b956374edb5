package io.streamcast.models.image;

import io.streamcast.models.artifact.LibraryVersions;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.artifact.ModelCard.DataRange;
import io.streamcast.models.classify.Classifier;
import io.streamcast.models.classify.ClassifierTrainer;
import io.streamcast.models.classify.TopClasses;
import io.streamcast.models.eval.ConfusionMatrix;
import io.streamcast.models.runtime.OffHeapGarbage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an {@link ImageClassifier}: seeded (the same data and settings give the same model), mini-batches in a
 * seeded random order, optional random shifts of the training images, a learning rate that decays by epoch, and
 * early stopping on the accuracy of held-back images (the best epoch's weights are kept).
 */
public final class ImageClassifierTrainer implements ClassifierTrainer<PixelImage> {
    private static final Logger LOG = LoggerFactory.getLogger(ImageClassifierTrainer.class);
    /** Fewer examples than this and a refit validates on its training examples instead of holding some back. */
    private static final int MIN_HELD_BACK = 20;
    /** Training steps between garbage collections, which free the off-heap arrays DL4J leaves per step. */
    private static final int GC_EVERY_STEPS = 32;

    /** Called after every epoch, e.g. to draw a progress bar. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (epoch, maxEpochs, trainLoss, validationAccuracy) -> { };

        void onEpoch(int epoch, int maxEpochs, double trainLoss, double validationAccuracy);
    }

    private final CnnConfig config;
    private Progress progress = Progress.NONE;
    private Duration timeBudget = Duration.ofDays(365);

    public ImageClassifierTrainer(CnnConfig config) {
        this.config = config;
    }

    public CnnConfig config() {
        return config;
    }

    public ImageClassifierTrainer progress(Progress listener) {
        this.progress = listener;
        return this;
    }

    /** Stops training (keeping the best epoch so far) once this much time has passed. */
    public ImageClassifierTrainer timeBudget(Duration budget) {
        this.timeBudget = budget;
        return this;
    }

    /** Trains from scratch, holding back {@code validationFraction} of the images (stratified) for early stopping. */
    public ImageClassifier train(String name, long version, ImageDataset data, List<DataRange> provenance) {
        ImageDataset fitted = data.fitTo(config.input());
        if (config.validationFraction() > 0) {
            ImageDataset[] parts = fitted.split(config.validationFraction(), config.seed());
            return train(name, version, parts[0], parts[1], provenance);
        }
        return train(name, version, fitted, fitted, provenance);
    }

    /** Trains from scratch on {@code train}, stopping early on the accuracy on {@code validation}. */
    public ImageClassifier train(String name, long version, ImageDataset train, ImageDataset validation,
                                 List<DataRange> provenance) {
        ComputationGraph net = ImageClassifier.newNetwork(config, train.classes().size());
        return fit(name, version, net, train.fitTo(config.input()), validation.fitTo(config.input()), config.maxEpochs(), provenance);
    }

    /**
     * Trains on from {@code start}'s weights (a fresh network when its input shape or layers differ from this
     * trainer's), on the examples with a tenth held back for early stopping. {@code start} is left as it was.
     */
    @Override
    public ImageClassifier refit(Classifier<PixelImage> start, long version, List<PixelImage> inputs, int[] labels,
                                 int maxEpochs, List<DataRange> provenance) {
        if (!(start instanceof ImageClassifier previous)) {
            throw new IllegalArgumentException("not an image classifier: " + start.getClass().getName());
        }
        ImageDataset data = ImageDataset.of(config.input(), previous.classes(), inputs, labels);
        ComputationGraph net = previous.config().sameNetwork(config) ? previous.network().clone() : ImageClassifier.newNetwork(config, previous.classes().size());
        ImageDataset train = data;
        ImageDataset validation = data;
        if (data.size() * 0.1 >= MIN_HELD_BACK) {
            ImageDataset[] parts = data.split(0.1, config.seed() + version);
            train = parts[0];
            validation = parts[1];
        }
        return fit(previous.card().name(), version, net, train, validation, maxEpochs, provenance);
    }

    private ImageClassifier fit(String name, long version, ComputationGraph net, ImageDataset train, ImageDataset validation,
                                int maxEpochs, List<DataRange> provenance) {
        long started = System.nanoTime();
        long deadline = started + timeBudget.toNanos();
        List<String> classes = train.classes();
        ImageSpec spec = config.input();
        ImagePreprocessor prep = new ImagePreprocessor(spec);
        Random random = new Random(config.seed());
        float[] validationFeatures = features(prep, validation);

        INDArray best = net.params().dup();
        double bestAccuracy = accuracy(net, classes, validationFeatures, validation);
        int bestEpoch = 0;
        int epoch = 0;
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int size = spec.size();
        int k = classes.size();
        OffHeapGarbage garbage = new OffHeapGarbage(GC_EVERY_STEPS);
        while (epoch < maxEpochs && epoch - bestEpoch < config.patience() && System.nanoTime() < deadline) {
            // set each epoch (a refit starts again from the configured rate, whatever the network last trained at)
            net.setLearningRate(config.learningRate() * Math.pow(config.learningRateDecay(), epoch));
            epoch++;
            shuffle(order, random);
            double lossSum = 0;
            int batches = 0;
            for (int from = 0; from < order.length && System.nanoTime() < deadline; from += config.batchSize()) {
                int n = Math.min(config.batchSize(), order.length - from);
                float[] f = new float[n * size];
                float[] l = new float[n * k];
                for (int i = 0; i < n; i++) {
                    int idx = order[from + i];
                    if (config.augmentShift() > 0) {
                        shifted(prep, train.image(idx), f, i * size, random);
                    } else {
                        prep.normalise(train.image(idx), f, i * size);
                    }
                    l[i * k + train.label(idx)] = 1f;
                }
                INDArray features = Nd4j.create(f, new long[] {n, spec.channels(), spec.height(), spec.width()}, 'c');
                INDArray labels = Nd4j.create(l, new long[] {n, k}, 'c');
                net.fit(new INDArray[] {features}, new INDArray[] {labels});
                lossSum += net.score();
                batches++;
                garbage.step();
            }
            double loss = batches == 0 ? Double.NaN : lossSum / batches;
            double accuracy = accuracy(net, classes, validationFeatures, validation);
            if (accuracy > bestAccuracy) {
                bestAccuracy = accuracy;
                bestEpoch = epoch;
                best = net.params().dup();
            }
            progress.onEpoch(epoch, maxEpochs, loss, accuracy);
            LOG.debug("epoch {}: training loss {}, validation accuracy {}", epoch, loss, accuracy);
        }
        net.setParams(best);
        ModelCard provisional = new ModelCard(name, version, ImageClassifier.KIND, Instant.now(), provenance,
                ImageClassifier.hyperParameters(config, classes), Map.of(), LibraryVersions.current());
        ImageClassifier model = new ImageClassifier(provisional, config, classes, net);
        ConfusionMatrix cm = ImageEvaluation.confusion(model, validationFeatures, validation);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validation_accuracy", cm.accuracy());
        metrics.put("validation_macro_f1", cm.macroF1());
        metrics.put("epochs", (double) epoch);
        metrics.put("best_epoch", (double) bestEpoch);
        metrics.put("training_images", (double) train.size());
        metrics.put("validation_images", (double) validation.size());
        metrics.put("training_seconds", (System.nanoTime() - started) / 1e9);
        ModelCard card = new ModelCard(name, version, ImageClassifier.KIND, Instant.now(), provenance,
                ImageClassifier.hyperParameters(config, classes), metrics, LibraryVersions.current());
        LOG.info("trained {} v{} on {} images in {} epochs (best {}): validation accuracy {}", name, version,
                train.size(), epoch, bestEpoch, String.format("%.4f", cm.accuracy()));
        return model.withCard(card);
    }

    static float[] features(ImagePreprocessor prep, ImageDataset data) {
        int size = data.spec().size();
        float[] out = new float[data.size() * size];
        for (int i = 0; i < data.size(); i++) {
            prep.normalise(data.image(i), out, i * size);
        }
        return out;
    }

    private static double accuracy(ComputationGraph net, List<String> classes, float[] features, ImageDataset data) {
        if (data.size() == 0) {
            return 0;
        }
        float[][] p = ImageClassifier.output(net, data.spec(), classes.size(), features, data.size());
        int correct = 0;
        for (int i = 0; i < p.length; i++) {
            if (TopClasses.argMax(p[i]) == data.label(i)) {
                correct++;
            }
        }
        return (double) correct / data.size();
    }

    /** The image normalised and moved by up to {@code augmentShift} pixels each way; uncovered pixels are 0. */
    private void shifted(ImagePreprocessor prep, PixelImage image, float[] out, int offset, Random random) {
        ImageSpec spec = config.input();
        float[] plain = new float[spec.size()];
        prep.normalise(image, plain, 0);
        int s = config.augmentShift();
        int dx = random.nextInt(2 * s + 1) - s;
        int dy = random.nextInt(2 * s + 1) - s;
        int w = spec.width();
        int h = spec.height();
        int plane = w * h;
        for (int c = 0; c < spec.channels(); c++) {
            for (int y = 0; y < h; y++) {
                int sy = y - dy;
                for (int x = 0; x < w; x++) {
                    int sx = x - dx;
                    out[offset + c * plane + y * w + x] = sx >= 0 && sx < w && sy >= 0 && sy < h ? plain[c * plane + sy * w + sx] : 0f;
                }
            }
        }
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

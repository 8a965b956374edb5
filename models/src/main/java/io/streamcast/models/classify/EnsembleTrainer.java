package io.streamcast.models.classify;

import io.streamcast.models.runtime.OffHeapGarbage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an {@link Ensemble} of softmax networks on labelled examples, seeded and early-stopped on held-back
 * examples (see {@link TrainingSettings#members()} for how the data is split between members).
 *
 * @param <X> the example type
 */
public final class EnsembleTrainer<X> {
    /** Training steps between garbage collections, which free the off-heap arrays of earlier steps ({@link OffHeapGarbage}). */
    private static final int GC_EVERY_STEPS = 32;

    private static final Logger LOG = LoggerFactory.getLogger(EnsembleTrainer.class);
    /** Examples per inference call when scoring held-back examples. */
    private static final int EVAL_CHUNK = 256;

    /**
     * The network ensemble member {@code member} starts from: a fresh one with a softmax output over {@code classes},
     * its weights seeded by {@code seed}, or (for a refit) a copy of a trained one.
     */
    @FunctionalInterface
    public interface NetworkFactory {
        ComputationGraph create(int member, long seed, int classes);
    }

    /** Returns a randomly altered copy of a training example (never the held-back ones). */
    @FunctionalInterface
    public interface Augmenter<X> {
        X augment(X example, Random random);
    }

    /** Called after every epoch of every member, e.g. for a progress bar. Losses are mean cross-entropies. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (member, members, epoch, maxEpochs, trainLoss, validationLoss) -> { };

        void onEpoch(int member, int members, int epoch, int maxEpochs, double trainLoss, double validationLoss);
    }

    /**
     * @param ensemble    the trained members
     * @param heldBack    per training example, the class its member predicted while it was held back, or -1 when
     *                    it never was (too few examples)
     * @param metrics     validation figures and training statistics for the model card
     */
    public record Result(Ensemble ensemble, int[] heldBack, Map<String, Double> metrics) {
    }

    private final TrainingSettings settings;
    private final BatchEncoder<X> encoder;
    private final NetworkFactory factory;
    private Augmenter<X> augmenter;
    private Progress progress = Progress.NONE;
    private Duration timeBudget = Duration.ofDays(365);
    private BooleanSupplier cancelled = () -> false;
    private java.util.function.ToIntFunction<X> length;

    public EnsembleTrainer(TrainingSettings settings, BatchEncoder<X> encoder, NetworkFactory factory) {
        this.settings = settings;
        this.encoder = encoder;
        this.factory = factory;
    }

    public EnsembleTrainer<X> augmenter(Augmenter<X> a) {
        this.augmenter = a;
        return this;
    }

    public EnsembleTrainer<X> progress(Progress listener) {
        this.progress = listener;
        return this;
    }

    /**
     * Stops training once this much time has passed: the running member keeps its best epoch so far, members not
     * yet started are left out (at least one is always trained).
     */
    public EnsembleTrainer<X> timeBudget(Duration budget) {
        this.timeBudget = budget;
        return this;
    }

    /**
     * Forms each epoch's mini-batches of examples of similar length (shuffled, then sorted by length within pools of
     * 50 batches, the batches shuffled again), so little of a batch is padding; without it batches are random.
     */
    public EnsembleTrainer<X> batchByLength(java.util.function.ToIntFunction<X> lengthOf) {
        this.length = lengthOf;
        return this;
    }

    /** Checked between mini-batches; when it turns true, training ends with a {@link CancellationException}. */
    public EnsembleTrainer<X> cancelWhen(BooleanSupplier condition) {
        this.cancelled = condition;
        return this;
    }

    /**
     * Trains the ensemble.
     *
     * @param examples the training examples
     * @param labels   their class indices in [0, classes)
     * @param classes  the number of classes (at least 2)
     * @throws IllegalArgumentException when there are no examples, fewer than two classes or a label out of range
     */
    public Result train(List<X> examples, int[] labels, int classes) {
        if (examples.isEmpty() || examples.size() != labels.length) {
            throw new IllegalArgumentException("need one label per example and at least one example, got "
                    + examples.size() + " examples and " + labels.length + " labels");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("need at least two classes, got " + classes);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside 0.." + (classes - 1));
            }
        }
        long started = System.nanoTime();
        long deadline = started + Math.min(timeBudget.toNanos(), Long.MAX_VALUE / 4);
        int[] fold = folds(labels, classes);
        int[] heldBack = new int[labels.length];
        Arrays.fill(heldBack, -1);
        List<ComputationGraph> members = new ArrayList<>();
        double epochs = 0;
        double bestEpochs = 0;
        for (int m = 0; m < settings.members(); m++) {
            if (m > 0 && System.nanoTime() >= deadline) {
                LOG.info("time budget used up after {} of {} ensemble members", m, settings.members());
                break;
            }
            List<Integer> train = new ArrayList<>();
            List<Integer> validation = new ArrayList<>();
            for (int i = 0; i < fold.length; i++) {
                (fold[i] == m ? validation : train).add(i);
            }
            if (train.isEmpty()) { // too few examples to hold any back
                train.addAll(validation);
                validation.clear();
            }
            Member trained = trainMember(m, examples, labels, classes, train, validation, deadline);
            members.add(trained.network);
            epochs += trained.epochs;
            bestEpochs += trained.bestEpoch;
            for (int k = 0; k < validation.size(); k++) {
                heldBack[validation.get(k)] = trained.validationPredictions[k];
            }
        }

        Map<String, Double> metrics = new LinkedHashMap<>();
        int validated = 0;
        int right = 0;
        for (int i = 0; i < heldBack.length; i++) {
            if (heldBack[i] >= 0) {
                validated++;
                right += heldBack[i] == labels[i] ? 1 : 0;
            }
        }
        if (validated > 0) {
            metrics.put("validation_accuracy", (double) right / validated);
            metrics.put("validation_examples", (double) validated);
        }
        metrics.put("members", (double) members.size());
        metrics.put("mean_epochs", epochs / members.size());
        metrics.put("mean_best_epoch", bestEpochs / members.size());
        metrics.put("training_examples", (double) examples.size());
        metrics.put("training_seconds", (System.nanoTime() - started) / 1e9);
        return new Result(new Ensemble(members), heldBack, metrics);
    }

    private record Member(ComputationGraph network, int epochs, int bestEpoch, int[] validationPredictions) {
    }

    private Member trainMember(int m, List<X> examples, int[] labels, int classes, List<Integer> train,
            List<Integer> validation, long deadline) {
        Random random = new Random(settings.seed() * 31 + m);
        ComputationGraph net = factory.create(m, settings.seed() + 1_000L * m, classes);
        List<EncodedBatch> valBatches = new ArrayList<>();
        List<int[]> valLabels = new ArrayList<>();
        for (int from = 0; from < validation.size(); from += EVAL_CHUNK) {
            List<Integer> chunk = validation.subList(from, Math.min(validation.size(), from + EVAL_CHUNK));
            valBatches.add(encoder.encode(chunk.stream().map(examples::get).toList()));
            valLabels.add(chunk.stream().mapToInt(i -> labels[i]).toArray());
        }
        INDArray best = net.params().dup();
        double bestLoss = validation.isEmpty() ? Double.POSITIVE_INFINITY : loss(net, valBatches, valLabels);
        int bestEpoch = 0;
        int epoch = 0;
        List<Integer> order = new ArrayList<>(train);
        OffHeapGarbage garbage = new OffHeapGarbage(GC_EVERY_STEPS);
        while (epoch < settings.maxEpochs() && epoch - bestEpoch < settings.patience() && System.nanoTime() < deadline) {
            epoch++;
            double sum = 0;
            int batches = 0;
            for (List<Integer> idx : batches(order, examples, random)) {
                if (System.nanoTime() >= deadline) {
                    break;
                }
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("training cancelled");
                }
                List<X> batch = new ArrayList<>(idx.size());
                for (int i : idx) {
                    batch.add(augmenter == null ? examples.get(i) : augmenter.augment(examples.get(i), random));
                }
                EncodedBatch encoded = encoder.encode(batch);
                INDArray y = oneHot(idx.stream().mapToInt(i -> labels[i]).toArray(), classes);
                net.fit(new MultiDataSet(new INDArray[] {encoded.features()}, new INDArray[] {y},
                        encoded.mask() == null ? null : new INDArray[] {encoded.mask()}, null));
                sum += net.score();
                batches++;
                garbage.step();
            }
            double trainLoss = batches == 0 ? Double.NaN : sum / batches;
            double valLoss = validation.isEmpty() ? trainLoss : loss(net, valBatches, valLabels);
            if (validation.isEmpty() || valLoss < bestLoss) {
                bestLoss = valLoss;
                bestEpoch = epoch;
                best = net.params().dup();
            }
            progress.onEpoch(m, settings.members(), epoch, settings.maxEpochs(), trainLoss, valLoss);
            LOG.debug("member {} epoch {}: train loss {}, validation loss {}", m, epoch, trainLoss, valLoss);
        }
        net.setParams(best);
        int[] predictions = new int[validation.size()];
        int k = 0;
        for (EncodedBatch b : valBatches) {
            for (float[] p : new Ensemble(List.of(net)).probabilities(b)) {
                predictions[k++] = TopClasses.argMax(p);
            }
        }
        LOG.info("ensemble member {}: {} epochs, best {} (validation loss {})", m, epoch, bestEpoch,
                String.format("%.4f", bestLoss));
        return new Member(net, epoch, bestEpoch, predictions);
    }

    /** One epoch's mini-batches of training positions (see {@link #batchByLength}). */
    private List<List<Integer>> batches(List<Integer> order, List<X> examples, Random random) {
        Collections.shuffle(order, random);
        int size = settings.batchSize();
        List<List<Integer>> batches = new ArrayList<>();
        if (length == null) {
            for (int from = 0; from < order.size(); from += size) {
                batches.add(new ArrayList<>(order.subList(from, Math.min(order.size(), from + size))));
            }
            return batches;
        }
        int pool = 50 * size;
        for (int p = 0; p < order.size(); p += pool) {
            List<Integer> part = new ArrayList<>(order.subList(p, Math.min(order.size(), p + pool)));
            part.sort(java.util.Comparator.comparingInt(i -> length.applyAsInt(examples.get(i))));
            for (int from = 0; from < part.size(); from += size) {
                batches.add(part.subList(from, Math.min(part.size(), from + size)));
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    /** Mean cross-entropy of the network on the held-back batches. */
    private static double loss(ComputationGraph net, List<EncodedBatch> batches, List<int[]> labels) {
        double sum = 0;
        long n = 0;
        Ensemble single = new Ensemble(List.of(net));
        for (int b = 0; b < batches.size(); b++) {
            float[][] p = single.probabilities(batches.get(b));
            int[] y = labels.get(b);
            for (int i = 0; i < y.length; i++) {
                sum -= Math.log(Math.max(p[i][y[i]], 1e-7));
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * Stratified assignment of examples to {@code members} folds (seeded): each class is shuffled and dealt round
     * the folds in turn. With one member, about {@code validationFraction} of each class goes to fold 0 and the
     * rest to fold -1 (never held back). A class with a single example is never held back.
     */
    int[] folds(int[] labels, int classes) {
        Random random = new Random(settings.seed());
        int[] fold = new int[labels.length];
        int next = 0; // continue dealing where the previous class ended, so folds stay balanced in size
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            Collections.shuffle(members, random);
            if (members.size() < 2) {
                members.forEach(i -> fold[i] = -1);
                continue;
            }
            if (settings.members() == 1) {
                int held = Math.max(1, (int) Math.round(members.size() * settings.validationFraction()));
                for (int k = 0; k < members.size(); k++) {
                    fold[members.get(k)] = k < held ? 0 : -1;
                }
            } else {
                for (int i : members) {
                    fold[i] = next;
                    next = (next + 1) % settings.members();
                }
            }
        }
        return fold;
    }

    static INDArray oneHot(int[] labels, int classes) {
        float[] y = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            y[i * classes + labels[i]] = 1f;
        }
        return Nd4j.create(y, new long[] {labels.length, classes}, 'c').castTo(DataType.FLOAT);
    }
}

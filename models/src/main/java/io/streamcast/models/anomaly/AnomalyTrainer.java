package io.streamcast.models.anomaly;

import io.streamcast.models.artifact.LibraryVersions;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.artifact.ModelCard.DataRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
 * Builds an {@link AnomalyModel} from stretches of normal points, seeded, with a tenth of the windows held back
 * for early stopping. It touches no shared state, so a stream hands it to its own executor: collect
 * {@link SeriesState#trainingSegments()} on the stream thread, call {@link #refit} on the executor, and publish the
 * result (an {@code AtomicReference} swap); stream threads pick it up and score with their own
 * {@link AnomalyModel#copy()}.
 */
public final class AnomalyTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyTrainer.class);
    /** Share of the windows held back for early stopping, when there are enough of them. */
    private static final double VALIDATION_FRACTION = 0.1;
    private static final int MIN_VALIDATION_WINDOWS = 10;

    private final AnomalyConfig config;

    public AnomalyTrainer(AnomalyConfig config) {
        this.config = config;
    }

    public AnomalyConfig config() {
        return config;
    }

    /**
     * Trains a network from scratch.
     *
     * @param name       the model name for the card
     * @param version    the version for the card
     * @param segments   stretches of normal points in normalised units, oldest first, from one series or many
     *                   ({@link SeriesState#trainingSegments()}); every {@code window} consecutive points of a
     *                   stretch are a training window
     * @param provenance where the segments came from, recorded on the card
     * @throws IllegalArgumentException when no segment holds a window
     */
    public AnomalyModel train(String name, long version, List<double[]> segments, List<DataRange> provenance) {
        return fit(name, version, AnomalyModel.newNetwork(config), config.epochs(), segments, provenance);
    }

    /**
     * Trains on from the previous model's network (a fresh one when its shape differs from this trainer's
     * config), for at most {@code refitEpochs}: cheaper than a fit from scratch, and it keeps what was learned.
     * The previous model is left as it was.
     */
    public AnomalyModel refit(AnomalyModel previous, long version, List<double[]> segments, List<DataRange> provenance) {
        boolean sameShape = previous.config().window() == config.window()
                && previous.config().encoderSizes().equals(config.encoderSizes());
        ComputationGraph start = sameShape ? previous.network().clone() : AnomalyModel.newNetwork(config);
        return fit(previous.card().name(), version, start, sameShape ? config.refitEpochs() : config.epochs(),
                segments, provenance);
    }

    private AnomalyModel fit(String name, long version, ComputationGraph net, int maxEpochs, List<double[]> segments,
                             List<DataRange> provenance) {
        long started = System.nanoTime();
        int w = config.window();
        Random random = new Random(config.seed());
        float[] windows = trainingWindows(segments, random);
        int n = windows.length / w;
        if (n == 0) {
            throw new IllegalArgumentException("no segment holds a window of " + w + " points (segment lengths "
                    + segments.stream().map(s -> s.length).toList() + ")");
        }
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        int nVal = n >= MIN_VALIDATION_WINDOWS / VALIDATION_FRACTION ? (int) (n * VALIDATION_FRACTION) : 0;
        List<Integer> validation = nVal > 0 ? order.subList(0, nVal) : order;
        List<Integer> train = new ArrayList<>(order.subList(nVal, n));
        INDArray val = rows(windows, validation, w);

        INDArray best = net.params().dup();
        double bestMse = mse(net, val);
        int bestEpoch = 0;
        int epoch = 0;
        while (epoch < maxEpochs && epoch - bestEpoch < config.patience()) {
            epoch++;
            Collections.shuffle(train, random);
            for (int from = 0; from < train.size(); from += config.batchSize()) {
                INDArray batch = rows(windows, train.subList(from, Math.min(train.size(), from + config.batchSize())), w);
                net.fit(new INDArray[] {batch}, new INDArray[] {batch});
            }
            double valMse = mse(net, val);
            if (valMse < bestMse) {
                bestMse = valMse;
                bestEpoch = epoch;
                best = net.params().dup();
            }
        }
        net.setParams(best);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validation_mse", bestMse);
        metrics.put("epochs", (double) epoch);
        metrics.put("best_epoch", (double) bestEpoch);
        metrics.put("training_windows", (double) train.size());
        metrics.put("validation_windows", (double) nVal);
        metrics.put("training_seconds", (System.nanoTime() - started) / 1e9);
        ModelCard card = new ModelCard(name, version, AnomalyModel.KIND, Instant.now(), provenance, hyperParameters(),
                metrics, LibraryVersions.current());
        LOG.debug("trained {} v{} on {} windows in {} epochs (best {}): validation mse {}", name, version, train.size(),
                epoch, bestEpoch, bestMse);
        return new AnomalyModel(card, config, net);
    }

    /** Every window of every segment, clipped as the model reads it, row-major; a seeded sample when there are too many. */
    private float[] trainingWindows(List<double[]> segments, Random random) {
        int w = config.window();
        List<int[]> all = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            for (int end = w; end <= segments.get(s).length; end++) {
                all.add(new int[] {s, end});
            }
        }
        if (all.size() > config.maxTrainingWindows()) {
            Collections.shuffle(all, random);
            all = all.subList(0, config.maxTrainingWindows());
        }
        float[] out = new float[all.size() * w];
        for (int i = 0; i < all.size(); i++) {
            int[] at = all.get(i);
            AnomalyModel.clip(segments.get(at[0]), at[1] - w, w, out, i * w);
        }
        return out;
    }

    private static INDArray rows(float[] windows, List<Integer> indices, int w) {
        float[] out = new float[indices.size() * w];
        for (int i = 0; i < indices.size(); i++) {
            System.arraycopy(windows, indices.get(i) * w, out, i * w, w);
        }
        return Nd4j.create(out, new long[] {indices.size(), w}, 'c');
    }

    private static double mse(ComputationGraph net, INDArray windows) {
        INDArray out = net.output(false, windows)[0];
        return out.squaredDistance(windows) / windows.length();
    }

    private Map<String, Object> hyperParameters() {
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("window", config.window());
        hp.put("encoder_sizes", config.encoderSizes());
        hp.put("learning_rate", config.learningRate());
        hp.put("batch_size", config.batchSize());
        hp.put("epochs", config.epochs());
        hp.put("refit_epochs", config.refitEpochs());
        hp.put("patience", config.patience());
        hp.put("max_training_windows", config.maxTrainingWindows());
        hp.put("seed", config.seed());
        return hp;
    }
}

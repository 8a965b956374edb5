package io.streamcast.models.sequence;

import io.streamcast.models.artifact.LibraryVersions;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.artifact.ModelCard.DataRange;
import io.streamcast.models.classify.Classifier;
import io.streamcast.models.classify.ClassifierTrainer;
import io.streamcast.models.classify.EnsembleTrainer;
import io.streamcast.models.classify.LabelledExamples;
import io.streamcast.models.classify.TrainingSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link SequenceClassifier} from labelled sequences: seeded, early-stopped, an ensemble by default; and
 * refits one on new examples from its own weights (for the stream).
 */
public final class SequenceClassifierTrainer implements ClassifierTrainer<double[]> {
    private static final Logger LOG = LoggerFactory.getLogger(SequenceClassifierTrainer.class);

    private final SequenceClassifierConfig config;
    private EnsembleTrainer.Progress progress = EnsembleTrainer.Progress.NONE;
    private Duration timeBudget = Duration.ofDays(365);
    private BooleanSupplier cancelled = () -> false;

    public SequenceClassifierTrainer(SequenceClassifierConfig config) {
        this.config = config;
    }

    public SequenceClassifierTrainer progress(EnsembleTrainer.Progress listener) {
        this.progress = listener;
        return this;
    }

    /** See {@link EnsembleTrainer#timeBudget}. */
    public SequenceClassifierTrainer timeBudget(Duration budget) {
        this.timeBudget = budget;
        return this;
    }

    /** See {@link EnsembleTrainer#cancelWhen}. */
    public SequenceClassifierTrainer cancelWhen(BooleanSupplier condition) {
        this.cancelled = condition;
        return this;
    }

    /**
     * Trains new networks on the examples.
     *
     * @throws IllegalArgumentException when there are fewer than two classes, or a sequence is empty or holds a
     *                                  value that is not finite
     */
    public SequenceClassifier train(String name, long version, LabelledExamples<double[]> data, List<DataRange> provenance) {
        List<String> classes = data.classes();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("need at least two classes to train, found " + classes);
        }
        int longest = 0;
        for (int i = 0; i < data.size(); i++) {
            check(data.examples().get(i), "sequence on line " + data.lines().get(i));
            longest = Math.max(longest, data.examples().get(i).length);
        }
        int pool = SequenceNetwork.poolFactor(config, Math.min(longest, config.maxLength()));
        return fit(name, version, config, classes, pool, config.training(),
                (m, seed, n) -> SequenceNetwork.create(config, pool, seed, n), data.examples(), data.indices(classes), provenance);
    }

    /**
     * Continues training {@code start}'s networks (its settings, classes and pooling stay) on the examples, at most
     * {@code maxEpochs} each, early-stopped on their folds as in training. {@code start} is left as it was.
     */
    @Override
    public SequenceClassifier refit(Classifier<double[]> start, long version, List<double[]> inputs, int[] labels,
            int maxEpochs, List<DataRange> provenance) {
        if (!(start instanceof SequenceClassifier previous)) {
            throw new IllegalArgumentException("not a sequence classifier: " + start.getClass().getName());
        }
        for (int i = 0; i < inputs.size(); i++) {
            check(inputs.get(i), "sequence " + i);
        }
        SequenceClassifierConfig c = previous.config();
        TrainingSettings t = config.training().withMembers(previous.ensemble().size())
                .withEpochs(maxEpochs, Math.max(1, Math.min(config.training().patience(), maxEpochs)));
        return fit(previous.card().name(), version, c, previous.classes(), previous.pool(), t,
                (m, seed, n) -> previous.ensemble().members().get(m).clone(), inputs, labels, provenance);
    }

    private SequenceClassifier fit(String name, long version, SequenceClassifierConfig c, List<String> classes, int pool,
            TrainingSettings training, EnsembleTrainer.NetworkFactory networks, List<double[]> inputs, int[] labels,
            List<DataRange> provenance) {
        EnsembleTrainer.Result result = new EnsembleTrainer<>(training, new SequenceEncoder(c.maxLength(), pool), networks)
                .progress(progress).timeBudget(timeBudget).cancelWhen(cancelled)
                .train(inputs, labels, classes.size());
        SequenceClassifierConfig used = c.withTraining(training);
        ModelCard card = new ModelCard(name, version, SequenceClassifier.KIND, Instant.now(), provenance,
                SequenceClassifier.hyperParameters(used, classes, pool), result.metrics(), LibraryVersions.current());
        LOG.info("trained {} v{} on {} sequences of {} classes: {}", name, version, inputs.size(), classes.size(), result.metrics());
        return new SequenceClassifier(card, new SequenceClassifier.Preprocessing(used, classes, pool, result.ensemble().size()),
                result.ensemble());
    }

    private static void check(double[] s, String what) {
        if (s.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (double v : s) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " holds " + v);
            }
        }
    }
}

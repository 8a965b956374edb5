package io.streamcast.models.text;

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
 * Trains a {@link TextClassifier} from labelled texts: seeded, early-stopped, an ensemble by default; and refits one
 * on new examples from its own weights (for the stream).
 */
public final class TextClassifierTrainer implements ClassifierTrainer<String> {
    private static final Logger LOG = LoggerFactory.getLogger(TextClassifierTrainer.class);

    private final TextClassifierConfig config;
    private EnsembleTrainer.Progress progress = EnsembleTrainer.Progress.NONE;
    private Duration timeBudget = Duration.ofDays(365);
    private BooleanSupplier cancelled = () -> false;

    public TextClassifierTrainer(TextClassifierConfig config) {
        this.config = config;
    }

    public TextClassifierTrainer progress(EnsembleTrainer.Progress listener) {
        this.progress = listener;
        return this;
    }

    /** See {@link EnsembleTrainer#timeBudget}. */
    public TextClassifierTrainer timeBudget(Duration budget) {
        this.timeBudget = budget;
        return this;
    }

    /** See {@link EnsembleTrainer#cancelWhen}. */
    public TextClassifierTrainer cancelWhen(BooleanSupplier condition) {
        this.cancelled = condition;
        return this;
    }

    /**
     * Trains new networks on the examples.
     *
     * @throws IllegalArgumentException when there are fewer than two classes
     */
    public TextClassifier train(String name, long version, LabelledExamples<String> data, List<DataRange> provenance) {
        List<String> classes = data.classes();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("need at least two classes to train, found " + classes);
        }
        return fit(name, version, config, classes, config.training(), (m, seed, n) -> TextNetwork.create(config, seed, n),
                data.examples(), data.indices(classes), provenance);
    }

    /**
     * Continues training {@code start}'s networks (its tokenisation, hashing and classes stay) on the examples, at
     * most {@code maxEpochs} each, early-stopped on their folds as in training. {@code start} is left as it was.
     */
    @Override
    public TextClassifier refit(Classifier<String> start, long version, List<String> inputs, int[] labels, int maxEpochs,
            List<DataRange> provenance) {
        if (!(start instanceof TextClassifier previous)) {
            throw new IllegalArgumentException("not a text classifier: " + start.getClass().getName());
        }
        TrainingSettings t = config.training().withMembers(previous.ensemble().size())
                .withEpochs(maxEpochs, Math.max(1, Math.min(config.training().patience(), maxEpochs)));
        return fit(previous.card().name(), version, previous.config(), previous.classes(), t,
                (m, seed, n) -> previous.ensemble().members().get(m).clone(), inputs, labels, provenance);
    }

    private TextClassifier fit(String name, long version, TextClassifierConfig c, List<String> classes,
            TrainingSettings training, EnsembleTrainer.NetworkFactory networks, List<String> texts, int[] labels,
            List<DataRange> provenance) {
        TextEncoder encoder = new TextEncoder(c);
        List<int[]> encoded = texts.stream().map(encoder::encode).toList();
        EnsembleTrainer.Result result = new EnsembleTrainer<>(training, encoder, networks)
                .batchByLength(e -> e.length)
                .progress(progress).timeBudget(timeBudget).cancelWhen(cancelled)
                .train(encoded, labels, classes.size());
        TextClassifierConfig used = c.withTraining(training);
        ModelCard card = new ModelCard(name, version, TextClassifier.KIND, Instant.now(), provenance,
                TextClassifier.hyperParameters(used, classes), result.metrics(), LibraryVersions.current());
        LOG.info("trained {} v{} on {} texts of {} classes: {}", name, version, texts.size(), classes.size(), result.metrics());
        return new TextClassifier(card, new TextClassifier.Preprocessing(used, classes, result.ensemble().size()),
                result.ensemble());
    }
}

package io.streamcast.models.sequence;

import io.streamcast.models.artifact.LibraryVersions;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.artifact.ModelCard.DataRange;
import io.streamcast.models.classify.EnsembleTrainer;
import io.streamcast.models.classify.LabelledExamples;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Trains a {@link SequenceClassifier} from labelled sequences: seeded, early-stopped, an ensemble by default. */
public final class SequenceClassifierTrainer {
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
            double[] s = data.examples().get(i);
            if (s.length == 0) {
                throw new IllegalArgumentException("sequence on line " + data.lines().get(i) + " is empty");
            }
            for (double v : s) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("sequence on line " + data.lines().get(i) + " holds " + v);
                }
            }
            longest = Math.max(longest, s.length);
        }
        int pool = SequenceNetwork.poolFactor(config, Math.min(longest, config.maxLength()));
        SequenceEncoder encoder = new SequenceEncoder(config.maxLength());
        EnsembleTrainer.Result result = new EnsembleTrainer<double[]>(config.training(), encoder,
                (seed, n) -> SequenceNetwork.create(config, pool, seed, n))
                .progress(progress).timeBudget(timeBudget).cancelWhen(cancelled)
                .train(data.examples(), data.indices(classes), classes.size());

        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("classes", classes);
        hp.put("max_length", config.maxLength());
        hp.put("conv_filters", config.convFilters());
        hp.put("kernel_sizes", config.kernelSizes());
        hp.put("lstm_size", config.lstmSize());
        hp.put("lstm_max_steps", config.lstmMaxSteps());
        hp.put("lstm_pool", pool);
        hp.put("dropout", config.dropout());
        hp.putAll(config.training().toMap());
        ModelCard card = new ModelCard(name, version, SequenceClassifier.KIND, Instant.now(), provenance, hp,
                result.metrics(), LibraryVersions.current());
        LOG.info("trained {} v{} on {} sequences of {} classes: {}", name, version, data.size(), classes.size(), result.metrics());
        return new SequenceClassifier(card, new SequenceClassifier.Preprocessing(config, classes, pool,
                result.ensemble().size()), result.ensemble());
    }
}

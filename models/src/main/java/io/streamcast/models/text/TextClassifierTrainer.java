package io.streamcast.models.text;

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

/** Trains a {@link TextClassifier} from labelled texts: seeded, early-stopped, an ensemble by default. */
public final class TextClassifierTrainer {
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

    /** @throws IllegalArgumentException when there are fewer than two classes */
    public TextClassifier train(String name, long version, LabelledExamples<String> data, List<DataRange> provenance) {
        List<String> classes = data.classes();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("need at least two classes to train, found " + classes);
        }
        TextEncoder encoder = new TextEncoder(config);
        List<int[]> encoded = data.examples().stream().map(encoder::encode).toList();
        EnsembleTrainer.Result result = new EnsembleTrainer<int[]>(config.training(), encoder,
                (seed, n) -> TextNetwork.create(config, seed, n))
                .batchByLength(e -> e.length)
                .progress(progress).timeBudget(timeBudget).cancelWhen(cancelled)
                .train(encoded, data.indices(classes), classes.size());

        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("classes", classes);
        hp.put("max_tokens", config.maxTokens());
        hp.put("truncation", config.truncation().name().toLowerCase(java.util.Locale.ROOT));
        hp.put("hash", "fnv1a-64");
        hp.put("buckets", config.buckets());
        hp.put("ngrams", List.of(config.minNgram(), config.maxNgram()));
        hp.put("features_per_token", config.featuresPerToken());
        hp.put("embedding_size", config.embeddingSize());
        hp.put("lstm_size", config.lstmSize());
        hp.put("bidirectional", config.bidirectional());
        hp.put("dropout", config.dropout());
        hp.putAll(config.training().toMap());
        ModelCard card = new ModelCard(name, version, TextClassifier.KIND, Instant.now(), provenance, hp,
                result.metrics(), LibraryVersions.current());
        LOG.info("trained {} v{} on {} texts of {} classes: {}", name, version, data.size(), classes.size(), result.metrics());
        return new TextClassifier(card, new TextClassifier.Preprocessing(config, classes, result.ensemble().size()),
                result.ensemble());
    }
}

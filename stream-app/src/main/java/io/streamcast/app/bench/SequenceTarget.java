package io.streamcast.app.bench;

import io.streamcast.app.classify.sequence.SequenceInputDecoder;
import io.streamcast.app.classify.sequence.SequencePipeline;
import io.streamcast.app.config.ClassifierSettings;
import io.streamcast.app.config.SequenceSettings;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.models.classify.ClassifierTrainer;
import io.streamcast.models.classify.LabelledExamples;
import io.streamcast.models.sequence.SequenceClassifier;
import io.streamcast.models.sequence.SequenceClassifierConfig;
import io.streamcast.models.sequence.SequenceClassifierTrainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The sequence classifier: {@code sequences} records {@code {"id":…,"values":[…]}} of 150 values shaped like GunPoint
 * ({@link GunPointLikeSequences}), normalised and classified a batch per call by every member of the ensemble (five
 * by default, as served). Without an artifact the default recipe is trained for one epoch on a few synthetic
 * sequences: that fixes the pooling before the LSTM from the data's length as {@code train} does for GunPoint
 * (the untrained start would pool for 512 points), and its speed is the shape's, whatever the weights.
 */
final class SequenceTarget extends ClassifierTarget<double[]> {
    private final SequenceClassifier classifier;
    private final int refitMaxSeconds;

    SequenceTarget(SequenceClassifier model, StreamcastConfig config, int series) {
        super("sequence", SequenceSettings.KIND, "values", model,
                new SequenceInputDecoder(SequenceSettings.maxValues(config), SequenceSettings.maxAbsValue(config)), config,
                series, new GunPointLikeSequences());
        this.classifier = model;
        this.refitMaxSeconds = SequenceSettings.refitMaxSeconds(config);
    }

    /**
     * The default recipe and ensemble size, one epoch on 10 synthetic sequences of GunPoint's length (two per
     * member's fold, the classes taking turns).
     */
    static SequenceClassifier defaultModel(StreamcastConfig config) {
        List<String> classes = ClassifierSettings.of(SequenceSettings.KIND, config).untrainedClasses();
        SequenceClassifierConfig recipe = SequenceClassifierConfig.defaults();
        SequenceClassifierConfig quick = recipe.withTraining(recipe.training().withEpochs(1, 1));
        SplittableRandom random = new SplittableRandom(SEED + 2);
        List<double[]> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int label = i % classes.size();
            values.add(GunPointLikeSequences.sequence(label == 0, random));
            labels.add(classes.get(label));
            lines.add(i + 1);
        }
        return new SequenceClassifierTrainer(quick).train(SequencePipeline.UNTRAINED_NAME, 1,
                new LabelledExamples<>(values, labels, lines), List.of());
    }

    /** As the sequence pipeline refits (its recipe, a time budget), within the bench's budget. */
    @Override
    ClassifierTrainer<double[]> trainer(Duration budget) {
        Duration max = Duration.ofSeconds(refitMaxSeconds);
        return new SequenceClassifierTrainer(SequenceClassifierConfig.defaults())
                .timeBudget(budget.compareTo(max) < 0 ? budget : max);
    }

    @Override
    Map<String, Object> shape() {
        SequenceClassifierConfig c = classifier.config();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("length", GunPointLikeSequences.LENGTH);
        d.put("max_length", c.maxLength());
        d.put("conv_filters", c.convFilters());
        d.put("kernel_sizes", c.kernelSizes());
        d.put("lstm", c.lstmSize());
        d.put("lstm_pool", classifier.card().hyperParameters().get("lstm_pool"));
        d.put("members", classifier.card().hyperParameters().get("members"));
        d.put("payload", "150 values like GunPoint, 6 decimals");
        d.put("inference", "normalise per sequence; every member a DL4J ComputationGraph (1-D conv, LSTM), probabilities averaged");
        return d;
    }
}

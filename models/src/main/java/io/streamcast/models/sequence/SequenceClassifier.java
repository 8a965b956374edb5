package io.streamcast.models.sequence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.streamcast.models.artifact.InvalidArtifactException;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.artifact.LibraryVersions;
import io.streamcast.models.classify.BatchPrediction;
import io.streamcast.models.classify.Classifier;
import io.streamcast.models.classify.Ensemble;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Classifies sequences of numbers of any length: an ensemble of {@link SequenceNetwork}s behind the
 * {@link SequenceEncoder}'s pre-processing.
 */
public final class SequenceClassifier implements Classifier<double[]> {
    /** The model card's {@code kind}. */
    public static final String KIND = "lstm-sequence-classifier";
    static final String PREPROCESSING_ENTRY = "preprocessing.json";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final ModelCard card;
    private final Preprocessing prep;
    private final Ensemble ensemble;
    private final SequenceEncoder encoder;

    SequenceClassifier(ModelCard card, Preprocessing prep, Ensemble ensemble) {
        this.card = card;
        this.prep = prep;
        this.ensemble = ensemble;
        this.encoder = new SequenceEncoder(prep.config().maxLength(), prep.pool());
        if (ensemble.classes() != prep.classes().size()) {
            throw new IllegalArgumentException("networks give " + ensemble.classes() + " classes, the model names "
                    + prep.classes().size());
        }
    }

    /**
     * What is saved beside the networks.
     *
     * @param config  the settings it was trained with
     * @param classes the class names, in output order
     * @param pool    the pooling factor before the LSTM, fixed from the training data
     * @param members ensemble size
     */
    record Preprocessing(SequenceClassifierConfig config, List<String> classes, int pool, int members) {
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public List<String> classes() {
        return prep.classes();
    }

    public SequenceClassifierConfig config() {
        return prep.config();
    }

    Ensemble ensemble() {
        return ensemble;
    }

    /**
     * A model of untrained networks (version 0) for the given classes, to start a stream that learns from its
     * labelled inputs. The pooling before the LSTM is set for sequences of {@code maxLength} points.
     */
    public static SequenceClassifier untrained(String name, SequenceClassifierConfig config, List<String> classes) {
        if (classes.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        int pool = SequenceNetwork.poolFactor(config, config.maxLength());
        List<ComputationGraph> members = new ArrayList<>();
        for (int m = 0; m < config.training().members(); m++) {
            members.add(SequenceNetwork.create(config, pool, config.training().seed() + 1_000L * m, classes.size()));
        }
        ModelCard card = new ModelCard(name, 0, KIND, Instant.now(), List.of(), hyperParameters(config, classes, pool),
                Map.of(), LibraryVersions.current());
        return new SequenceClassifier(card, new Preprocessing(config, classes, pool, members.size()), new Ensemble(members));
    }

    /** The card's hyper-parameters: the settings and the class names. */
    static Map<String, Object> hyperParameters(SequenceClassifierConfig config, List<String> classes, int pool) {
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
        return hp;
    }

    int pool() {
        return prep.pool();
    }

    /**
     * Class probabilities, one row per sequence, in one network call per chunk of sequences of similar length.
     *
     * @throws IllegalArgumentException when a sequence is empty or holds a value that is not finite
     */
    @Override
    public float[][] probabilities(List<double[]> sequences) {
        for (int i = 0; i < sequences.size(); i++) {
            double[] s = sequences.get(i);
            if (s.length == 0) {
                throw new IllegalArgumentException("sequence " + i + " is empty");
            }
            for (double v : s) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("sequence " + i + " holds a value that is not finite: " + v);
                }
            }
        }
        return BatchPrediction.probabilities(ensemble, encoder, sequences, s -> s.length);
    }

    @Override
    public SequenceClassifier copy() {
        return new SequenceClassifier(card, prep, ensemble.copy());
    }

    /** The same model under another card (e.g. a registry-assigned version). */
    public SequenceClassifier withCard(ModelCard newCard) {
        return new SequenceClassifier(newCard, prep, ensemble);
    }

    /** Networks, pre-processing state and model card in one artifact. */
    public ModelArtifact toArtifact() {
        try {
            Map<String, byte[]> entries = new HashMap<>(ensemble.entries());
            entries.put(PREPROCESSING_ENTRY, JSON.writeValueAsBytes(prep));
            return new ModelArtifact(card, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a classifier from a verified artifact. */
    public static SequenceClassifier fromArtifact(ModelArtifact artifact) throws InvalidArtifactException {
        if (!KIND.equals(artifact.card().kind())) {
            throw new InvalidArtifactException("artifact is a '" + artifact.card().kind() + "', not a " + KIND);
        }
        try {
            Preprocessing prep = JSON.readValue(artifact.entry(PREPROCESSING_ENTRY), Preprocessing.class);
            return new SequenceClassifier(artifact.card(), prep, Ensemble.fromArtifact(artifact, prep.members()));
        } catch (InvalidArtifactException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidArtifactException("incompatible " + KIND + " artifact: " + e.getMessage(), e);
        }
    }
}

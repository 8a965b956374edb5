package io.streamcast.models.text;

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
 * Classifies texts: an ensemble of {@link TextNetwork}s behind the {@link TextEncoder}'s tokenisation and feature
 * hashing. The hash space is fixed by the settings saved in the artifact, so no vocabulary is needed.
 */
public final class TextClassifier implements Classifier<String> {
    /** The model card's {@code kind}. */
    public static final String KIND = "lstm-text-classifier";
    static final String PREPROCESSING_ENTRY = "preprocessing.json";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final ModelCard card;
    private final Preprocessing prep;
    private final Ensemble ensemble;
    private final TextEncoder encoder;

    TextClassifier(ModelCard card, Preprocessing prep, Ensemble ensemble) {
        this.card = card;
        this.prep = prep;
        this.ensemble = ensemble;
        this.encoder = new TextEncoder(prep.config());
        if (ensemble.classes() != prep.classes().size()) {
            throw new IllegalArgumentException("networks give " + ensemble.classes() + " classes, the model names "
                    + prep.classes().size());
        }
    }

    /**
     * What is saved beside the networks.
     *
     * @param config  tokenisation, hashing and network settings
     * @param classes the class names, in output order
     * @param members ensemble size
     */
    record Preprocessing(TextClassifierConfig config, List<String> classes, int members) {
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public List<String> classes() {
        return prep.classes();
    }

    public TextClassifierConfig config() {
        return prep.config();
    }

    /** A model of untrained networks (version 0) for the given classes, to start a stream that learns from its labels. */
    public static TextClassifier untrained(String name, TextClassifierConfig config, List<String> classes) {
        if (classes.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        List<ComputationGraph> members = new ArrayList<>();
        for (int m = 0; m < config.training().members(); m++) {
            members.add(TextNetwork.create(config, config.training().seed() + 1_000L * m, classes.size()));
        }
        ModelCard card = new ModelCard(name, 0, KIND, Instant.now(), List.of(), hyperParameters(config, classes),
                Map.of(), LibraryVersions.current());
        return new TextClassifier(card, new Preprocessing(config, classes, members.size()), new Ensemble(members));
    }

    /** The card's hyper-parameters: tokenisation, hashing and network settings and the class names. */
    static Map<String, Object> hyperParameters(TextClassifierConfig config, List<String> classes) {
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
        return hp;
    }

    Ensemble ensemble() {
        return ensemble;
    }

    /** The texts' features as the network reads them (for the trainer). */
    TextEncoder encoder() {
        return encoder;
    }

    /** Class probabilities, one row per text, in one network call per chunk of texts of similar length. */
    @Override
    public float[][] probabilities(List<String> texts) {
        List<int[]> encoded = new ArrayList<>(texts.size());
        for (String t : texts) {
            encoded.add(encoder.encode(t));
        }
        return BatchPrediction.probabilities(ensemble, encoder, encoded, e -> e.length);
    }

    @Override
    public TextClassifier copy() {
        return new TextClassifier(card, prep, ensemble.copy());
    }

    /** The same model under another card (e.g. a registry-assigned version). */
    public TextClassifier withCard(ModelCard newCard) {
        return new TextClassifier(newCard, prep, ensemble);
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
    public static TextClassifier fromArtifact(ModelArtifact artifact) throws InvalidArtifactException {
        if (!KIND.equals(artifact.card().kind())) {
            throw new InvalidArtifactException("artifact is a '" + artifact.card().kind() + "', not a " + KIND);
        }
        try {
            Preprocessing prep = JSON.readValue(artifact.entry(PREPROCESSING_ENTRY), Preprocessing.class);
            return new TextClassifier(artifact.card(), prep, Ensemble.fromArtifact(artifact, prep.members()));
        } catch (InvalidArtifactException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidArtifactException("incompatible " + KIND + " artifact: " + e.getMessage(), e);
        }
    }
}

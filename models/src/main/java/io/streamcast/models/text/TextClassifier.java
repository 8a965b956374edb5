package io.streamcast.models.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.streamcast.models.artifact.InvalidArtifactException;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.classify.BatchPrediction;
import io.streamcast.models.classify.ClassPrediction;
import io.streamcast.models.classify.Classifier;
import io.streamcast.models.classify.Ensemble;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    @Override
    public ClassPrediction[] predict(List<String> texts) {
        List<int[]> encoded = new ArrayList<>(texts.size());
        for (String t : texts) {
            encoded.add(encoder.encode(t));
        }
        return BatchPrediction.predict(ensemble, encoder, encoded, e -> e.length, prep.classes());
    }

    @Override
    public TextClassifier copy() {
        return new TextClassifier(card, prep, ensemble.copy());
    }

    @Override
    public TextClassifier withCard(ModelCard newCard) {
        return new TextClassifier(newCard, prep, ensemble);
    }

    @Override
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

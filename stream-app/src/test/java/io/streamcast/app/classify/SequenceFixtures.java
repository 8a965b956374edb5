package io.streamcast.app.classify;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamcast.app.classify.sequence.SequencePipeline;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import io.streamcast.models.classify.TrainingSettings;
import io.streamcast.models.sequence.SequenceClassifierConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executor;

/** Labelled sequences of two shapes and different lengths, and a small, fast sequence pipeline for the tests. */
public final class SequenceFixtures {
    public static final List<String> CLASSES = List.of("bump", "ramp");
    /** A small recipe: one network with two narrow convolution blocks and a small LSTM. */
    public static final SequenceClassifierConfig SMALL = SequenceClassifierConfig.defaults()
            .withMaxLength(128).withNetwork(List.of(8, 8), List.of(5, 3), 8, 0.0)
            .withTraining(new TrainingSettings(1, 30, 6, 16, 1e-2, 0.2, 11L));

    private SequenceFixtures() {
    }

    /** Sequence {@code i}: a noisy ramp when {@code i} is even, else one bump; 20 to 80 points at any level and scale. */
    public static double[] values(int i, Random r) {
        int len = 20 + r.nextInt(61);
        double level = r.nextGaussian() * 100;
        double scale = 0.5 + r.nextDouble() * 10;
        int centre = len / 4 + r.nextInt(len / 2);
        double[] s = new double[len];
        for (int t = 0; t < len; t++) {
            double v = i % 2 == 0 ? (double) t / len : Math.exp(-Math.pow((t - centre) / (len / 12.0), 2));
            s[t] = level + scale * (v + 0.05 * r.nextGaussian());
        }
        return s;
    }

    public static String label(int i) {
        return i % 2 == 0 ? "ramp" : "bump";
    }

    /** A {@code sequences} record; the label left out when null. */
    public static String record(String id, double[] values, String label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("values", values);
        if (label != null) {
            m.put("label", label);
        }
        return new String(Json.bytes(m), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A sequence pipeline serving an untrained {@link #SMALL} model (version 0), refitting on {@code executor}. */
    public static ClassifierPipeline<double[]> pipeline(Map<String, Object> settings, Executor executor, MeterRegistry registry) {
        try {
            return SequencePipeline.create(new StreamcastConfig(settings), registry, executor, SMALL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

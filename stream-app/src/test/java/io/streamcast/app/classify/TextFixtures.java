package io.streamcast.app.classify;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamcast.app.classify.text.TextPipeline;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import io.streamcast.models.classify.TrainingSettings;
import io.streamcast.models.text.TextClassifierConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executor;

/** Labelled texts of two kinds and a small, fast text pipeline for the tests. */
public final class TextFixtures {
    public static final List<String> CLASSES = List.of("ham", "spam");
    /** A small recipe: one network, a small hash space, a few epochs at a high learning rate. */
    public static final TextClassifierConfig SMALL = TextClassifierConfig.defaults().withHashing(4096, 3, 5, 6)
            .withNetwork(12, 8, false, 0.0).withTraining(new TrainingSettings(1, 20, 4, 16, 1e-2, 0.2, 5L));
    private static final String[] SPAM = {"win a free prize now", "claim your cash reward today", "urgent you have won £1000",
        "free entry text win to 80086", "call now to claim your prize", "you are selected for a free holiday"};
    private static final String[] HAM = {"see you at lunch", "are we still meeting tomorrow", "ok i will call you later",
        "sorry running late again", "how was your day", "can you pick up some milk"};

    private TextFixtures() {
    }

    /** Text {@code i}: spam when {@code i % 3 == 0}, else ham; one or two phrases, sometimes shouted. */
    public static String text(int i, Random r) {
        String[] pool = i % 3 == 0 ? SPAM : HAM;
        String t = pool[r.nextInt(pool.length)] + (r.nextBoolean() ? " " + pool[r.nextInt(pool.length)] : "");
        return r.nextInt(4) == 0 ? t.toUpperCase() : t;
    }

    public static String label(int i) {
        return i % 3 == 0 ? "spam" : "ham";
    }

    /** A {@code texts} record; the label left out when null. */
    public static String record(String id, String text, String label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("text", text);
        if (label != null) {
            m.put("label", label);
        }
        return new String(Json.bytes(m), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A text pipeline serving an untrained {@link #SMALL} model (version 0), refitting on {@code executor}. */
    public static ClassifierPipeline<String> pipeline(Map<String, Object> settings, Executor executor, MeterRegistry registry) {
        try {
            return TextPipeline.create(new StreamcastConfig(settings), registry, executor, SMALL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

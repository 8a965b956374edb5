package io.streamcast.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamcast.app.classify.ClassifierModelSource;
import io.streamcast.app.classify.ClassifierPipeline;
import io.streamcast.app.classify.InputDecoder;
import io.streamcast.app.config.ClassifierSettings;
import io.streamcast.app.config.SequenceSettings;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.config.TextSettings;
import io.streamcast.app.messages.Json;
import io.streamcast.app.metrics.ClassifierMetrics;
import io.streamcast.app.model.AnomalyModelSource;
import io.streamcast.app.model.FixedModelSource;
import io.streamcast.app.runtime.StreamcastApp;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.classify.Classifier;
import io.streamcast.models.classify.ClassifierTrainer;
import io.streamcast.models.forecast.SeasonalNaiveModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A classification pipeline ({@code images}, {@code texts}, {@code sequences}): input topic → decode and validate →
 * changelogged micro-batch queue → one network call per batch → classes topic, one output per input. The workload
 * cycles through {@code series} distinct unlabelled inputs (a label would add refit work to every round), each record
 * with an id of its own. The model is served fixed (no refits on the stream); the retrain phase runs the refit
 * {@link ClassifierModelSource} runs after {@code refit.interval} labelled inputs, on a small labelled buffer.
 *
 * <p>The kinds differ only in their model, their inputs and how they decode them: see {@link ImageTarget},
 * {@link TextTarget}, {@link SequenceTarget}.
 *
 * @param <X> the decoded input the model reads
 */
abstract class ClassifierTarget<X> implements BenchTarget {
    static final long SEED = 42;
    /** Labelled inputs a retrain refits on: a small buffer, so a refit is a few epochs within the latency round. */
    static final int REFIT_BUFFER = 256;
    /** The classification kinds, all but the measured one disabled. */
    private static final List<ClassifierSettings.Kind> KINDS = List.of(ClassifierSettings.IMAGES, TextSettings.KIND,
            SequenceSettings.KIND);

    /** One generated input: the value of the kind's input field (e.g. base64 PNG, text, values) and its class index. */
    record Example(Object payload, int label) {
    }

    /** Seeded inputs of the kind. */
    @FunctionalInterface
    interface Examples {
        Example next(SplittableRandom random);
    }

    private final String name;
    private final ClassifierSettings.Kind kind;
    final Classifier<X> model;
    private final Classifier<X> rawModel;
    private final InputDecoder<X> decoder;
    private final ClassifierSettings settings;
    private final JsonNode[] rawInputs;
    private final List<X> refitInputs = new ArrayList<>();
    private final int[] refitLabels;
    private final ClassifierWorkload workload;
    final int series;

    /**
     * @param name     the {@code --model} value
     * @param kind     the pipeline
     * @param field    the input record's field the payload goes into
     * @param model    the model to serve
     * @param decoder  the pipeline's decoder, made from {@code config} as the pipeline makes it
     * @param config   the application's settings
     * @param series   distinct inputs the workload cycles through
     * @param examples the kind's inputs
     */
    ClassifierTarget(String name, ClassifierSettings.Kind kind, String field, Classifier<X> model, InputDecoder<X> decoder,
                     StreamcastConfig config, int series, Examples examples) {
        this.name = name;
        this.kind = kind;
        this.model = model;
        this.rawModel = model.copy();
        this.decoder = decoder;
        this.settings = ClassifierSettings.of(kind, config);
        this.series = series;
        SplittableRandom random = new SplittableRandom(SEED);
        List<byte[]> bodies = new ArrayList<>(series);
        for (int i = 0; i < series; i++) {
            bodies.add(Json.bytes(Map.of(field, examples.next(random).payload())));
        }
        this.workload = new ClassifierWorkload(kind.name(), bodies);
        this.rawInputs = new JsonNode[bodies.size()];
        for (int i = 0; i < rawInputs.length; i++) {
            rawInputs[i] = parse(bodies.get(i));
        }
        SplittableRandom labelled = new SplittableRandom(SEED + 1);
        this.refitLabels = new int[REFIT_BUFFER];
        for (int i = 0; i < REFIT_BUFFER; i++) {
            Example e = examples.next(labelled);
            refitInputs.add(decoder.decode(parse(Json.bytes(Map.of(field, e.payload())))));
            refitLabels[i] = e.label() % model.classes().size();
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings that enable the classification pipeline of {@code kind} and no other ({@code null}: none). */
    static void enableOnly(Map<String, Object> settings, ClassifierSettings.Kind kind) {
        for (ClassifierSettings.Kind k : KINDS) {
            settings.put(k.prefix() + ClassifierSettings.ENABLED, k.equals(kind));
        }
    }

    /** A trainer for a refit of at most {@code budget}, as the pipeline makes it. */
    abstract ClassifierTrainer<X> trainer(Duration budget);

    /** The model's shape and inference path, for {@link #describe()}. */
    abstract Map<String, Object> shape();

    @Override
    public String model() {
        return name;
    }

    @Override
    public Map<String, Object> pipelineSettings(String inputTopic, String outputTopic, String deadLetterTopic) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put(kind.inputTopicKey(), inputTopic);
        s.put(kind.outputTopicKey(), outputTopic);
        s.put(StreamcastConfig.DEAD_LETTERS_TOPIC, deadLetterTopic);
        // the prices source and its ordering node stay in the topology: give them an empty topic of the run's own
        s.put(StreamcastConfig.PRICES_TOPIC, inputTopic + "-prices");
        s.put(StreamcastConfig.FORECASTER_ENABLED, false);
        s.put(StreamcastConfig.ANOMALY_ENABLED, false);
        enableOnly(s, kind);
        s.put(kind.prefix() + ClassifierSettings.REFIT_INTERVAL, 0);
        return s;
    }

    @Override
    public StreamcastApp start(StreamcastApp.Settings settings, boolean noOp) throws IOException {
        Classifier<X> served = noOp ? new NoOpClassifier<>(model.classes()) : model;
        return StreamcastApp.start(settings, new FixedModelSource(new SeasonalNaiveModel(2, 1, 1)),
                (c, registry) -> new AnomalyModelSource("anomaly", c, Duration.ZERO, registry),
                (into, config, registry) -> into.add(pipeline(served, config, registry)));
    }

    /** The kind's pipeline as its factory builds it, serving {@code served} fixed. */
    private ClassifierPipeline<X> pipeline(Classifier<X> served, StreamcastConfig config, MeterRegistry registry) {
        ClassifierSettings s = ClassifierSettings.of(kind, config);
        ClassifierTrainer<X> fixed = (start, version, inputs, labels, epochs, provenance) -> {
            throw new UnsupportedOperationException("the bench serves a fixed model");
        };
        ClassifierModelSource<X> models = new ClassifierModelSource<>(served, fixed, ClassifierModelSource.RefitPolicy.never(),
                s.inputTopic());
        ClassifierMetrics metrics = new ClassifierMetrics(registry, kind.name(), () -> models.current().card());
        return new ClassifierPipeline<>(s, decoder, models, metrics);
    }

    @Override
    public Workload workload() {
        return workload;
    }

    @Override
    public int warmUpRecordsPerSeries() {
        return 1; // no per-key state: each distinct input once
    }

    /** Decoding (the payload to the model's input) and the network, a batch per call, as the pipeline runs them. */
    @Override
    public long predict(int batch, int calls) {
        long n = 0;
        int offset = 0;
        for (int c = 0; c < calls; c++) {
            List<X> inputs = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                inputs.add(decoder.decode(rawInputs[(offset + i) % rawInputs.length]));
            }
            rawModel.probabilities(inputs);
            offset = (offset + batch) % rawInputs.length;
            n += batch;
        }
        return n;
    }

    /**
     * One refit as the pipeline runs it after {@code refit.interval} labelled inputs: the buffer (held-back share
     * included) goes through a {@link ClassifierModelSource} whose last labelled input starts the refit, here on the
     * calling thread (the bench's trainer thread); then champion and challenger are scored on the held-back inputs.
     */
    @Override
    public void retrain(Duration budget) {
        ClassifierModelSource<X> source = new ClassifierModelSource<>(model, trainer(budget),
                new ClassifierModelSource.RefitPolicy(REFIT_BUFFER, REFIT_BUFFER, settings.refitEpochs(), settings.refitHoldout()),
                "bench", Runnable::run);
        for (int i = 0; i < REFIT_BUFFER; i++) {
            source.observe(refitInputs.get(i), refitLabels[i]);
        }
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", model.card().name());
        d.put("version", model.card().version());
        d.put("classes", model.classes().size());
        d.putAll(shape());
        d.put("distinct_inputs", series);
        d.put("refit_buffer", REFIT_BUFFER);
        d.put("refit_epochs", settings.refitEpochs());
        return d;
    }

    /**
     * Records of the kind's input topic: {@code {"id":"image-00000042",<field>:…}} keyed by the id, cycling through the
     * distinct payloads, each record an input of its own (no labels) that yields one output.
     */
    static final class ClassifierWorkload implements BenchTarget.Workload {
        private final String prefix;
        private final List<byte[]> bodies;
        private long next;

        ClassifierWorkload(String prefix, List<byte[]> bodies) {
            this.prefix = prefix;
            this.bodies = bodies;
        }

        @Override
        public BenchTarget.Input next() {
            long i = next++;
            String id = String.format("%s-%08d", prefix, i);
            byte[] body = bodies.get((int) (i % bodies.size()));
            byte[] head = ("{\"id\":\"" + id + "\",").getBytes(StandardCharsets.UTF_8);
            byte[] value = new byte[head.length + body.length - 1];
            System.arraycopy(head, 0, value, 0, head.length);
            System.arraycopy(body, 1, value, head.length, body.length - 1); // the body's fields after its '{'
            return new BenchTarget.Input(id, value, 1);
        }
    }

    /**
     * The plumbing's limit: the same classes and a fixed answer (a confident first class, the rest decreasing), no
     * network. The decoding stays: it is part of the topology.
     */
    static final class NoOpClassifier<X> implements Classifier<X> {
        private final ModelCard card = new ModelCard("no-op", 0, "no-op", Instant.EPOCH, List.of(), Map.of(), Map.of(), Map.of());
        private final List<String> classes;
        private final float[] row;

        NoOpClassifier(List<String> classes) {
            this.classes = List.copyOf(classes);
            this.row = new float[classes.size()];
            row[0] = 0.8765432f;
            double rest = 1 - row[0];
            for (int i = 1; i < row.length; i++) {
                rest /= 2;
                row[i] = (float) (i == row.length - 1 ? rest * 2 : rest);
            }
        }

        @Override
        public ModelCard card() {
            return card;
        }

        @Override
        public List<String> classes() {
            return classes;
        }

        @Override
        public float[][] probabilities(List<X> inputs) {
            float[][] out = new float[inputs.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = row.clone();
            }
            return out;
        }

        @Override
        public Classifier<X> copy() {
            return this;
        }
    }
}

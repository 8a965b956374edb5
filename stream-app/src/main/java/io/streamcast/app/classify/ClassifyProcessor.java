package io.streamcast.app.classify;

import io.streamcast.app.messages.ClassificationMessage;
import io.streamcast.app.messages.ClassificationMessage.ClassProbability;
import io.streamcast.app.messages.ErrorCode;
import io.streamcast.app.messages.ForecastMessage;
import io.streamcast.app.messages.Json;
import io.streamcast.app.metrics.ClassifierMetrics;
import io.streamcast.app.metrics.PipelineMetrics;
import io.streamcast.app.topology.FlushControl;
import io.streamcast.app.topology.MicroBatchProcessor;
import io.streamcast.models.classify.Classifier;
import io.streamcast.models.classify.TopClasses;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies the queued inputs a micro-batch at a time, with one model version per batch and one network call per
 * batch. A labelled input is predicted first, then scored against its label (prequential accuracy) and handed to
 * the model source to learn from. A batch call that fails is retried input by input; an input the model fails on,
 * or whose probabilities are not finite, is dead-lettered ({@link ErrorCode#MODEL_FAILURE}).
 *
 * <p>The inputs of all tasks of a stream thread share batches (keyed by the pipeline): one network call for what
 * the thread has waiting, then each task scores and forwards its own.
 */
final class ClassifyProcessor<X> extends MicroBatchProcessor<PendingInput, PendingInput, ClassifyProcessor.Predictions<X>> {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyProcessor.class);
    private final ClassifierPipeline<X> pipeline;
    private final ClassifierMetrics classifierMetrics;
    private final PipelineMetrics metrics;
    private final String outputSink;
    private final int topK;
    private Classifier<X> local;
    private Classifier<X> localOrigin;

    ClassifyProcessor(ClassifierPipeline<X> pipeline, String queueStoreName, int maxBatch, Duration maxWait,
                      FlushControl flushControl, String outputSink, String deadLettersSink) {
        super(queueStoreName, maxBatch, maxWait, flushControl, deadLettersSink);
        this.pipeline = pipeline;
        this.classifierMetrics = pipeline.metrics();
        this.metrics = classifierMetrics.pipeline();
        this.outputSink = outputSink;
        this.topK = Math.min(pipeline.settings().topK(), pipeline.models().classes().size());
    }

    @Override
    protected void initState(ProcessorContext<String, byte[]> context) {
        // the queue is the only state
    }

    @Override
    public void process(Record<String, PendingInput> record) {
        enqueue(record.value(), record.timestamp());
    }

    /**
     * What a batch gave: the model that ran, the decoded inputs (a labelled one is learnt from) and each input's
     * probabilities, null where the model failed on it.
     */
    record Predictions<X>(Classifier<X> model, List<X> inputs, float[][] probabilities) {
    }

    @Override
    protected Object sharedBatchKey() {
        return pipeline;
    }

    @Override
    protected Predictions<X> infer(List<PendingInput> batch) {
        Classifier<X> model = model();
        List<X> inputs = new ArrayList<>(batch.size());
        for (PendingInput p : batch) {
            inputs.add(pipeline.decoder().fromBytes(p.input()));
        }
        long started = System.nanoTime();
        float[][] probabilities = predict(model, inputs);
        metrics.batch(inputs.size(), System.nanoTime() - started);
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i] == null) {
                probabilities[i] = predictOne(model, inputs.get(i));
            }
        }
        return new Predictions<>(model, inputs, probabilities);
    }

    @Override
    protected void emit(List<PendingInput> batch, Predictions<X> predictions, int from) {
        Classifier<X> model = predictions.model();
        ForecastMessage.ModelRef ref = new ForecastMessage.ModelRef(model.card().name(), model.card().version());
        List<String> classes = model.classes();
        long now = context.currentSystemTimeMs();
        int out = 0;
        for (int i = 0; i < batch.size(); i++) {
            PendingInput p = batch.get(i);
            float[] row = predictions.probabilities()[from + i];
            if (row == null || row.length != classes.size() || !isFinite(row)) {
                deadLetter(p.id(), p.source(), p.recordTimestamp(), ErrorCode.MODEL_FAILURE, "model " + ref.name() + " v"
                        + ref.version() + " failed on this input or gave non-finite probabilities", restated(p));
                metrics.deadLettered(ErrorCode.MODEL_FAILURE);
                continue;
            }
            int[] top = TopClasses.of(row, topK);
            List<ClassProbability> topList = new ArrayList<>(top.length);
            for (int c : top) {
                topList.add(new ClassProbability(classes.get(c), round(row[c])));
            }
            String predicted = classes.get(top[0]);
            Boolean correct = null;
            if (p.label() != null) {
                int actual = classes.indexOf(p.label());
                correct = actual == top[0];
                classifierMetrics.scored(ref.version(), correct);
                pipeline.models().observe(predictions.inputs().get(from + i), actual);
            }
            ClassificationMessage m = new ClassificationMessage(p.id(), predicted, round(row[top[0]]), topList, ref,
                    p.label(), correct);
            context.forward(new Record<>(p.id(), Json.bytes(m), p.recordTimestamp()), outputSink);
            metrics.endToEnd(now - p.recordTimestamp());
            out++;
        }
        metrics.recordsOut(out);
    }

    /** The whole batch at once; when that throws, null rows so each input is tried alone. */
    private float[][] predict(Classifier<X> model, List<X> inputs) {
        try {
            float[][] p = model.probabilities(inputs);
            if (p.length == inputs.size()) {
                return p;
            }
            LOG.warn("{} gave {} rows for {} inputs; trying them one by one", model.card().name(), p.length, inputs.size());
        } catch (RuntimeException e) {
            LOG.warn("batch of {} failed in {}; trying its inputs one by one", inputs.size(), model.card().name(), e);
        }
        return new float[inputs.size()][];
    }

    private float[] predictOne(Classifier<X> model, X input) {
        try {
            return model.probabilities(List.of(input))[0];
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean isFinite(float[] row) {
        for (float v : row) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Probabilities to 6 decimals: float noise beyond that is not information. */
    private static double round(float p) {
        return Math.round(p * 1e6) / 1e6;
    }

    private static String restated(PendingInput p) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", p.id());
        if (p.label() != null) {
            m.put("label", p.label());
        }
        return new String(Json.bytes(m), StandardCharsets.UTF_8);
    }

    private Classifier<X> model() {
        Classifier<X> shared = pipeline.models().current();
        if (shared != localOrigin) {
            local = shared.copy();
            localOrigin = shared;
        }
        return local;
    }
}

package io.streamcast.app.classify;

import io.streamcast.app.metrics.ClassifierMetrics;
import io.streamcast.app.metrics.ClassifierMetrics.RefitOutcome;
import io.streamcast.app.model.TrainerThreads;
import io.streamcast.models.artifact.ModelCard.DataRange;
import io.streamcast.models.classify.Classifier;
import io.streamcast.models.classify.ClassifierTrainer;
import io.streamcast.models.classify.TopClasses;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a classification pipeline gets its model, and how the model learns from the stream.
 *
 * <p>Every labelled input, after it was predicted, goes into a bounded buffer of the most recent ones. After every
 * {@code refitInterval} labelled inputs a new version is trained from the serving model on that buffer, on a thread of
 * its own (never a stream thread), with the newest {@code holdout} share of the buffer held back: the new version
 * is served only if it predicts the held-back inputs at least as well as the serving one, and is then swapped in
 * atomically. A batch takes one reference and never mixes versions; each stream thread predicts with its own copy.
 *
 * <p>The buffer lives in memory: after a restart the pipeline serves its starting model again and learns anew.
 *
 * @param <X> the decoded input
 */
public final class ClassifierModelSource<X> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierModelSource.class);

    /** How often and on what the model is refitted. */
    public record RefitPolicy(int interval, int buffer, int epochs, double holdout) {
        public RefitPolicy {
            if (interval < 0 || buffer < 2 || epochs < 1 || !(holdout > 0 && holdout < 1)) {
                throw new IllegalArgumentException("bad refit policy: interval " + interval + ", buffer " + buffer
                        + ", epochs " + epochs + ", holdout " + holdout);
            }
        }

        /** Never refits. */
        public static RefitPolicy never() {
            return new RefitPolicy(0, 2, 1, 0.2);
        }
    }

    private record Labelled<X>(X input, int label) {
    }

    private final String source;
    private final ClassifierTrainer<X> trainer;
    private final RefitPolicy policy;
    private final Executor executor;
    /** The executor this source made and must shut down; null when given one. */
    private final ExecutorService ownExecutor;
    private final Deque<Labelled<X>> buffer = new ArrayDeque<>();
    private final List<String> classes;
    private volatile Classifier<X> current;
    private ClassifierMetrics metrics;
    private long labelled;
    private long labelledAtLastFit;
    private boolean fitting;

    /**
     * @param start   the model served first (a trained artifact, or an untrained network of version 0)
     * @param trainer how to train the next version
     * @param policy  when and on what
     * @param source  where the labelled inputs come from, for the model card (e.g. the input topic)
     */
    public ClassifierModelSource(Classifier<X> start, ClassifierTrainer<X> trainer, RefitPolicy policy, String source) {
        this(start, trainer, policy, source, Executors.newSingleThreadExecutor(
                TrainerThreads.factory("streamcast-" + start.card().name() + "-trainer")), true);
    }

    /**
     * The same, refitting on the given executor: tests pass {@code Runnable::run} so a refit happens at a known
     * point (on the calling thread, which the application itself never does).
     */
    public ClassifierModelSource(Classifier<X> start, ClassifierTrainer<X> trainer, RefitPolicy policy, String source,
                                 Executor executor) {
        this(start, trainer, policy, source, executor, false);
    }

    private ClassifierModelSource(Classifier<X> start, ClassifierTrainer<X> trainer, RefitPolicy policy, String source,
                                  Executor executor, boolean own) {
        this.current = start;
        this.classes = start.classes();
        this.trainer = trainer;
        this.policy = policy;
        this.source = source;
        this.executor = executor;
        this.ownExecutor = own ? (ExecutorService) executor : null;
    }

    /** Where refit outcomes are counted; set once by the pipeline. */
    void bind(ClassifierMetrics m) {
        this.metrics = m;
    }

    /** The model now. Shared: predict with a {@link Classifier#copy()} per thread. */
    public Classifier<X> current() {
        return current;
    }

    /** The classes of every version (fixed for the pipeline's life). */
    public List<String> classes() {
        return classes;
    }

    /** Labelled inputs seen so far. */
    public synchronized long labelledCount() {
        return labelled;
    }

    /** Sees a labelled input after it was predicted, on a stream thread; cheap. */
    public void observe(X input, int label) {
        List<Labelled<X>> snapshot = null;
        long seen;
        synchronized (this) {
            buffer.addLast(new Labelled<>(input, label));
            if (buffer.size() > policy.buffer()) {
                buffer.removeFirst();
            }
            seen = ++labelled;
            if (policy.interval() > 0 && !fitting && labelled - labelledAtLastFit >= policy.interval()) {
                fitting = true;
                labelledAtLastFit = labelled;
                snapshot = new ArrayList<>(buffer);
            }
        }
        if (snapshot != null) {
            List<Labelled<X>> data = snapshot;
            try {
                executor.execute(() -> refit(data, seen));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                synchronized (this) {
                    fitting = false; // closing: no more refits, and no failure on the stream thread
                }
            }
        }
    }

    private void refit(List<Labelled<X>> data, long seen) {
        long started = System.nanoTime();
        RefitOutcome outcome = RefitOutcome.FAILED;
        try {
            Classifier<X> champion = current;
            int held = Math.max(1, (int) Math.round(data.size() * policy.holdout()));
            List<Labelled<X>> train = data.subList(0, data.size() - held);
            List<Labelled<X>> check = data.subList(data.size() - held, data.size());
            if (train.isEmpty()) {
                outcome = RefitOutcome.REJECTED;
                return;
            }
            long version = champion.card().version() + 1;
            List<DataRange> provenance = List.of(new DataRange("stream:" + source + " (labelled inputs)", -1,
                    seen - data.size(), seen - held - 1));
            Classifier<X> challenger = trainer.refit(champion, version, inputs(train), labels(train), policy.epochs(), provenance);
            double before = accuracy(champion.copy(), check);
            double after = accuracy(challenger, check);
            if (after >= before) {
                current = challenger;
                outcome = RefitOutcome.PROMOTED;
                LOG.info("{} v{} promoted: {} of {} held-back labelled inputs right (v{}: {}), trained on {} in {} ms",
                        challenger.card().name(), version, String.format("%.3f", after), check.size(),
                        champion.card().version(), String.format("%.3f", before), train.size(),
                        (System.nanoTime() - started) / 1_000_000);
            } else {
                outcome = RefitOutcome.REJECTED;
                LOG.info("{} v{} rejected: {} on {} held-back labelled inputs, the serving v{} {}", challenger.card().name(),
                        version, String.format("%.3f", after), check.size(), champion.card().version(), String.format("%.3f", before));
            }
        } catch (RuntimeException e) {
            LOG.warn("refit of {} failed; the serving model stays", current.card().name(), e);
        } finally {
            if (metrics != null) {
                metrics.refit(System.nanoTime() - started, outcome);
            }
            synchronized (this) {
                fitting = false;
            }
        }
    }

    private double accuracy(Classifier<X> model, List<Labelled<X>> examples) {
        float[][] p = model.probabilities(inputs(examples));
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            if (TopClasses.argMax(p[i]) == examples.get(i).label()) {
                right++;
            }
        }
        return (double) right / examples.size();
    }

    private static <X> List<X> inputs(List<Labelled<X>> examples) {
        List<X> out = new ArrayList<>(examples.size());
        examples.forEach(e -> out.add(e.input()));
        return out;
    }

    private static <X> int[] labels(List<Labelled<X>> examples) {
        return examples.stream().mapToInt(Labelled::label).toArray();
    }

    /** Whether a refit is running or queued (for tests and status lines). */
    public synchronized boolean fitting() {
        return fitting;
    }

    @Override
    public void close() {
        if (ownExecutor == null) {
            return;
        }
        ownExecutor.shutdownNow();
        try {
            ownExecutor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

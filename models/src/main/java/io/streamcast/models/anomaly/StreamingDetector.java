package io.streamcast.models.anomaly;

import io.streamcast.models.artifact.ModelCard.DataRange;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One series through the whole detector life cycle, synchronously: warm-up, a first fit, then scoring with
 * refits at {@link AnomalyConfig#nextFitAt} on the series' recent points, leaving out those kept out of training.
 * For evaluation and tools (each file a series, a fresh detector per file); a stream uses {@link SeriesState},
 * {@link AnomalyModel} and {@link AnomalyTrainer} directly and trains off its own thread.
 *
 * <p>Scores are 0 (and {@link AnomalyScore#warmingUp()} true) for the first {@code warmup} points, which train
 * the first model, and for the next {@code calibrationPoints}, whose errors become the first calibration history.
 * 0 rather than 0.5 because nothing is known yet, and a 0 can never cross a threshold.
 *
 * <p>Causal: the fit that falls due at a point runs after that point is scored, so the score of a point depends
 * on it and the points before it only.
 */
public final class StreamingDetector {
    /** The model name on the cards of the models a detector fits. */
    public static final String MODEL_NAME = "anomaly";

    /** Builds the next model from the series' training segments; the trainer by default, a spy in tests. */
    @FunctionalInterface
    public interface Fitter {
        AnomalyModel fit(Optional<AnomalyModel> previous, List<double[]> segments, List<DataRange> provenance);

        /** Trains from scratch the first time and refits the previous model after that. */
        static Fitter of(AnomalyTrainer trainer) {
            return (previous, segments, provenance) -> previous
                    .map(p -> trainer.refit(p, p.card().version() + 1, segments, provenance))
                    .orElseGet(() -> trainer.train(MODEL_NAME, 1, segments, provenance));
        }
    }

    private final AnomalyConfig config;
    private final Fitter fitter;
    private final SeriesState state;
    private AnomalyModel model;
    private long nextFit;
    private int fits;
    private long fitNanos;

    public StreamingDetector(AnomalyConfig config) {
        this(config, Fitter.of(new AnomalyTrainer(config)));
    }

    public StreamingDetector(AnomalyConfig config, Fitter fitter) {
        this.config = config;
        this.fitter = fitter;
        this.state = new SeriesState(config);
        this.nextFit = config.warmup();
    }

    /** Scores the next point. */
    public AnomalyScore next(double value) {
        return next(new double[] {value})[0];
    }

    /**
     * Scores the next points in order as {@link #next(double)} one by one would, but with one network call per
     * stretch between fits instead of one per point (ten times the rows per second). The errors agree to about
     * 1e-7 relative: a batched matrix product rounds differently from a one-row one.
     */
    public AnomalyScore[] next(double[] points) {
        AnomalyScore[] scores = new AnomalyScore[points.length];
        int w = config.window();
        int from = 0;
        while (from < points.length) {
            int to = (int) Math.min(points.length, from + (nextFit - state.count()));
            double[] errors = model == null ? null : errorsOf(points, from, to, w);
            for (int i = from; i < to; i++) {
                state.add(points[i]);
                scores[i] = model == null ? AnomalyScore.WARMING_UP : state.score(errors[i - from]);
            }
            if (state.count() == nextFit) {
                fit();
            }
            from = to;
        }
        return scores;
    }

    /**
     * The reconstruction errors of the windows ending at points {@code from … to - 1}, in one call: no fit and no
     * normaliser refit falls inside the stretch, so these are the windows {@link SeriesState#latestWindow()} gives.
     */
    private double[] errorsOf(double[] points, int from, int to, int w) {
        double[] before = state.recentValues(w - 1);
        double[] joined = new double[before.length + to - from];
        System.arraycopy(before, 0, joined, 0, before.length);
        System.arraycopy(points, from, joined, before.length, to - from);
        double[] normalised = state.normalise(joined);
        double[][] windows = new double[to - from][];
        for (int i = 0; i < windows.length; i++) {
            int end = before.length + i + 1;
            windows[i] = Arrays.copyOfRange(normalised, end - w, end);
        }
        return model.reconstructionErrors(windows);
    }

    private void fit() {
        long started = System.nanoTime();
        List<double[]> segments = state.trainingSegments();
        if (!segments.isEmpty()) {
            long kept = Math.min(state.count(), config.trainingPoints());
            List<DataRange> provenance = List.of(DataRange.ofFile("stream", state.count() - kept, state.count() - 1));
            model = fitter.fit(Optional.ofNullable(model), segments, provenance);
            fits++;
        }
        nextFit = config.nextFitAt(state.count());
        fitNanos += System.nanoTime() - started;
    }

    public SeriesState state() {
        return state;
    }

    /** The model scoring now; empty during the warm-up. */
    public Optional<AnomalyModel> model() {
        return Optional.ofNullable(model);
    }

    /** Fits so far, the first one included. */
    public int fits() {
        return fits;
    }

    /** Time spent fitting so far, in seconds. */
    public double fitSeconds() {
        return fitNanos / 1e9;
    }
}

package io.streamcast.models.eval;

import io.streamcast.models.classify.ClassPrediction;
import io.streamcast.models.classify.Classifier;
import io.streamcast.models.classify.LabelledExamples;
import java.util.List;

/** Runs labelled examples through a classifier's own batched {@code predict} and scores the answers. */
public final class ClassifierEvaluation {
    private ClassifierEvaluation() {
    }

    /**
     * @param metrics        the scores
     * @param predictSeconds time spent in {@code predict}
     */
    public record Result(ClassificationMetrics metrics, double predictSeconds) {
    }

    /** @throws IllegalArgumentException when an example's label is not one of the model's classes */
    public static <X> Result evaluate(Classifier<X> model, LabelledExamples<X> test) {
        List<String> classes = model.classes();
        int[] truth = test.indices(classes);
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0) {
                throw new IllegalArgumentException("line " + test.lines().get(i) + ": label '" + test.labels().get(i)
                        + "' is not a class of the model " + classes);
            }
        }
        long started = System.nanoTime();
        ClassPrediction[] predictions = model.predict(test.examples());
        double seconds = (System.nanoTime() - started) / 1e9;
        int[] predicted = new int[predictions.length];
        for (int i = 0; i < predictions.length; i++) {
            predicted[i] = predictions[i].index();
        }
        return new Result(ClassificationMetrics.of(classes, truth, predicted), seconds);
    }
}

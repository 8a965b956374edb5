package io.streamcast.models.eval;

import io.streamcast.models.classify.Classifier;
import io.streamcast.models.classify.LabelledExamples;
import io.streamcast.models.classify.TopClasses;

/** Runs labelled examples through a classifier's own batched {@code probabilities} and counts the answers. */
public final class ClassifierEvaluation {
    private ClassifierEvaluation() {
    }

    /**
     * @param confusion      actual against predicted class
     * @param predictSeconds time spent predicting
     */
    public record Result(ConfusionMatrix confusion, double predictSeconds) {
    }

    /** @throws IllegalArgumentException when an example's label is not one of the model's classes */
    public static <X> Result evaluate(Classifier<X> model, LabelledExamples<X> test) {
        int[] truth = test.indices(model.classes());
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0) {
                throw new IllegalArgumentException("line " + test.lines().get(i) + ": label '" + test.labels().get(i)
                        + "' is not a class of the model " + model.classes());
            }
        }
        long started = System.nanoTime();
        float[][] p = model.probabilities(test.examples());
        double seconds = (System.nanoTime() - started) / 1e9;
        ConfusionMatrix cm = new ConfusionMatrix(model.classes());
        for (int i = 0; i < p.length; i++) {
            cm.add(truth[i], TopClasses.argMax(p[i]));
        }
        return new Result(cm, seconds);
    }
}
